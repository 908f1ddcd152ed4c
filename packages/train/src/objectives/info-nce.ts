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

/** The loss (when asked for) and its gradients with respect to both views' outputs. */
export interface InfoNceResult {
  readonly loss?: tf.Scalar;
  readonly firstGradient: tf.Tensor2D;
  readonly secondGradient: tf.Tensor2D;
}

const NORM_EPSILON = 1e-12;

/** Evaluates InfoNCE and its gradients; call inside `tf.tidy`. */
export function infoNce(
  config: InfoNceConfig,
  first: tf.Tensor2D,
  second: tf.Tensor2D,
  wantsLoss: boolean,
): InfoNceResult {
  const batchSize = first.shape[0];
  const firstNorm = normalise(config, first);
  const secondNorm = normalise(config, second);
  const logits = tf.mul(tf.matMul(firstNorm.z, tf.transpose(secondNorm.z)), 1 / config.temperature);
  const identity = tf.eye(batchSize);

  // dLoss/dLogits for the row-wise term is (softmax over rows - I) / batch; for the
  // column-wise term the same with softmax over columns.
  const rowResidual = tf.sub(tf.softmax(logits), identity);
  const directions = config.symmetric ? 2 : 1;
  const scale = 1 / (directions * batchSize * config.temperature);
  let firstGradient: tf.Tensor2D;
  let secondGradient: tf.Tensor2D;

  if (config.symmetric) {
    const columnResidual = tf.sub(tf.transpose(tf.softmax(tf.transpose(logits))), identity);
    const firstFactor = config.stopGradient ? rowResidual : tf.add(rowResidual, columnResidual);
    const secondFactor = config.stopGradient ? columnResidual : tf.add(rowResidual, columnResidual);
    firstGradient = tf.mul(tf.matMul(firstFactor, secondNorm.z), scale);
    secondGradient = tf.mul(tf.matMul(tf.transpose(secondFactor), firstNorm.z), scale);
  } else {
    firstGradient = tf.mul(tf.matMul(rowResidual, secondNorm.z), scale);
    secondGradient = config.stopGradient
      ? tf.zerosLike(second)
      : tf.mul(tf.matMul(tf.transpose(rowResidual), firstNorm.z), scale);
  }

  return {
    loss: wantsLoss ? infoNceLoss(logits, identity, config.symmetric) : undefined,
    firstGradient: firstNorm.backward(firstGradient),
    secondGradient: secondNorm.backward(secondGradient),
  };
}

function infoNceLoss(logits: tf.Tensor2D, identity: tf.Tensor2D, isSymmetric: boolean): tf.Scalar {
  const diagonal = tf.sum(tf.mul(logits, identity), 1);
  const rowLoss = tf.mean(tf.sub(tf.logSumExp(logits, 1), diagonal));
  if (!isSymmetric) return rowLoss;
  const columnLoss = tf.mean(tf.sub(tf.logSumExp(logits, 0), diagonal));
  return tf.mul(tf.add(rowLoss, columnLoss), 0.5);
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
