/** What a trained symmetric-ReLU layer computes for held-out samples, as a plain matrix. */
import type { DenseMatrix } from '@phasegrid/core';
import { encodeSymmetricRelu } from '@phasegrid/core/nn';
import * as tf from '@tensorflow/tfjs';

/**
 * The encoder's outputs for `x` (`numSamples x dim`, row-major), with thresholds from this
 * set of samples, as probes are fitted and scored on them.
 */
export function symmetricReluFeatures(
  weights: tf.Tensor2D,
  x: Float32Array,
  thresholdScale: number,
): DenseMatrix {
  const [width, dim] = weights.shape;
  const numSamples = x.length / dim;
  const output = tf.tidy(() => {
    const inputs = tf.tensor2d(x, [numSamples, dim]);
    return encodeSymmetricRelu(inputs, tf.transpose(weights), thresholdScale, 1).output;
  });
  const data = output.dataSync() as Float32Array;
  output.dispose();
  return { rows: numSamples, cols: width, data };
}
