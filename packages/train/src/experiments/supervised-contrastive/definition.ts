/**
 * The `supervised-contrastive` family (Khosla et al. 2020): on labelled sparse coding data,
 * does using the labels (SupCon, cross-entropy) learn the class atoms better than ignoring them
 * (SimCLR)? Defaults: the sparse-coding family's calibrated ones, with 4 classes whose atoms
 * have amplitude 0.5, noise 0.25 and SupCon in its recommended form.
 */
import { labelledSparseCodingDataSchema, symmetricReluEncoderSchema } from '@phasegrid/core';
import type { ExperimentDefinition } from '@phasegrid/core';
import { viewsSchema } from '@phasegrid/augment';
import { z } from 'zod';
import { crossEntropySchema } from '../../objectives/cross-entropy-config.ts';
import { infoNceSchema } from '../../objectives/info-nce-config.ts';
import { simClrSchema, supConSchema } from '../../objectives/sup-con-config.ts';
import { optimizerSchema } from '../../optimizers/optimizer-config.ts';
import { supervisedContrastiveReportTables } from './report-table.ts';

/**
 * Objectives this family compares: SupCon (`out` or `in` form), SimCLR's NT-Xent over the 2N
 * views, the sparse-coding family's cross-view InfoNCE, and cross-entropy through a linear head.
 */
export const supervisedContrastiveObjectiveSchema = z.discriminatedUnion('kind', [
  supConSchema,
  simClrSchema,
  infoNceSchema,
  crossEntropySchema,
]);

export type SupervisedContrastiveObjective = z.infer<typeof supervisedContrastiveObjectiveSchema>;

/** Every setting of a supervised-contrastive cell, with its default. */
export const supervisedContrastiveConfigSchema = z.strictObject({
  data: labelledSparseCodingDataSchema.prefault({}),
  views: viewsSchema.prefault({ kind: 'mask' }),
  encoder: symmetricReluEncoderSchema.prefault({}),
  objective: supervisedContrastiveObjectiveSchema.prefault({ kind: 'supcon' }),
  optimizer: optimizerSchema.prefault({ kind: 'adam' }),
  training: z.strictObject({
    /** Optimisation steps; every step draws a fresh batch. */
    steps: z.int().min(1).max(1_000_000).default(500),
    batchSize: z.int().min(2).max(65_536).default(64),
    /** Rescale every neuron's weights to unit norm after each step (not the linear head's). */
    unitNormRows: z.boolean().default(true),
  }).prefault({}),
  evaluation: z.strictObject({
    /** Sample the learning curve every this many steps (and at the first and last step). */
    everySteps: z.int().min(1).max(1_000_000).default(25),
    /** Held-out samples for fitting and for scoring the class probe (each). */
    probeSamples: z.int().min(16).max(1_000_000).default(1024),
  }).prefault({}),
});

export type SupervisedContrastiveConfig = z.infer<typeof supervisedContrastiveConfigSchema>;

/** The cosine an atom's best neuron must reach to count as covered. */
export const COVERAGE_COSINE = 0.9;

export const supervisedContrastiveDefinition: ExperimentDefinition<
  typeof supervisedContrastiveConfigSchema
> = {
  name: 'supervised-contrastive',
  version: 1,
  description: 'SupCon, SimCLR and cross-entropy on labelled sparse coding data',
  configSchema: supervisedContrastiveConfigSchema,
  defaultOrderParameter: 'class_probe_accuracy',
  orderParameters: [
    {
      name: 'class_probe_accuracy',
      description: 'held-out accuracy of a linear probe (ridge to one-hot, argmax) for the class'
        + ' (chance 1/classes)',
      threshold: 0.75,
      range: [0, 1],
      isOnCurve: false,
    },
    {
      name: 'class_atom_coverage',
      description: `fraction of class atoms matched by a neuron with |cosine| >= `
        + `${COVERAGE_COSINE}`,
      threshold: 0.5,
      range: [0, 1],
      isOnCurve: true,
    },
    {
      name: 'other_atom_coverage',
      description: `fraction of the other atoms matched by a neuron with |cosine| >= `
        + `${COVERAGE_COSINE}`,
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
      name: 'loss',
      description: 'the objective\'s loss at the last step',
      isOnCurve: true,
    },
  ],
  reportTables: supervisedContrastiveReportTables,
};
