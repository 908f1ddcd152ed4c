/**
 * View constructions: how the two views of a positive pair are made from one sample.
 *
 * All views act coordinate-wise on row-major batches of plain floats, so they are cheap to
 * test and need no tensors. Every construction keeps each view unbiased: `E[view | x] = x`.
 */
import { z } from 'zod';
import type { Random } from '@phasegrid/core';

/**
 * Complementary-style masking with strength `s` (Wen & Li 2021): each coordinate is kept in both
 * views with probability `1 - s`, otherwise sent to exactly one view chosen by a fair coin; each
 * view is rescaled by `1 / (1 - s/2)`. `s = 1` gives the complementary masks `2Dx`, `2(I-D)x`.
 */
export const maskViewsSchema = z.strictObject({
  kind: z.literal('mask'),
  strength: z.number().min(0).max(1).default(1),
});

/** Control: each view keeps each coordinate independently with probability `keep`. */
export const independentMaskViewsSchema = z.strictObject({
  kind: z.literal('independent-mask'),
  keep: z.number().gt(0).max(1).default(0.5),
});

/** Control: each view adds its own Gaussian jitter of standard deviation `std`. */
export const jitterViewsSchema = z.strictObject({
  kind: z.literal('jitter'),
  std: z.number().min(0).max(100).default(0.1),
});

/** Control: both views are the sample itself (no augmentation). */
export const identityViewsSchema = z.strictObject({
  kind: z.literal('identity'),
});

/** Any view construction, keyed by `kind`. */
export const viewsSchema = z.discriminatedUnion('kind', [
  maskViewsSchema,
  independentMaskViewsSchema,
  jitterViewsSchema,
  identityViewsSchema,
]);

/** How positive pairs are made, as `viewsSchema` parses it (one of the view kinds). */
export type ViewsConfig = z.infer<typeof viewsSchema>;

/** The two views of a batch, each with the batch's shape. */
export interface ViewPair {
  readonly first: Float32Array;
  readonly second: Float32Array;
}

/** Makes the two views of every row of `x` (any shape: views act coordinate-wise). */
export function makeViews(config: ViewsConfig, x: Float32Array, rng: Random): ViewPair {
  switch (config.kind) {
    case 'mask':
      return maskViews(x, config.strength, rng);
    case 'independent-mask':
      return independentMaskViews(x, config.keep, rng);
    case 'jitter':
      return jitterViews(x, config.std, rng);
    case 'identity':
      return { first: x.slice(), second: x.slice() };
    default:
      return assertNever(config);
  }
}

function maskViews(x: Float32Array, strength: number, rng: Random): ViewPair {
  const first = new Float32Array(x.length);
  const second = new Float32Array(x.length);
  const scale = 1 / (1 - strength / 2);
  const keepBoth = 1 - strength;
  const firstOnly = 1 - strength / 2;

  for (let i = 0; i < x.length; i++) {
    // One uniform per coordinate decides all three outcomes, so views made with different
    // strengths from the same stream are coupled (common random numbers across cells). The
    // comparisons are turned into 0/1 factors rather than branches: the outcomes are random,
    // so branches would be mispredicted half the time.
    const u = rng.uniform();
    const value = x[i]! * scale;
    first[i] = value * +(u < firstOnly);
    second[i] = value * (+(u < keepBoth) + +(u >= firstOnly));
  }
  return { first, second };
}

function independentMaskViews(x: Float32Array, keep: number, rng: Random): ViewPair {
  const first = new Float32Array(x.length);
  const second = new Float32Array(x.length);
  const scale = 1 / keep;
  for (let i = 0; i < x.length; i++) {
    if (rng.uniform() < keep) first[i] = x[i]! * scale;
    if (rng.uniform() < keep) second[i] = x[i]! * scale;
  }
  return { first, second };
}

function jitterViews(x: Float32Array, std: number, rng: Random): ViewPair {
  const first = new Float32Array(x.length);
  const second = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    first[i] = x[i]! + std * rng.normal();
    second[i] = x[i]! + std * rng.normal();
  }
  return { first, second };
}

function assertNever(value: never): never {
  throw new Error(`unhandled views kind: ${JSON.stringify(value)}`);
}
