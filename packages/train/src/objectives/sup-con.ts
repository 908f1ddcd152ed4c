/**
 * The supervised contrastive loss (Khosla et al. 2020), with its gradient written by hand.
 *
 * The `2N` stacked views have outputs `h`, `z = h / |h|`, logits `S = z z^T / tau`. For anchor
 * `i`, `A(i)` is every other view and `P(i)` the other views with its label; with
 * `l_ia = S_ia - log sum_{a in A(i)} exp S_ia`,
 *   out: `L_i = -(1/|P(i)|) sum_{p in P(i)} l_ip`,
 *   in:  `L_i = -log( (1/|P(i)|) sum_{p in P(i)} exp l_ip )`,
 * and the loss is the mean over anchors. With every sample its own class, `|P(i)| = 1` and
 * both forms are SimCLR's NT-Xent loss.
 */
import * as tf from '@tensorflow/tfjs';

/** The loss (when asked for) and its gradient with respect to the stacked outputs. */
export interface SupConResult {
  readonly loss?: tf.Scalar;
  /** Gradient with respect to `outputs`, same shape. */
  readonly outputGradient: tf.Tensor2D;
}

/** What the loss needs from its configuration. */
export interface SupConSettings {
  readonly variant: 'out' | 'in';
  readonly temperature: number;
}

/** Added to a logit to exclude it: exp of it underflows to exactly 0 in float32. */
const EXCLUDED = -1e9;
const NORM_EPSILON = 1e-12;

/**
 * Evaluates SupCon and its gradient; call inside `tf.tidy`. `outputs` stacks the two views'
 * outputs (`2 batch x width`): rows `[0, batch)` are the first view, the rest the second, and
 * `labels` (length `batch`) gives every sample's class. Each anchor has at least one positive,
 * the other view of its own sample, so no anchor is dropped.
 */
export function supCon(
  settings: SupConSettings,
  outputs: tf.Tensor2D,
  labels: ArrayLike<number>,
  wantsLoss: boolean,
): SupConResult {
  const numViews = outputs.shape[0];
  if (numViews !== 2 * labels.length) {
    throw new RangeError(`supCon: ${numViews} output rows but ${labels.length} labels (need 2x)`);
  }
  const positives = positiveMatrices(labels);
  const norms = tf.sqrt(tf.add(tf.sum(tf.square(outputs), 1, true), NORM_EPSILON));
  const z = tf.div(outputs, norms) as tf.Tensor2D;
  const logits = tf.mul(tf.matMul(z, tf.transpose(z)), 1 / settings.temperature) as tf.Tensor2D;
  const masked = tf.add(logits, selfExclusion(numViews));

  // dL_i/dS_ia = softmax over A(i) minus the target distribution over P(i): uniform for `out`,
  // the softmax restricted to P(i) for `in`.
  const softmax = tf.softmax(masked);
  const positiveLogits = settings.variant === 'in'
    ? tf.add(masked, tf.tensor2d(positives.bias, [numViews, numViews]))
    : undefined;
  const target = positiveLogits
    ? tf.softmax(positiveLogits)
    : tf.tensor2d(positives.uniform, [numViews, numViews]);
  const logitGradient = tf.sub(softmax, target);

  // S is symmetric in z, so dL/dz = (G + G^T) z / tau, over the mean's 2N anchors.
  const zGradient = tf.mul(tf.matMul(tf.add(logitGradient, tf.transpose(logitGradient)), z),
    1 / (numViews * settings.temperature));
  // d(h/|h|) applied to g: (g - z <g, z>) / |h|
  const outputGradient = tf.div(tf.sub(zGradient, tf.mul(z, tf.sum(tf.mul(zGradient, z), 1,
    true))), norms) as tf.Tensor2D;

  if (!wantsLoss) return { outputGradient };
  const normaliser = tf.logSumExp(masked, 1);
  const perAnchor = positiveLogits
    ? tf.add(tf.sub(normaliser, tf.logSumExp(positiveLogits, 1)),
      tf.tensor1d(positives.logCounts))
    : tf.sub(normaliser, tf.sum(tf.mul(logits, target), 1));
  return { loss: tf.mean(perAnchor) as tf.Scalar, outputGradient };
}

interface PositiveMatrices {
  /** `1/|P(i)|` on row i's positives, else 0; `2N x 2N` row-major. */
  readonly uniform: Float32Array;
  /** 0 on row i's positives, `EXCLUDED` elsewhere. */
  readonly bias: Float32Array;
  /** `log |P(i)|` per anchor. */
  readonly logCounts: Float32Array;
}

/** Positive sets of the `2N` views: view `v` belongs to sample `v mod N`. */
function positiveMatrices(labels: ArrayLike<number>): PositiveMatrices {
  const batchSize = labels.length;
  const numViews = 2 * batchSize;
  const uniform = new Float32Array(numViews * numViews);
  const bias = new Float32Array(numViews * numViews).fill(EXCLUDED);
  const logCounts = new Float32Array(numViews);

  for (let i = 0; i < numViews; i++) {
    const label = labels[i % batchSize];
    let count = 0;
    for (let a = 0; a < numViews; a++) {
      if (a !== i && labels[a % batchSize] === label) count += 1;
    }
    for (let a = 0; a < numViews; a++) {
      if (a === i || labels[a % batchSize] !== label) continue;
      uniform[i * numViews + a] = 1 / count;
      bias[i * numViews + a] = 0;
    }
    logCounts[i] = Math.log(count);
  }
  return { uniform, bias, logCounts };
}

const exclusionCache = new Map<number, tf.Tensor2D>();

/**
 * `EXCLUDED * I`, made once per size and kept: building it each step would cost ops.
 * Limitation: kept tensors belong to the backend active when they were made; a thread that
 * switches backends after training must not call this again.
 */
function selfExclusion(numViews: number): tf.Tensor2D {
  let exclusion = exclusionCache.get(numViews);
  if (!exclusion) {
    exclusion = tf.keep(tf.mul(tf.eye(numViews), EXCLUDED) as tf.Tensor2D);
    exclusionCache.set(numViews, exclusion);
  }
  return exclusion;
}
