/**
 * Draws the second moments of a batch of views directly, without drawing the batch. For
 * Gaussian inputs and Gaussian view noise the batch moment matrix of `(x1, x2)` is Wishart
 * distributed, and the squared-error loss (and DirectPred's correlation) sees the batch only
 * through it. Bartlett's decomposition samples it in O(d^3), independent of the batch size,
 * where forming it from samples costs O(B d^2) and dominated a step.
 */
import type { Random } from '@phasegrid/core';
import { zeros } from './matrix.ts';
import type { ViewMoments } from './objective.ts';

/**
 * The moments `E_batch[x_a x_b^T]` of `batchSize` samples of inputs with diagonal covariance
 * `variances` and two views with independent noise of variance `noiseVariance`. Needs
 * `batchSize >= 2 dim` (below that the Wishart matrix is singular and Bartlett does not apply).
 */
export function sampleViewMoments(
  rng: Random,
  variances: readonly number[],
  noiseVariance: number,
  batchSize: number,
): ViewMoments {
  const dim = variances.length;
  const size = 2 * dim;
  if (batchSize < size) {
    throw new RangeError(`sampleViewMoments: batch size ${batchSize} is below 2 x dim = ${size}`);
  }

  // Bartlett: A lower triangular, A_kk^2 ~ chi^2(B - k), A_kl ~ N(0, 1) below the diagonal.
  const bartlett = zeros(size, size);
  for (let k = 0; k < size; k++) {
    bartlett.data[k * size + k] = Math.sqrt(2 * sampleGamma(rng, (batchSize - k) / 2));
    for (let l = 0; l < k; l++) bartlett.data[k * size + l] = rng.normal();
  }

  // Coordinates are ordered (x1_0, x2_0, x1_1, ...), so the covariance's Cholesky factor L is
  // block diagonal, one 2 x 2 block [[a, 0], [b, c]] per input coordinate: L A costs O(d^2).
  const factor = zeros(size, size);
  variances.forEach((variance, i) => {
    const a = Math.sqrt(variance + noiseVariance);
    const b = variance / a;
    const c = Math.sqrt(Math.max(variance + noiseVariance - b * b, 0));
    const [upper, lower] = [2 * i * size, (2 * i + 1) * size];
    for (let l = 0; l <= 2 * i + 1; l++) {
      factor.data[upper + l] = a * bartlett.data[upper + l]!;
      factor.data[lower + l] = b * bartlett.data[upper + l]! + c * bartlett.data[lower + l]!;
    }
  });

  // (L A)(L A)^T, symmetric; row k of L A is zero beyond column k | 1.
  const joint = zeros(size, size);
  for (let k = 0; k < size; k++) {
    for (let l = 0; l <= k; l++) {
      const last = Math.min(k | 1, l | 1);
      let dot = 0;
      for (let m = 0; m <= last; m++) {
        dot += factor.data[k * size + m]! * factor.data[l * size + m]!;
      }
      joint.data[k * size + l] = dot;
      joint.data[l * size + k] = dot;
    }
  }

  const firstFirst = zeros(dim, dim);
  const secondSecond = zeros(dim, dim);
  const firstSecond = zeros(dim, dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < dim; j++) {
      firstFirst.data[i * dim + j] = joint.data[2 * i * size + 2 * j]! / batchSize;
      secondSecond.data[i * dim + j] = joint.data[(2 * i + 1) * size + 2 * j + 1]! / batchSize;
      firstSecond.data[i * dim + j] = joint.data[2 * i * size + 2 * j + 1]! / batchSize;
    }
  }
  return { firstFirst, secondSecond, firstSecond };
}

/** A Gamma(shape, 1) variate (Marsaglia & Tsang 2000; shapes below 1 by the power boost). */
export function sampleGamma(rng: Random, shape: number): number {
  if (shape < 1) return sampleGamma(rng, shape + 1) * rng.uniform() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = rng.uniform();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

