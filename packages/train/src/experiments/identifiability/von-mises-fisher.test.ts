import { Random } from '@phasegrid/core';
import { describe, expect, it } from 'vitest';
import { sampleGamma, sampleVmf, vmfMeanResultantLength } from './von-mises-fisher.ts';

/** E<mu, x>^power by quadrature of the cosine's density `exp(k w) (1 - w^2)^((n-3)/2)`. */
function cosineMomentByQuadrature(dim: number, concentration: number, power = 1): number {
  const numPoints = 200_000;
  let mass = 0;
  let moment = 0;
  for (let i = 0; i < numPoints; i++) {
    const w = -1 + (2 * (i + 0.5)) / numPoints;
    // Shifted by kappa so that large concentrations do not overflow.
    const density = Math.exp(concentration * (w - 1)) * Math.pow(1 - w * w, (dim - 3) / 2);
    mass += density;
    moment += w ** power * density;
  }
  return moment / mass;
}

describe('vmfMeanResultantLength', () => {
  it.each([[3, 1], [10, 1], [10, 10], [10, 50], [5, 200]])(
    'agrees with quadrature of the density (n = %i, kappa = %f)', (dim, concentration) => {
      expect(vmfMeanResultantLength(dim, concentration))
        .toBeCloseTo(cosineMomentByQuadrature(dim, concentration), 5);
    });

  it('matches the closed form coth(k) - 1/k on the 2-sphere', () => {
    const k = 4;
    expect(vmfMeanResultantLength(3, k)).toBeCloseTo(1 / Math.tanh(k) - 1 / k, 10);
  });
});

describe('sampleVmf', () => {
  const numSamples = 20_000;

  it.each([[10, 1], [10, 10], [10, 100], [3, 5]])(
    'draws unit vectors whose mean is A_n(kappa) mu (n = %i, kappa = %f)', (dim, concentration) => {
      const rng = new Random(11, 'vmf-test');
      const mu = new Float64Array(dim);
      for (let i = 0; i < dim; i++) mu[i] = rng.normal();
      const muNorm = Math.hypot(...mu);
      for (let i = 0; i < dim; i++) mu[i]! /= muNorm;

      const mean = new Float64Array(dim);
      const out = new Float64Array(dim);
      let cosineSquares = 0;
      for (let s = 0; s < numSamples; s++) {
        sampleVmf(rng, mu, concentration, out);
        expect(Math.abs(Math.hypot(...out) - 1)).toBeLessThan(1e-9);
        let cosine = 0;
        for (let i = 0; i < dim; i++) {
          mean[i]! += out[i]! / numSamples;
          cosine += out[i]! * mu[i]!;
        }
        cosineSquares += cosine * cosine / numSamples;
      }

      // The mean along mu is A_n(kappa); with standard error at most 1/sqrt(20,000) = 0.007,
      // a tolerance of 0.02 is about 3 standard errors. Orthogonal to mu the mean is 0.
      const expected = vmfMeanResultantLength(dim, concentration);
      let along = 0;
      for (let i = 0; i < dim; i++) along += mean[i]! * mu[i]!;
      expect(Math.abs(along - expected)).toBeLessThan(0.02);
      for (let i = 0; i < dim; i++) {
        expect(Math.abs(mean[i]! - along * mu[i]!)).toBeLessThan(0.03);
      }
      // The right mean with the wrong spread would fail here (same tolerance argument).
      expect(Math.abs(cosineSquares - cosineMomentByQuadrature(dim, concentration, 2)))
        .toBeLessThan(0.02);
    });
});

describe('sampleGamma', () => {
  it.each([0.5, 4.5, 20])('has mean and variance equal to the shape %f', (shape) => {
    const rng = new Random(12, 'gamma-test');
    const numSamples = 40_000;
    let sum = 0;
    let sumSquares = 0;
    for (let s = 0; s < numSamples; s++) {
      const value = sampleGamma(rng, shape);
      sum += value;
      sumSquares += value * value;
    }
    const mean = sum / numSamples;
    const variance = sumSquares / numSamples - mean * mean;
    // Standard errors: sqrt(shape / 40,000) for the mean; about 4% of shape for the variance.
    expect(Math.abs(mean - shape)).toBeLessThan(5 * Math.sqrt(shape / numSamples));
    expect(Math.abs(variance / shape - 1)).toBeLessThan(0.08);
  });
});
