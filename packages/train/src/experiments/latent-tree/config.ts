/**
 * The settings of the `latent-tree` family; tensor-free. Defaults follow the official code's
 * setting (depth-5 binary tree, hid = 10, delta_lower 0.8, batch 128, temperature 0.1), with
 * InfoNCE and Adam at 0.01 in place of its soft contrast and SGD at 0.1. Both reach the same
 * correlations (measured at delta_lower 0.7, seed 0: 0.85 averaged over depths 0-1 within 50
 * Adam steps, and by the first sample at step 200 with the official pair), and both objectives
 * are available.
 *
 * `delta_lower` and `hid` keep the official code's names so its commands translate one to one.
 */
import { z } from 'zod';
import { optimizerSchema } from '../../optimizers/optimizer-config.ts';

/**
 * The deepest tree allowed: the paper's depth 5 (32 leaves for binary trees). Every latent depth
 * declares three order parameters, each drawn as a heatmap; capping the depth at the default's
 * keeps that list bounded and leaves no order parameter empty in the shipped sweep.
 */
export const MAX_DEPTH = 5;

/** The most activations a cell may hold at once: about 400 MB of float64. */
const MAX_ACTIVATION_VALUES = 50_000_000;

function activationValues(config: { tree: { depth: number; childrenPerNode: number };
  encoder: { hid: number }; evaluation: { samples: number }; training: { batchSize: number } },
): number {
  const { depth, childrenPerNode } = config.tree;
  let latentNodes = 0;
  for (let d = 0; d < depth; d++) latentNodes += childrenPerNode ** d;
  const rows = Math.max(config.evaluation.samples, 2 * config.training.batchSize);
  return latentNodes * config.encoder.hid * rows;
}

/** The objective: SimCLR's InfoNCE, or the official code's soft contrast on distances. */
export const latentTreeObjectiveSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('infonce'),
    /** Logits are cosine similarities over this temperature. */
    temperature: z.number().positive().max(100).default(0.1),
  }),
  z.strictObject({
    kind: z.literal('soft-contrast'),
    /** `-sigmoid((d- - d+) / T)` on mean squared distances: the official code's `nce` loss. */
    temperature: z.number().positive().max(100).default(0.1),
    /** `batch`: distances averaged over the batch first (the official code); `pair`: the
     * contrast per pair, then averaged. */
    reduction: z.enum(['batch', 'pair']).default('batch'),
  }),
]);

/** Every setting of a latent-tree cell, with its default. */
export const latentTreeConfigSchema = z.strictObject({
  tree: z.strictObject({
    /** Edges from root to leaf: latent depths 0 ... depth - 1, leaves at `depth`. */
    depth: z.int().min(1).max(MAX_DEPTH).default(5),
    childrenPerNode: z.int().min(2).max(8).default(2),
    /** Each edge's `|delta|` is uniform in `[delta_lower, 1)`, its sign random; a child
     * equals its parent with probability `(1 + delta) / 2`. At most 0.99: closer to 1 an edge
     * can round to exactly 1, where the posterior's log-odds are infinite. */
    delta_lower: z.number().min(0).max(0.99).default(0.8),
  }).prefault({}),
  encoder: z.strictObject({
    /** Neurons per latent node (the paper's `|N^ch_mu|`, the degree of over-parameterisation). */
    hid: z.int().min(1).max(64).default(10),
    /** `f = h / sqrt(|h|^2 + normEpsilon^2)` on the root's pre-activations h. */
    normEpsilon: z.number().positive().max(1).default(1e-4),
  }).prefault({}),
  objective: latentTreeObjectiveSchema.prefault({ kind: 'infonce' }),
  optimizer: optimizerSchema.prefault({ kind: 'adam', learningRate: 0.01 }),
  training: z.strictObject({
    /**
     * Optimisation steps; every step draws a fresh batch of positive pairs. With Adam at
     * 0.01 every cell of the shipped sweep that learned had 95% of its final deep_corr gain
     * by step 200 (median 50); 500 leaves room for slower settings at a few seconds a cell.
     */
    steps: z.int().min(1).max(1_000_000).default(500),
    /** Positive pairs per step (2 x this many trees go through the encoder). */
    batchSize: z.int().min(2).max(4096).default(128),
  }).prefault({}),
  evaluation: z.strictObject({
    /** Sample the learning curve every this many steps (and at the first and last step). */
    everySteps: z.int().min(1).max(1_000_000).default(50),
    /** Held-out trees for the correlations, the Bayes ceiling and the effective rank. */
    samples: z.int().min(512).max(1_000_000).default(4096),
    /**
     * The depths nearest the root (0 ... deepDepths - 1, capped at the tree's latent depths)
     * that `deep_*` averages over, each depth weighing the same. The default 3 leaves out the
     * two latent levels nearest the leaves, where an untrained network with hid = 10 already
     * sits within about 0.1 (depth 3) and 0.03 (depth 4) of the Bayes ceiling, against
     * 0.1-0.36 below it at depths 0-1 (measured at depth 5, delta_lower 0.5-0.9).
     */
    deepDepths: z.int().min(1).max(MAX_DEPTH).default(3),
  }).prefault({}),
}).refine((config) => activationValues(config) <= MAX_ACTIVATION_VALUES, {
  message: `the network's activations are too large: latent nodes x hid x the larger of ` +
    `evaluation.samples and 2 x training.batchSize must stay within ${MAX_ACTIVATION_VALUES} ` +
    'values (about 400 MB as float64); use a smaller tree, fewer neurons or fewer samples',
  path: ['evaluation', 'samples'],
});

/** A validated latent-tree configuration, defaults filled in. */
export type LatentTreeConfig = z.infer<typeof latentTreeConfigSchema>;

