/**
 * Latent samples: anchors from the space's marginal, positives from the conditional around
 * each anchor, handled as the space requires (projection onto the sphere, rejection in the box).
 */
import type { Random } from '@phasegrid/core';
import type { LatentConfig } from './definition.ts';
import { sampleVmf } from './von-mises-fisher.ts';

/** `count` latents, row-major `count x dim`. */
export interface LatentBatch {
  readonly count: number;
  readonly dim: number;
  readonly values: Float64Array;
}

/** Anchors and their positives, row i of each forming a pair. */
export interface LatentPairs {
  readonly anchors: LatentBatch;
  readonly positives: LatentBatch;
}

type NoiseConfig = { readonly kind: 'normal' | 'laplace'; readonly scale: number };

/** A draw of `count` latents from the space's marginal. */
export function sampleMarginal(config: LatentConfig, rng: Random, count: number): LatentBatch {
  const { dim } = config;
  const values = new Float64Array(count * dim);
  switch (config.kind) {
    case 'sphere':
      for (let n = 0; n < count; n++) {
        const row = values.subarray(n * dim, (n + 1) * dim);
        for (let i = 0; i < dim; i++) row[i] = rng.normal();
        normaliseInPlace(row);
      }
      break;
    case 'box':
      for (let i = 0; i < values.length; i++) values[i] = rng.uniform();
      break;
    case 'real':
      for (let i = 0; i < values.length; i++) values[i] = sampleNoise(rng, config.marginal);
      break;
  }
  return { count, dim, values };
}

/** `count` anchors from the marginal and one positive per anchor from the conditional. */
export function sampleLatentPairs(config: LatentConfig, rng: Random, count: number): LatentPairs {
  const anchors = sampleMarginal(config, rng, count);
  const { dim } = config;
  const values = new Float64Array(count * dim);
  for (let n = 0; n < count; n++) {
    const anchor = anchors.values.subarray(n * dim, (n + 1) * dim);
    const positive = values.subarray(n * dim, (n + 1) * dim);
    samplePositive(config, rng, anchor, positive);
  }
  return { anchors, positives: { count, dim, values } };
}

function samplePositive(
  config: LatentConfig,
  rng: Random,
  anchor: Float64Array,
  out: Float64Array,
): void {
  switch (config.kind) {
    case 'sphere': {
      const conditional = config.conditional;
      if (conditional.kind === 'vmf') {
        sampleVmf(rng, anchor, conditional.concentration, out);
        return;
      }
      for (let i = 0; i < anchor.length; i++) out[i] = anchor[i]! + sampleNoise(rng, conditional);
      normaliseInPlace(out);
      return;
    }
    case 'box':
      // The box and the noise both factorise over coordinates, so rejecting a coordinate at a
      // time gives the same truncated conditional as rejecting whole vectors, far cheaper.
      for (let i = 0; i < anchor.length; i++) {
        let value: number;
        do value = anchor[i]! + sampleNoise(rng, config.conditional);
        while (value < 0 || value > 1);
        out[i] = value;
      }
      return;
    case 'real':
      for (let i = 0; i < anchor.length; i++) {
        out[i] = anchor[i]! + sampleNoise(rng, config.conditional);
      }
      return;
  }
}

/** A centred Normal (scale = std) or Laplace (scale = b) variate. */
export function sampleNoise(rng: Random, noise: NoiseConfig): number {
  switch (noise.kind) {
    case 'normal':
      return noise.scale * rng.normal();
    case 'laplace': {
      // A signed exponential; `1 - uniform()` keeps the logarithm's argument in (0, 1].
      const magnitude = -noise.scale * Math.log(1 - rng.uniform());
      return rng.uniform() < 0.5 ? -magnitude : magnitude;
    }
  }
}

function normaliseInPlace(row: Float64Array): void {
  let normSquared = 0;
  for (let i = 0; i < row.length; i++) normSquared += row[i]! * row[i]!;
  const inverse = 1 / Math.sqrt(normSquared);
  for (let i = 0; i < row.length; i++) row[i] = row[i]! * inverse;
}
