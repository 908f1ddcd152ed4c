import { describe, expect, it } from 'vitest';
import { pearsonCorrelation } from '../shared/correlation.ts';
import { meanChangeCosine, meanChangeDirection, projectionAgeCorrelation } from './measure.ts';

describe('meanChangeDirection', () => {
  it('normalises the mean of later minus earlier latents, earlier rows stacked first', () => {
    // Changes (1, 0) and (3, 4): mean (2, 2), normalised (1, 1) / sqrt 2.
    const latents = Float64Array.from([0, 0, 1, 1, 1, 0, 4, 5]);
    const direction = meanChangeDirection(latents, 2, 2);
    expect(direction[0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(direction[1]).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('gives zeros, not NaN, when no latent moves', () => {
    const still = Float64Array.from([1, 2, 1, 2]);
    expect(Array.from(meanChangeDirection(still, 1, 2))).toEqual([0, 0]);
  });
});

describe('meanChangeCosine', () => {
  it('averages the cosine of each change with the direction', () => {
    // Changes (1, 0) and (0, 2) against (1, 0): cosines 1 and 0.
    const latents = Float64Array.from([0, 0, 5, 5, 1, 0, 5, 7]);
    expect(meanChangeCosine(latents, 2, Float64Array.from([1, 0]))).toBeCloseTo(0.5, 12);
  });
});

describe('projectionAgeCorrelation', () => {
  it('is |corr| of the projection with age, whatever the sign of the direction', () => {
    const latents = Float64Array.from([1, 9, 2, -3, 3, 4, 4, 0]);
    const ages = Float64Array.from([10, 20, 30, 40]);
    expect(projectionAgeCorrelation(latents, ages, Float64Array.from([1, 0]))).toBeCloseTo(1, 12);
    expect(projectionAgeCorrelation(latents, ages, Float64Array.from([-1, 0]))).toBeCloseTo(1, 12);
    const other = projectionAgeCorrelation(latents, ages, Float64Array.from([0, 1]));
    expect(other).toBeCloseTo(Math.abs(pearsonCorrelation(Float64Array.from([9, -3, 4, 0]),
      ages)), 12);
    expect(other).toBeLessThan(0.9);
  });
});
