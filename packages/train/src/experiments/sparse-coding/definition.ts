/**
 * The `sparse-coding` family (Wen & Li 2021): when does contrastive learning with a ReLU
 * network learn the sparse atoms of the data rather than the dense noise? Defaults are the
 * calibrated ones that show the whole phase diagram on a laptop.
 */
import { sparseCodingDataSchema, symmetricReluEncoderSchema } from '@phasegrid/core';
import type { ExperimentDefinition } from '@phasegrid/core';
import { viewsSchema } from '@phasegrid/augment';
import { z } from 'zod';
import { infoNceSchema } from '../../objectives/info-nce-config.ts';
import { optimizerSchema } from '../../optimizers/optimizer-config.ts';

/** Objectives this family can train with (one today; a union so more can join). */
export const sparseCodingObjectiveSchema = z.discriminatedUnion('kind', [infoNceSchema]);

/** Every setting of a sparse-coding cell, with its default. */
export const sparseCodingConfigSchema = z.strictObject({
  data: sparseCodingDataSchema.prefault({}),
  views: viewsSchema.prefault({ kind: 'mask' }),
  encoder: symmetricReluEncoderSchema.prefault({}),
  objective: sparseCodingObjectiveSchema.prefault({ kind: 'infonce' }),
  optimizer: optimizerSchema.prefault({ kind: 'adam' }),
  training: z.strictObject({
    /** Optimisation steps; every step draws a fresh batch. */
    steps: z.int().min(1).max(1_000_000).default(500),
    batchSize: z.int().min(2).max(65_536).default(64),
    /** Rescale every neuron's weights to unit norm after each step. */
    unitNormRows: z.boolean().default(true),
  }).prefault({}),
  evaluation: z.strictObject({
    /** Sample the learning curve every this many steps (and at the first and last step). */
    everySteps: z.int().min(1).max(1_000_000).default(25),
    /** The extra cosine at which `coverage_at_cosine` is measured (`coverage` uses 0.9). */
    coverageCosine: z.number().min(0).max(1).default(0.7),
    /** Coverage that marks an atom dictionary as learned, for `learning_time`. */
    learnedCoverage: z.number().min(0).max(1).default(0.5),
    /** Held-out samples for fitting and for scoring the linear probe (each). */
    probeSamples: z.int().min(16).max(1_000_000).default(1024),
  }).prefault({}),
});

/** A resolved sparse-coding cell configuration (data, views, encoder, objective, training). */
export type SparseCodingConfig = z.infer<typeof sparseCodingConfigSchema>;

/** The cosine an atom's best neuron must reach for `coverage`. */
export const COVERAGE_COSINE = 0.9;

/**
 * The `sparse-coding` family (after Wen & Li 2021): when contrastive learning learns the sparse
 * dictionary atoms rather than the dense noise.
 */
export const sparseCodingDefinition: ExperimentDefinition<typeof sparseCodingConfigSchema> = {
  name: 'sparse-coding',
  version: 1,
  description: 'Contrastive learning on sparse coding data: atoms (sparse) versus noise (dense)',
  configSchema: sparseCodingConfigSchema,
  defaultOrderParameter: 'coverage',
  orderParameters: [
    {
      name: 'coverage',
      description: `fraction of atoms matched by a neuron with |cosine| >= ${COVERAGE_COSINE}`,
      threshold: 0.5,
      range: [0, 1],
      isOnCurve: true,
    },
    {
      name: 'coverage_at_cosine',
      description: 'fraction of atoms matched at the cosine set by evaluation.coverageCosine',
      threshold: 0.5,
      range: [0, 1],
      isOnCurve: true,
    },
    {
      name: 'signal_fraction',
      description: 'mean share of a neuron\'s weight energy inside the atoms\' span (chance d/d1)',
      threshold: 0.5,
      range: [0, 1],
      isOnCurve: true,
    },
    {
      name: 'mean_best_cosine',
      description: 'mean over neurons of the best |cosine| with any atom',
      threshold: COVERAGE_COSINE,
      range: [0, 1],
      isOnCurve: true,
    },
    {
      name: 'probe_accuracy',
      description: 'held-out accuracy of a linear probe for sign(z_j) in {-1, 0, +1}',
      range: [0, 1],
      isOnCurve: false,
    },
    {
      name: 'learning_time',
      description: 'first evaluated step at which coverage reached evaluation.learnedCoverage',
      isOnCurve: false,
    },
    {
      name: 'loss',
      description: 'InfoNCE loss at the last step',
      isOnCurve: true,
    },
  ],
};
