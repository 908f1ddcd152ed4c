/** Weight matrices as the one-layer families keep them: neurons as unit-norm rows. */
import type { DenseMatrix, Random } from '@phasegrid/core';
import * as tf from '@tensorflow/tfjs';

/** `width` Gaussian rows of length `dim`, each rescaled to unit norm. */
export function randomUnitRows(rng: Random, width: number, dim: number): tf.Tensor2D {
  const values = rng.fillNormal(new Float32Array(width * dim));
  for (let i = 0; i < width; i++) {
    const row = values.subarray(i * dim, (i + 1) * dim);
    const norm = Math.hypot(...row);
    for (let k = 0; k < dim; k++) row[k]! /= norm;
  }
  return tf.tensor2d(values, [width, dim]);
}

/** The rows rescaled to unit norm; disposes `weights`. */
export function normaliseRows(weights: tf.Tensor2D): tf.Tensor2D {
  const normalised = tf.tidy(() =>
    tf.div(weights, tf.sqrt(tf.add(tf.sum(tf.square(weights), 1, true), 1e-24))) as tf.Tensor2D);
  weights.dispose();
  return normalised;
}

/** A copy of a 2-D tensor's values as a plain row-major matrix. */
export function toDenseMatrix(tensor: tf.Tensor2D): DenseMatrix {
  const [rows, cols] = tensor.shape;
  return { rows, cols, data: tensor.dataSync() as Float32Array };
}
