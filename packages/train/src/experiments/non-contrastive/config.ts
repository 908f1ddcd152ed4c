/**
 * The settings of the `non-contrastive` family and the theory's prediction from them;
 * tensor-free. Defaults follow SCIENCE.md section 3 (16 dimensions, EMA 0.996, SGD at 0.1,
 * batch 256, 10,000 steps), a second or two of CPU per cell with the squared-error loss.
 */
import { z } from 'zod';
import { analyticSurvivingModes, geometricVariances } from './analytic.ts';

/** The online encoder's target: an EMA of it, or itself (SimSiam) with or without stop-gradient. */
export const nonContrastiveTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('ema'),
    /** `W_a <- rate W_a + (1 - rate) W` after every step. */
    rate: z.number().min(0).lt(1).default(0.996),
  }),
  z.strictObject({
    kind: z.literal('online'),
    /** False lets the gradient flow through the target too: the collapse control. */
    stopGradient: z.boolean().default(true),
  }),
]);

export const nonContrastivePredictorSchema = z.discriminatedUnion('kind', [
  /** A linear predictor trained by SGD with the encoder. */
  z.strictObject({
    kind: z.literal('trained'),
    /**
     * `zero` (default), `identity`, or `gaussian` (drawn like the encoder). The start matters:
     * a predictor that does not yet fit shrinks modes while it learns, at a rate set by the
     * modes themselves. At eta = 0, sigma^2 = 0.3 with the default encoder, where the theory
     * keeps all 16, `identity` kept 0 and `gaussian` 15; with a Gaussian encoder at scale 1,
     * `gaussian` kept 9-10 and `identity` 9, `zero` 16.
     */
    init: z.enum(['zero', 'identity', 'gaussian']).default('zero'),
  }),
  /** DirectPred: the predictor set from the online outputs' running correlation every step. */
  z.strictObject({
    kind: z.literal('directpred'),
    /** `F <- decay F + (1 - decay) E[f f^T]` (the official code's 0.3). */
    correlationDecay: z.number().min(0).lt(1).default(0.3),
    epsilon: z.number().min(0).default(0.01),
    /**
     * `official`: `sqrt(s_j / s_max) + eps`, made for the cosine loss; `unnormalised`:
     * `sqrt(s_j) + eps sqrt(s_max)`, which the squared-error loss needs (the official one
     * collapses every mode there); `auto` picks by the loss.
     */
    formula: z.enum(['auto', 'official', 'unnormalised']).default('auto'),
  }),
  /** The identity: BYOL without a predictor, which collapses. */
  z.strictObject({ kind: z.literal('none') }),
]);

/** Every setting of a non-contrastive cell, with its default. */
export const nonContrastiveConfigSchema = z.strictObject({
  data: z.strictObject({
    /** Input dimension d; the encoder is square (d outputs). */
    dim: z.int().min(1).max(256).default(16),
    /** Input variances fall geometrically from `largestVariance` to `smallestVariance`. */
    largestVariance: z.number().positive().default(1),
    smallestVariance: z.number().positive().default(0.1),
  }).prefault({}),
  views: z.strictObject({
    /** sigma^2: each view adds independent Gaussian noise of this variance per coordinate. */
    noiseVariance: z.number().min(0).max(100).default(0.3),
  }).prefault({}),
  /**
   * `squared`: `1/2 |W_p W x1 - W_a x2|^2`, the theory's loss, computed from the batch's moments.
   * `cosine`: `-cos(W_p W x1, W_a x2)`. Both are symmetrised over the views.
   * Limitation: the cosine loss works sample by sample, about 2 ms a step at batch 256 here
   * (10,000 steps take ~20 s of CPU, against 1-3 s for `squared`); shorten such runs.
   */
  loss: z.enum(['squared', 'cosine']).default('squared'),
  target: nonContrastiveTargetSchema.prefault({ kind: 'ema' }),
  predictor: nonContrastivePredictorSchema.prefault({ kind: 'trained' }),
  optimizer: z.strictObject({
    /** Plain SGD, constant rate: the theory is of gradient flow. */
    learningRate: z.number().positive().max(10).default(0.1),
    /** eta: coupled L2 decay (`gradient + eta W`) on the encoder and a trained predictor. */
    weightDecay: z.number().min(0).max(10).default(0),
  }).prefault({}),
  training: z.strictObject({
    steps: z.int().min(1).max(1_000_000).default(10_000),
    batchSize: z.int().min(1).max(65_536).default(256),
    /**
     * The initial encoder: a random `orthogonal` matrix times `initScale` (every mode starts
     * equal), or `gaussian` entries of standard deviation `initScale / sqrt(d)`.
     * Limitation: the measured counts depend on this. Weight decay makes w = 0 stable too, so
     * too small a start collapses modes the theory keeps (Gaussian at 0.1: 0 modes measured
     * where 5 are predicted at eta = 0.1); too large a start puts DirectPred's weak surviving
     * modes, whose stationary w^2 = d^2 / (d + sigma^2)^3, under the relative 1e-3 cut
     * (orthogonal at 1: 11 of 16 at sigma^2 = 3, eta = 0), and Gaussian at 1 diverges there.
     */
    initScale: z.number().positive().default(0.3),
    init: z.enum(['orthogonal', 'gaussian']).default('orthogonal'),
  }).prefault({}),
  evaluation: z.strictObject({
    /** Sample the learning curve every this many steps (and at the first and last step). */
    everySteps: z.int().min(1).max(1_000_000).default(250),
    /** A mode survives when its eigenvalue exceeds this fraction of the initial largest one. */
    relativeThreshold: z.number().positive().lt(1).default(1e-3),
    /** Fresh samples on which the final loss is measured. */
    lossSamples: z.int().min(1).max(1_000_000).default(4096),
  }).prefault({}),
});

export type NonContrastiveConfig = z.infer<typeof nonContrastiveConfigSchema>;

/** The input variances of a configuration, largest first. */
export function inputVariances(config: NonContrastiveConfig): number[] {
  const { dim, largestVariance, smallestVariance } = config.data;
  return geometricVariances(dim, largestVariance, smallestVariance);
}

/**
 * The analytic surviving-mode count, where the theory applies: squared-error loss, a predictor
 * and a stop-gradient target. Undefined for other configurations and order parameters.
 */
export function predictNonContrastive(name: string, config: unknown): number | undefined {
  if (name !== 'surviving_modes') return undefined;
  const parsed = nonContrastiveConfigSchema.safeParse(config);
  if (!parsed.success) return undefined;
  const cell = parsed.data;
  const hasStopGradient = cell.target.kind === 'ema' || cell.target.stopGradient;
  if (cell.loss !== 'squared' || cell.predictor.kind === 'none' || !hasStopGradient) {
    return undefined;
  }
  return analyticSurvivingModes(inputVariances(cell), cell.optimizer.weightDecay,
    cell.views.noiseVariance);
}

