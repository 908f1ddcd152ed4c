/**
 * The `identifiability` family (Zimmermann et al. 2021): does an encoder trained with InfoNCE
 * on observations `x = g(z)` of a fixed invertible generator recover the latents `z` up to a
 * simple map? Latents live on the sphere, in a box or in all of R^n; positives are drawn from a
 * conditional around each anchor. Defaults follow the small CPU setting of the independent
 * reference run for the sphere with concentration 10 (SCIENCE.md section 6): n = 10, a
 * bias-free encoder of two 64-unit layers, batch 512, Adam 0.01 with cosine decay, 6,000 steps.
 */
import type { ExperimentDefinition } from '@phasegrid/core';
import { z } from 'zod';
import { optimizerSchema } from '../../optimizers/optimizer-config.ts';
import { identifiabilityReportTables } from './report-table.ts';

const dimSchema = z.int().min(2).max(1000).default(10);

/** Additive noise around the anchor, `scale` being the standard deviation or Laplace `b`. */
function noiseSchema<Kind extends 'normal' | 'laplace'>(kind: Kind, defaultScale: number) {
  return z.strictObject({
    kind: z.literal(kind),
    scale: z.number().positive().max(1000).default(defaultScale),
  });
}

/** von Mises-Fisher around the anchor; larger `concentration` (kappa) means closer positives. */
const vmfSchema = z.strictObject({
  kind: z.literal('vmf'),
  concentration: z.number().positive().max(100_000).default(10),
});

const uniformSchema = z.strictObject({ kind: z.literal('uniform') });

/** Unit sphere: uniform marginal; noise conditionals are projected back onto the sphere. */
const sphereLatentSchema = z.strictObject({
  kind: z.literal('sphere'),
  dim: dimSchema,
  marginal: uniformSchema.prefault({ kind: 'uniform' }),
  conditional: z.discriminatedUnion('kind', [
    vmfSchema, noiseSchema('normal', 0.05), noiseSchema('laplace', 0.05),
  ]).prefault({ kind: 'vmf' }),
});

/** Box `[0,1]^n`: uniform marginal; positives outside the box are rejected and redrawn. */
const boxLatentSchema = z.strictObject({
  kind: z.literal('box'),
  dim: dimSchema,
  marginal: uniformSchema.prefault({ kind: 'uniform' }),
  conditional: z.discriminatedUnion('kind', [
    noiseSchema('normal', 0.05), noiseSchema('laplace', 0.05),
  ]).prefault({ kind: 'normal' }),
});

/** All of R^n: a Normal or Laplace marginal per coordinate, additive noise conditional. */
const realLatentSchema = z.strictObject({
  kind: z.literal('real'),
  dim: dimSchema,
  marginal: z.discriminatedUnion('kind', [noiseSchema('normal', 1), noiseSchema('laplace', 1)])
    .prefault({ kind: 'normal' }),
  conditional: z.discriminatedUnion('kind', [noiseSchema('normal', 1), noiseSchema('laplace', 1)])
    .prefault({ kind: 'normal' }),
});

export const latentSchema = z.discriminatedUnion('kind', [
  sphereLatentSchema, boxLatentSchema, realLatentSchema,
]);
export type LatentConfig = z.infer<typeof latentSchema>;

/** InfoNCE with dot-product logits (outputs on the sphere) or negative squared distances. */
export const identifiabilityObjectiveSchema = z.strictObject({
  kind: z.literal('infonce'),
  /** `dot`: encoder outputs are normalised and logits are `<a, b>/tau`; `distance`: outputs
   * are free and logits are `-|a - b|^2/tau`. */
  logits: z.enum(['dot', 'distance']).default('dot'),
  /** `tau`, or `matched`: `1/kappa` under a vMF conditional (the value for which the true
   * latents minimise the loss), 1 otherwise. */
  temperature: z.union([z.number().positive().max(1000), z.literal('matched')])
    .default('matched'),
  /** `anchors`: row i is the positive's logit then x_i against every anchor, itself included
   * (a constant self term; the official code's form, which a growing output scale cannot
   * drive to zero). `positives`: the textbook form, x_i against every positive. */
  negatives: z.enum(['anchors', 'positives']).default('anchors'),
});
export type IdentifiabilityObjective = z.infer<typeof identifiabilityObjectiveSchema>;

/** Every setting of an identifiability cell, with its default. */
export const identifiabilityConfigSchema = z.strictObject({
  latent: latentSchema.prefault({ kind: 'sphere' }),
  generator: z.strictObject({
    /** Random draws per layer; the best-conditioned one is kept. */
    candidateDraws: z.int().min(1).max(100_000).default(1000),
    negativeSlope: z.number().min(0).max(1).default(0.2),
  }).prefault({}),
  encoder: z.strictObject({
    /** Widths of the hidden layers; the output has the latent dimension. */
    hiddenWidths: z.array(z.int().min(1).max(4096)).min(1).max(8).default([64, 64]),
    hasBias: z.boolean().default(false),
    negativeSlope: z.number().min(0).max(1).default(0.01),
    /** `normal`: Gaussian weights of variance 1/fan-in; `uniform`: U(-1, 1)/sqrt(fan-in),
     * PyTorch's default for linear layers (a third of the variance). */
    init: z.enum(['normal', 'uniform']).default('normal'),
  }).prefault({}),
  objective: identifiabilityObjectiveSchema.prefault({ kind: 'infonce' }),
  optimizer: optimizerSchema.prefault({ kind: 'adam', learningRate: 0.01 }),
  training: z.strictObject({
    /** Optimisation steps; every step draws a fresh batch of pairs. */
    steps: z.int().min(1).max(1_000_000).default(6000),
    batchSize: z.int().min(2).max(65_536).default(512),
  }).prefault({}),
  evaluation: z.strictObject({
    /** Sample the learning curve every this many steps (and at the end). */
    everySteps: z.int().min(1).max(1_000_000).default(500),
    /** Held-out samples for fitting, and again for scoring, the regression to z. */
    probeSamples: z.int().min(64).max(1_000_000).default(4096),
  }).prefault({}),
});

export type IdentifiabilityConfig = z.infer<typeof identifiabilityConfigSchema>;

export const identifiabilityDefinition: ExperimentDefinition<
  typeof identifiabilityConfigSchema
> = {
  name: 'identifiability',
  version: 1,
  description: 'Contrastive learning inverts the data-generating process: latent recovery R^2',
  configSchema: identifiabilityConfigSchema,
  defaultOrderParameter: 'r2',
  orderParameters: [
    {
      name: 'r2',
      description: 'held-out R^2 of a linear regression (with intercept) from f(x) to z',
      threshold: 0.9,
      range: [0, 1],
      isOnCurve: true,
    },
    {
      name: 'mcc',
      description: 'mean |Pearson correlation| of f(x) and z after the best matching of dims',
      range: [0, 1],
      isOnCurve: true,
    },
    {
      name: 'generator_r2',
      description: 'the same R^2 from the observations x = g(z) themselves (the baseline)',
      range: [0, 1],
      isOnCurve: false,
    },
    {
      name: 'generator_mcc',
      description: 'the same MCC from the observations x = g(z) themselves (the baseline)',
      range: [0, 1],
      isOnCurve: false,
    },
    {
      name: 'loss',
      description: 'InfoNCE loss at the last step',
      isOnCurve: true,
    },
  ],
  reportTables: identifiabilityReportTables,
};
