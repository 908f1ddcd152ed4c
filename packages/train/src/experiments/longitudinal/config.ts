/**
 * The settings of the `longitudinal` family; tensor-free. Defaults follow the independent
 * reference run of issue 7 (MLP autoencoder 64-32-16, Adam 1e-3, batch 128 pairs) with the age
 * effect on the same scale as each identity coordinate, but 2,000 steps instead of 3,000: a
 * cell takes about 10 s on a free core here, and at seed 0 the age correlations moved by under
 * 0.005 between 1,500 and 3,000 steps (0.901 to 0.905 at lambda 1, 0.863 to 0.866 at 0).
 */
import { z } from 'zod';
import { optimizerSchema } from '../../optimizers/optimizer-config.ts';

/** The most observation values a cohort may hold: about 400 MB of float64, with room to spare. */
const MAX_COHORT_VALUES = 50_000_000;

function cohortValues(data: { trainSubjects: number; heldOutSubjects: number;
  observationDim: number }): number {
  return (data.trainSubjects + data.heldOutSubjects) * 2 * data.observationDim;
}

/**
 * The synthetic cohort: subject `i` has identity `u_i ~ N(0, I_k)` and baseline age
 * `a_i ~ N(0, 1)`; the follow-up visit is at `a_i + g_i`, `g_i ~ U(minGap, maxGap)`.
 * A visit at age `a` is observed as `x = G(u, ageEffect a) + noise`, with `G` a fixed random
 * network of `mixingLayers` tanh layers (`cohort.ts`), the same for every cell of a seed.
 * The defaults (two layers at gain 3) make `G` clearly nonlinear: at one layer of gain 1 the
 * plain autoencoder's mean latent change already tracked age at 0.96-0.97 (seeds 0, 1) and the
 * direction term had nothing to add.
 */
export const longitudinalDataSchema = z.strictObject({
  /** k: dimensions of the identity latent, fixed per subject. */
  identityDim: z.int().min(1).max(64).default(4),
  /** Dimension of the observations. */
  observationDim: z.int().min(2).max(1024).default(64),
  /** Hidden width of the fixed random mixing map. */
  mixingWidth: z.int().min(1).max(1024).default(64),
  /**
   * Standard deviation of the map's pre-activations when its inputs have unit variance: how
   * far into tanh's saturation, so how curved and identity-dependent the age effect is.
   */
  mixingGain: z.number().positive().max(100).default(3),
  /** Hidden tanh layers of the mixing map, each `mixingWidth` wide. */
  mixingLayers: z.int().min(1).max(8).default(2),
  /**
   * Multiplies the age latent before mixing; 1 puts age on the scale of one identity
   * coordinate (both unit standard deviation at baseline).
   */
  ageEffect: z.number().min(0).max(100).default(1),
  /** Bounds of the uniform gap between visits, in baseline-age standard deviations. */
  minGap: z.number().positive().max(100).default(0.5),
  maxGap: z.number().positive().max(100).default(1.5),
  /** Standard deviation of the Gaussian noise added to every coordinate of every visit. */
  observationNoise: z.number().min(0).max(100).default(0.1),
  /** Subjects whose two visits form the training pairs (a fixed data set, as in a study). */
  trainSubjects: z.int().min(2).max(1_000_000).default(2048),
  /**
   * Further subjects on which the order parameters are measured. At least 256: with a handful
   * of subjects a correlation with age is mostly chance (4 visits gave 0.8-0.96 with no age
   * effect at all).
   */
  heldOutSubjects: z.int().min(256).max(1_000_000).default(1024),
}).refine((data) => data.minGap <= data.maxGap, {
  message: 'minGap must not exceed maxGap',
  path: ['minGap'],
}).refine((data) => cohortValues(data) <= MAX_COHORT_VALUES, {
  message: `the cohort is too large: (trainSubjects + heldOutSubjects) x 2 visits x ` +
    `observationDim must stay within ${MAX_COHORT_VALUES} values (about 400 MB as float64); ` +
    'use fewer subjects or a smaller observationDim',
  path: ['trainSubjects'],
});

/** The autoencoder: `observationDim -> hiddenWidths -> latentDim (tanh)` and back, mirrored. */
export const longitudinalModelSchema = z.strictObject({
  hiddenWidths: z.array(z.int().min(1).max(4096)).max(8).default([32]),
  /** At least 2: in one dimension `cos(z_t - z_s, tau)` is +-1 and the direction term has no
   * gradient. */
  latentDim: z.int().min(2).max(1024).default(16),
  /** Activation of the hidden layers; the latent layer is always tanh, the output linear. */
  hiddenActivation: z.enum(['tanh', 'relu']).default('tanh'),
});

/** `rec(x_s) + rec(x_t) + lambda (1 - cos(z_t - z_s, tau))`; rec is the per-coordinate MSE. */
export const longitudinalObjectiveSchema = z.strictObject({
  /** Weight of the direction term; 0 is the plain autoencoder. */
  lambda: z.number().min(0).max(1000).default(1),
});

/** Every setting of a longitudinal cell, with its default. */
export const longitudinalConfigSchema = z.strictObject({
  data: longitudinalDataSchema.prefault({}),
  model: longitudinalModelSchema.prefault({}),
  objective: longitudinalObjectiveSchema.prefault({}),
  /** Weight decay, when set, applies to the weight matrices only (not biases or tau). */
  optimizer: optimizerSchema.prefault({ kind: 'adam', learningRate: 1e-3, schedule: 'constant' }),
  training: z.strictObject({
    /** Optimisation steps; each draws `batchPairs` training subjects with replacement. */
    steps: z.int().min(1).max(1_000_000).default(2000),
    batchPairs: z.int().min(1).max(65_536).default(128),
  }).prefault({}),
  evaluation: z.strictObject({
    /** Sample the learning curve every this many steps (and at the first and last step). */
    everySteps: z.int().min(1).max(1_000_000).default(250),
  }).prefault({}),
});

/** A fully resolved longitudinal configuration. */
export type LongitudinalConfig = z.infer<typeof longitudinalConfigSchema>;
/** The cohort settings of a configuration. */
export type LongitudinalDataConfig = z.infer<typeof longitudinalDataSchema>;
/** The autoencoder settings of a configuration. */
export type LongitudinalModelConfig = z.infer<typeof longitudinalModelSchema>;
