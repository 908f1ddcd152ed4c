/**
 * InfoNCE for the identifiability family, with its gradient written by hand.
 *
 * Outputs `A` (anchors) and `P` (positives), `batch x dim`. Similarity `s(a, b)` is `<a, b>`
 * on normalised outputs (`dot`) or `-|a - b|^2` (`distance`), divided by `tau`.
 * - `anchors`: row i of the logits is `[s(a_i, p_i), s(a_i, a_1), ..., s(a_i, a_B)]`, class 0.
 *   The self term `s(a_i, a_i)` is a constant (1/tau or 0) no smaller than the positive's
 *   logit, so every row's loss is at least log 2 however the outputs are scaled.
 * - `positives`: row i is `[s(a_i, p_1), ..., s(a_i, p_B)]`, class i (the textbook form).
 * The loss is the mean over rows of the cross-entropy.
 *
 * Limitation: in the `anchors` form the self term weighs `exp(1/tau)` in every row's
 * normaliser. At tau = 1 that is negligible (about 0.5% of the normaliser at the true latents
 * for kappa = 1, batch 512), but at tau = 0.1 it is about 47% (kappa = 10), and the true latents
 * no longer minimise the finite-batch loss: a trained encoder reached 4.26 where the true
 * latents score 4.49. Use `positives` (safe with dot logits, whose outputs are normalised) to
 * compare.
 */
import * as tf from '@tensorflow/tfjs';
import type { IdentifiabilityObjective } from './definition.ts';

/** The loss (when asked for) and its gradient with respect to the stacked outputs. */
export interface ObjectiveResult {
  readonly loss?: tf.Scalar;
  readonly outputGradient: tf.Tensor2D;
}

const NORM_EPSILON = 1e-12;

/**
 * Evaluates the loss and its gradient; call inside `tf.tidy`. `outputs` stacks anchors (rows
 * `[0, batch)`) over positives. `temperature` is the resolved tau.
 */
export function contrastiveObjective(
  objective: IdentifiabilityObjective,
  temperature: number,
  outputs: tf.Tensor2D,
  wantsLoss: boolean,
): ObjectiveResult {
  const batchSize = outputs.shape[0] / 2;
  const isDot = objective.logits === 'dot';
  const normalised = isDot ? normaliseRows(outputs) : undefined;
  const [anchors, positives] =
    tf.split(normalised?.z ?? outputs, 2, 0) as [tf.Tensor2D, tf.Tensor2D];

  const result = objective.negatives === 'anchors'
    ? anchorsForm(anchors, positives, isDot, temperature, batchSize, wantsLoss)
    : positivesForm(anchors, positives, isDot, temperature, batchSize, wantsLoss);
  const stacked = tf.concat([result.anchorGradient, result.positiveGradient], 0) as tf.Tensor2D;
  return {
    ...(result.loss ? { loss: result.loss } : {}),
    outputGradient: normalised ? normalised.backward(stacked) : stacked,
  };
}

interface FormResult {
  readonly loss?: tf.Scalar;
  readonly anchorGradient: tf.Tensor;
  readonly positiveGradient: tf.Tensor;
}

function anchorsForm(
  a: tf.Tensor2D,
  p: tf.Tensor2D,
  isDot: boolean,
  temperature: number,
  batchSize: number,
  wantsLoss: boolean,
): FormResult {
  const scale = 1 / temperature;
  const difference = isDot ? undefined : tf.sub(a, p);
  const positive = isDot
    ? tf.mul(tf.sum(tf.mul(a, p), 1, true), scale)
    : tf.mul(tf.sum(tf.square(difference!), 1, true), -scale);

  // The self term is every row's largest logit and a known constant (1/tau for dot, 0 for
  // distance), so shifting by it makes exp safe without a max pass, and the normaliser is at
  // least 1. This saves softmax's extra passes over the batch x batch logits.
  const shift = isDot ? scale : 0;
  const negativeExp = tf.exp(tf.sub(similarities(a, a, isDot, scale), shift));
  const positiveExp = tf.exp(tf.sub(positive, shift));
  const normaliser = tf.add(tf.sum(negativeExp, 1, true), positiveExp);
  const inverse = tf.div(1 / batchSize, normaliser);

  // d loss / d logits = (softmax - onehot(0)) / batch, times 1/tau by the chain rule: weight w
  // on the positive, Q = diag(inverse) E on the negatives. E is symmetric (so is the
  // similarity of anchors to anchors), hence Q^T A = E (inverse A) with no transpose, and
  // S = Q + Q^T gives S A = inverse (E A) + E (inverse A).
  const w = tf.mul(tf.sub(tf.mul(positiveExp, inverse), 1 / batchSize), scale);
  const scaledAnchors = tf.mul(a, inverse);
  const spread = isDot
    ? tf.add(tf.mul(tf.matMul(negativeExp, a), inverse), tf.matMul(negativeExp, scaledAnchors))
    : undefined;

  // dot:      dA = w P + S A / tau,                            dP = w A
  // distance: dA = -2 w (A - P) + 2 (S A - rowsum(S) A) / tau,  dP = 2 w (A - P)
  let anchorGradient: tf.Tensor;
  let positiveGradient: tf.Tensor;
  if (isDot) {
    anchorGradient = tf.add(tf.mul(w, p), tf.mul(spread!, scale));
    positiveGradient = tf.mul(w, a);
  } else {
    // One product gives both E (inverse A) and E inverse, the column sums of Q.
    const [mixed, columnSums] = tf.split(
      tf.matMul(negativeExp, tf.concat([scaledAnchors, inverse], 1)), [a.shape[1], 1], 1);
    const rowSums = tf.sub(tf.mul(normaliser, inverse), tf.mul(positiveExp, inverse));
    const spreadSum = tf.add(tf.mul(tf.matMul(negativeExp, a), inverse), mixed!);
    const push = tf.sub(spreadSum, tf.mul(tf.add(rowSums, columnSums!), a));
    const pull = tf.mul(w, difference!);
    anchorGradient = tf.mul(tf.sub(tf.mul(push, scale), pull), 2);
    positiveGradient = tf.mul(pull, 2);
  }

  const loss = wantsLoss
    ? tf.mean(tf.sub(tf.add(tf.log(normaliser), shift), positive)) as tf.Scalar
    : undefined;
  return { ...(loss ? { loss } : {}), anchorGradient, positiveGradient };
}

function positivesForm(
  a: tf.Tensor2D,
  p: tf.Tensor2D,
  isDot: boolean,
  temperature: number,
  batchSize: number,
  wantsLoss: boolean,
): FormResult {
  const scale = 1 / temperature;
  const logits = similarities(a, p, isDot, scale);
  const softmax = tf.softmax(logits);
  const factor = scale / batchSize;

  // With G = (R - I) factor: dot dA = G P, dP = G^T A; distance dA = 2 G P (rows of G sum to
  // 0), dP = 2 (G^T A - colsum(G) P). The identity is folded in to save ops.
  const softmaxT = tf.transpose(softmax);
  const gp = tf.mul(tf.sub(tf.matMul(softmax, p), p), factor);
  const gta = tf.mul(tf.sub(tf.matMul(softmaxT, a), a), factor);
  let anchorGradient: tf.Tensor;
  let positiveGradient: tf.Tensor;
  if (isDot) {
    anchorGradient = gp;
    positiveGradient = gta;
  } else {
    const columnSums = tf.mul(tf.sub(tf.sum(softmaxT, 1, true), 1), factor);
    anchorGradient = tf.mul(gp, 2);
    positiveGradient = tf.mul(tf.sub(gta, tf.mul(columnSums, p)), 2);
  }

  let loss: tf.Scalar | undefined;
  if (wantsLoss) {
    const diagonal = isDot
      ? tf.mul(tf.sum(tf.mul(a, p), 1, true), scale)
      : tf.mul(tf.sum(tf.square(tf.sub(a, p)), 1, true), -scale);
    loss = tf.mean(tf.sub(tf.logSumExp(logits, 1, true), diagonal)) as tf.Scalar;
  }
  return { ...(loss ? { loss } : {}), anchorGradient, positiveGradient };
}

/** `s(x_i, y_k) / tau` for every pair: `batch x batch`. */
function similarities(x: tf.Tensor2D, y: tf.Tensor2D, isDot: boolean, scale: number): tf.Tensor {
  const products = tf.matMul(x, tf.transpose(y));
  if (isDot) return tf.mul(products, scale);
  // -|x - y|^2 = 2 <x, y> - |x|^2 - |y|^2
  const xSquared = tf.sum(tf.square(x), 1, true);
  const ySquared = tf.transpose(tf.sum(tf.square(y), 1, true));
  return tf.mul(tf.sub(tf.sub(tf.mul(products, 2), xSquared), ySquared), scale);
}

interface Normalised {
  readonly z: tf.Tensor2D;
  backward(gradient: tf.Tensor2D): tf.Tensor2D;
}

function normaliseRows(h: tf.Tensor2D): Normalised {
  const norms = tf.sqrt(tf.add(tf.sum(tf.square(h), 1, true), NORM_EPSILON));
  const z = tf.div(h, norms) as tf.Tensor2D;
  return {
    z,
    // d(h/|h|) applied to g: (g - z <g, z>) / |h|
    backward: (gradient) =>
      tf.div(tf.sub(gradient, tf.mul(z, tf.sum(tf.mul(gradient, z), 1, true))), norms),
  };
}
