/**
 * InfoNCE over in-batch negatives, with its gradient written by hand.
 *
 * For outputs `h1`, `h2` (`batch x width`) of the two views, `z = h / |h|` (cosine similarity)
 * or `z = h` (inner product), logits `S = z1 z2^T / tau`, and the loss is the cross-entropy of
 * each row of S against its diagonal; the symmetric form averages that with the same for the
 * columns. With stop-gradient, each direction treats the other view's outputs as constants,
 * as in `<f(x+), stopgrad f(x++)>`.
 */
import * as tf from '@tensorflow/tfjs';
import type { InfoNceConfig } from './info-nce-config.ts';

/** The loss (when asked for) and its gradient with respect to the stacked outputs. */
export interface InfoNceResult {
  readonly loss?: tf.Scalar;
  /** Gradient with respect to `outputs`, same shape. */
  readonly outputGradient: tf.Tensor2D;
}

const NORM_EPSILON = 1e-12;

/**
 * Evaluates InfoNCE and its gradient; call inside `tf.tidy`. `outputs` stacks both views'
 * outputs (`2 batch x width`): rows `[0, batch)` are the first view, the rest the second.
 * Every op here counts: on small batches the cost is per op, not per flop, so both views are
 * normalised together and `softmax - I` is folded into `softmax z2 - z2` without an identity.
 */
export function infoNce(config: InfoNceConfig, outputs: tf.Tensor2D, wantsLoss: boolean):
  InfoNceResult {
  const batchSize = outputs.shape[0] / 2;
  const normalised = normalise(config, outputs);
  const [first, second] = tf.split(normalised.z, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
  const logits = tf.mul(tf.matMul(first, tf.transpose(second)), 1 / config.temperature) as
    tf.Tensor2D;

  // With R = softmax over rows of the logits and C = softmax over columns, the row-wise term's
  // gradient with respect to the logits is (R - I) / batch and the column-wise term's (C - I).
  const rowSoftmax = tf.softmax(logits) as tf.Tensor2D;
  const columnSoftmax = config.symmetric
    ? tf.transpose(tf.softmax(tf.transpose(logits))) as tf.Tensor2D
    : undefined;
  const scale = 1 / ((config.symmetric ? 2 : 1) * batchSize * config.temperature);
  const [firstFactor, secondFactor, identityWeight] = gradientFactors(config, rowSoftmax,
    columnSoftmax);

  // d/dz1 = scale (F1 - w I) z2 and d/dz2 = scale (F2 - w I)^T z1, with F1, F2 and w from
  // gradientFactors; a zero factor means that side receives no gradient (stop-gradient).
  const firstGradient = sideGradient(firstFactor, second, identityWeight, scale, false);
  const secondGradient = sideGradient(secondFactor, first, identityWeight, scale, true);
  const stackedGradient = tf.concat([firstGradient, secondGradient], 0) as tf.Tensor2D;

  return {
    loss: wantsLoss ? infoNceLoss(logits, first, second, config) : undefined,
    outputGradient: normalised.backward(stackedGradient),
  };
}

type Factor = tf.Tensor2D | undefined;

/**
 * The matrices whose products with the other view give each side's gradient, and how many
 * identity matrices each contains (1 per direction that reaches that side).
 */
function gradientFactors(config: InfoNceConfig, rows: tf.Tensor2D, columns: Factor):
  [Factor, Factor, number] {
  if (!columns) return [rows, config.stopGradient ? undefined : rows, 1];
  if (config.stopGradient) return [rows, columns, 1];
  const both = tf.add(rows, columns) as tf.Tensor2D;
  return [both, both, 2];
}

function sideGradient(
  factor: Factor,
  other: tf.Tensor2D,
  identityWeight: number,
  scale: number,
  isTransposed: boolean,
): tf.Tensor2D {
  if (!factor) return tf.zerosLike(other);
  const product = tf.matMul(isTransposed ? tf.transpose(factor) : factor, other);
  return tf.mul(tf.sub(product, tf.mul(other, identityWeight)), scale);
}

function infoNceLoss(
  logits: tf.Tensor2D,
  first: tf.Tensor2D,
  second: tf.Tensor2D,
  config: InfoNceConfig,
): tf.Scalar {
  const diagonal = tf.mul(tf.sum(tf.mul(first, second), 1), 1 / config.temperature);
  const rowLoss = tf.mean(tf.sub(tf.logSumExp(logits, 1), diagonal)) as tf.Scalar;
  if (!config.symmetric) return rowLoss;
  const columnLoss = tf.mean(tf.sub(tf.logSumExp(logits, 0), diagonal));
  return tf.mul(tf.add(rowLoss, columnLoss), 0.5) as tf.Scalar;
}

interface Normalised {
  readonly z: tf.Tensor2D;
  backward(gradient: tf.Tensor2D): tf.Tensor2D;
}

function normalise(config: InfoNceConfig, h: tf.Tensor2D): Normalised {
  if (config.similarity === 'inner') return { z: h, backward: (gradient) => gradient };

  const norms = tf.sqrt(tf.add(tf.sum(tf.square(h), 1, true), NORM_EPSILON));
  const z = tf.div(h, norms) as tf.Tensor2D;
  return {
    z,
    // d(h/|h|) applied to g: (g - z <g, z>) / |h|
    backward: (gradient) =>
      tf.div(tf.sub(gradient, tf.mul(z, tf.sum(tf.mul(gradient, z), 1, true))), norms),
  };
}
