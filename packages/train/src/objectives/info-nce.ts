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
  const [firstFactor, secondFactor] = gradientFactors(config, rowSoftmax, columnSoftmax, scale);

  // d/dz1 = F1 z2 and d/dz2 = F2^T z1; a missing factor means that side receives no gradient
  // (stop-gradient in the one-directional loss).
  const firstGradient = tf.matMul(firstFactor, second);
  const secondGradient = secondFactor
    ? tf.matMul(tf.transpose(secondFactor), first)
    : tf.zerosLike(second);
  const stackedGradient = tf.concat([firstGradient, secondGradient], 0) as tf.Tensor2D;

  return {
    loss: wantsLoss ? infoNceLoss(logits, first, second, config) : undefined,
    outputGradient: normalised.backward(stackedGradient),
  };
}

/**
 * The matrices whose products with the other view give each side's gradient, already scaled:
 * `(R - I)` per direction that reaches the side, `(R + C - 2I)` when both do (symmetric without
 * stop-gradient, where both sides share one factor).
 */
function gradientFactors(
  config: InfoNceConfig,
  rows: tf.Tensor2D,
  columns: tf.Tensor2D | undefined,
  scale: number,
): [tf.Tensor2D, tf.Tensor2D | undefined] {
  const batchSize = rows.shape[0];
  const residual = (softmax: tf.Tensor2D, numIdentities: number) =>
    tf.mul(tf.sub(softmax, scaledIdentity(batchSize, numIdentities)), scale) as tf.Tensor2D;

  if (!columns) {
    const factor = residual(rows, 1);
    return [factor, config.stopGradient ? undefined : factor];
  }
  if (config.stopGradient) return [residual(rows, 1), residual(columns, 1)];
  const shared = residual(tf.add(rows, columns) as tf.Tensor2D, 2);
  return [shared, shared];
}

const identityCache = new Map<string, tf.Tensor2D>();

/**
 * `multiple * I`, made once per size and kept: building it each step would cost an op.
 * Limitation: kept tensors belong to the backend active when they were made; a thread that
 * switches backends after training must not call this again.
 */
function scaledIdentity(size: number, multiple: number): tf.Tensor2D {
  const key = `${size}x${multiple}`;
  let identity = identityCache.get(key);
  if (!identity) {
    identity = tf.keep(tf.mul(tf.eye(size), multiple) as tf.Tensor2D);
    identityCache.set(key, identity);
  }
  return identity;
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
