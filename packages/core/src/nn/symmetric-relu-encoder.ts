/**
 * The one-hidden-layer encoder of Wen & Li (2021) with a thresholded symmetric ReLU:
 * `h_i(x) = relu(<w_i,x> - b_i) - relu(-<w_i,x> - b_i)`.
 *
 * The threshold is not trained: `b_i = thresholdScale * std over the group of <w_i, x>`,
 * recomputed for every group of rows (one view of one batch) and never differentiated
 * through. Forward and backward passes are written by hand: the stock matMul gradient uses
 * transposed matMuls, which are many times slower on the wasm backend.
 */
import * as tf from '@tensorflow/tfjs';

/** What the backward pass needs from the forward pass. */
export interface EncoderForward {
  /** Outputs, `rows x width`. */
  readonly output: tf.Tensor2D;
  /** 1 where a unit passed its threshold, else 0; `rows x width`. */
  readonly activeMask: tf.Tensor2D;
  /** The thresholds used, `numGroups x 1 x width`. */
  readonly thresholds: tf.Tensor3D;
}

/**
 * Forward pass for `inputs` (`rows x dim`) through `weightsT` (`dim x width`, the transposed
 * weight matrix). Rows are split into `numGroups` equal groups, each with its own thresholds.
 * Pass `fixedThresholds` to reuse thresholds (finite-difference checks hold them fixed).
 */
export function encodeSymmetricRelu(
  inputs: tf.Tensor2D,
  weightsT: tf.Tensor2D,
  thresholdScale: number,
  numGroups: number,
  fixedThresholds?: tf.Tensor3D,
): EncoderForward {
  const [rows] = inputs.shape;
  const width = weightsT.shape[1];
  if (rows % numGroups !== 0) {
    throw new RangeError(`encodeSymmetricRelu: ${rows} rows do not split into ${numGroups} groups`);
  }
  const pre = tf.matMul(inputs, weightsT)
    .reshape([numGroups, rows / numGroups, width]) as tf.Tensor3D;
  const thresholds = fixedThresholds ?? tf.mul(groupStd(pre), thresholdScale);

  // relu(p - b) - relu(-p - b) == sign(p) relu(|p| - b) for b >= 0. Written with unary ops and
  // broadcast subtraction only: broadcast minimum, maximum and greater are about 100x slower
  // than these on the wasm backend.
  const excess = tf.sub(tf.abs(pre), thresholds);
  const output = tf.mul(tf.sign(pre), tf.relu(excess)).reshape([rows, width]) as tf.Tensor2D;
  const activeMask = tf.step(excess).reshape([rows, width]) as tf.Tensor2D;
  return { output, activeMask, thresholds: thresholds as tf.Tensor3D };
}

/**
 * Gradient of a loss with respect to the weights (`width x dim`), given its gradient with
 * respect to the encoder's outputs. The thresholds are treated as constants.
 */
export function symmetricReluWeightGradient(
  inputs: tf.Tensor2D,
  forward: EncoderForward,
  outputGradient: tf.Tensor2D,
): tf.Tensor2D {
  const preGradient = tf.mul(outputGradient, forward.activeMask);
  return tf.matMul(tf.transpose(preGradient), inputs);
}

/** Standard deviation over axis 1 (population form), kept as `groups x 1 x width`. */
function groupStd(pre: tf.Tensor3D): tf.Tensor3D {
  const centred = tf.sub(pre, tf.mean(pre, 1, true));
  return tf.sqrt(tf.mean(tf.square(centred), 1, true)) as tf.Tensor3D;
}
