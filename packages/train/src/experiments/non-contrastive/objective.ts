/**
 * The BYOL/SimSiam objective of the linear model, with hand-written gradients (checked against
 * finite differences in `objective.test.ts`). Each direction predicts one view's target from
 * the other view's online output; the loss is the mean of the two directions.
 *
 * - `squared`: `1/2 |W_p W x_a - W_a x_b|^2` per sample. It depends on the batch only through
 *   the second moments of the views, so it is computed from those (d^3 work instead of B d^2).
 * - `cosine`: `-cos(W_p W x_a, W_a x_b)` per sample.
 *
 * With `isTargetTrained` the target is the online encoder itself and its gradient flows (the
 * "no stop-gradient" control); otherwise the target is a constant for this step.
 */
import {
  addScaled, copy, innerProduct, multiply, transpose, zeros, type Mat,
} from './matrix.ts';

export interface LinearWeights {
  /** W, output x input. */
  readonly online: Mat;
  /** W_p, output x output. */
  readonly predictor: Mat;
  /** W_a, output x input: an EMA of W, or W itself. */
  readonly target: Mat;
}

/** A batch of the two views, row-major `batchSize x dim` each. */
export interface ViewBatch {
  readonly first: Float64Array;
  readonly second: Float64Array;
  readonly batchSize: number;
  readonly dim: number;
}

export interface ObjectiveGradient {
  readonly loss: number;
  /** d loss / d W, including the target's path when the target is trained. */
  readonly online: Mat;
  readonly predictor: Mat;
}

export type LossKind = 'squared' | 'cosine';

/** The views' second moments `E[x_a x_b^T]`: `firstFirst`, `secondSecond`, `firstSecond`. */
export interface ViewMoments {
  readonly firstFirst: Mat;
  readonly secondSecond: Mat;
  readonly firstSecond: Mat;
}

export function viewMoments(views: ViewBatch): ViewMoments {
  const { first, second, batchSize, dim } = views;
  const firstFirst = zeros(dim, dim);
  const secondSecond = zeros(dim, dim);
  const firstSecond = zeros(dim, dim);
  for (let n = 0; n < batchSize; n++) {
    const row = n * dim;
    for (let i = 0; i < dim; i++) {
      const ai = first[row + i]!;
      const bi = second[row + i]!;
      for (let j = 0; j < dim; j++) {
        firstFirst.data[i * dim + j]! += ai * first[row + j]!;
        secondSecond.data[i * dim + j]! += bi * second[row + j]!;
        firstSecond.data[i * dim + j]! += ai * second[row + j]!;
      }
    }
  }
  for (const moment of [firstFirst, secondSecond, firstSecond]) {
    for (let i = 0; i < moment.data.length; i++) moment.data[i]! /= batchSize;
  }
  return { firstFirst, secondSecond, firstSecond };
}

/** The symmetrised objective and its gradients for one batch. */
export function objectiveGradient(
  kind: LossKind,
  weights: LinearWeights,
  views: ViewBatch,
  isTargetTrained: boolean,
): ObjectiveGradient {
  if (kind === 'squared') {
    return squaredFromMoments(weights, viewMoments(views), isTargetTrained);
  }
  return cosineGradient(weights, views, isTargetTrained);
}

/**
 * The squared-error objective from the views' moments. Summed over both directions, the loss
 * needs only `S = M11 + M22` and `T = M12 + M21`:
 * `loss = 1/4 <P S, P> - 1/2 <P T, W_a> + 1/4 <W_a S, W_a>` with `P = W_p W`, so
 * `d loss / d P = 1/2 (P S - W_a T)` and, for a trained target, `1/2 (W_a S - P T)`.
 */
export function squaredFromMoments(
  weights: LinearWeights,
  moments: ViewMoments,
  isTargetTrained: boolean,
): ObjectiveGradient {
  const { online, predictor, target } = weights;
  const sum = addScaled(copy(moments.firstFirst), moments.secondSecond, 1);
  const cross = addScaled(copy(moments.firstSecond), transpose(moments.firstSecond), 1);
  const combined = multiply(predictor, online);

  const predicted = multiply(combined, sum);
  const crossed = multiply(combined, cross);
  const targetMoment = multiply(target, sum);
  const loss = 0.25 * innerProduct(predicted, combined) - 0.5 * innerProduct(crossed, target)
    + 0.25 * innerProduct(targetMoment, target);

  const residual = addScaled(predicted, multiply(target, cross), -1);
  for (let i = 0; i < residual.data.length; i++) residual.data[i]! *= 0.5;
  const predictorGradient = multiply(residual, online, false, true);
  const onlineGradient = multiply(predictor, residual, true);
  if (isTargetTrained) addScaled(onlineGradient, addScaled(targetMoment, crossed, -1), 0.5);
  return { loss, online: onlineGradient, predictor: predictorGradient };
}

/** Guards the norms of collapsed outputs, where the cosine is undefined. */
const NORM_FLOOR = 1e-12;

/**
 * The negative-cosine objective (no closed form in the moments): the batch's outputs as
 * matrices, then the per-sample cosine gradients `g_q`, `g_z`, then their outer products.
 */
function cosineGradient(
  weights: LinearWeights,
  views: ViewBatch,
  isTargetTrained: boolean,
): ObjectiveGradient {
  const { online, predictor, target } = weights;
  const { batchSize, dim } = views;
  const onlineGradient = zeros(online.rows, dim);
  const predictorGradient = zeros(predictor.rows, predictor.cols);
  const scale = 1 / (2 * batchSize);
  const first: Mat = { rows: batchSize, cols: dim, data: views.first };
  const second: Mat = { rows: batchSize, cols: dim, data: views.second };
  let loss = 0;

  for (const [inputs, targets] of [[first, second], [second, first]] as const) {
    const hidden = multiply(inputs, online, false, true);
    const predicted = multiply(hidden, predictor, false, true);
    const aimed = multiply(targets, target, false, true);
    const predictedGradient = zeros(batchSize, online.rows);
    const aimedGradient = zeros(batchSize, online.rows);
    for (let n = 0; n < batchSize; n++) {
      loss -= scale * cosineRowGradient(predicted.data, aimed.data, n * online.rows, online.rows,
        scale, predictedGradient.data, aimedGradient.data);
    }
    addScaled(predictorGradient, multiply(predictedGradient, hidden, true), 1);
    const inputGradient = multiply(predictedGradient, inputs, true);
    addScaled(onlineGradient, multiply(predictor, inputGradient, true), 1);
    if (isTargetTrained) addScaled(onlineGradient, multiply(aimedGradient, targets, true), 1);
  }
  return { loss, online: onlineGradient, predictor: predictorGradient };
}

/**
 * The cosine of one row pair `q`, `z`, writing `scale d(-cos)/dq = -(z - cos q) / |q|` and
 * `scale d(-cos)/dz = -(q - cos z) / |z|` (unit q, z) into the gradient rows.
 */
function cosineRowGradient(
  predicted: Float64Array,
  aimed: Float64Array,
  offset: number,
  size: number,
  scale: number,
  predictedGradient: Float64Array,
  aimedGradient: Float64Array,
): number {
  let [qq, zz, qz] = [0, 0, 0];
  for (let i = offset; i < offset + size; i++) {
    qq += predicted[i]! * predicted[i]!;
    zz += aimed[i]! * aimed[i]!;
    qz += predicted[i]! * aimed[i]!;
  }
  const qNorm = Math.max(Math.sqrt(qq), NORM_FLOOR);
  const zNorm = Math.max(Math.sqrt(zz), NORM_FLOOR);
  const cosine = qz / (qNorm * zNorm);
  for (let i = offset; i < offset + size; i++) {
    const q = predicted[i]! / qNorm;
    const z = aimed[i]! / zNorm;
    predictedGradient[i] = (-(z - cosine * q) / qNorm) * scale;
    aimedGradient[i] = (-(q - cosine * z) / zNorm) * scale;
  }
  return cosine;
}
