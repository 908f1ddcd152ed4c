import { describe, expect, it } from 'vitest';
import { pearsonCorrelation, stridedPearsonCorrelation } from './correlation.ts';

describe('stridedPearsonCorrelation', () => {
  it('is +1, -1 for affine copies and 0 against a constant', () => {
    const x = [1, 2, 4, 7];
    expect(stridedPearsonCorrelation(x, 1, 0, x.map((v) => 2 * v + 1), 1, 0, 4))
      .toBeCloseTo(1, 12);
    expect(stridedPearsonCorrelation(x, 1, 0, x.map((v) => -v), 1, 0, 4)).toBeCloseTo(-1, 12);
    expect(stridedPearsonCorrelation(x, 1, 0, [3, 3, 3, 3], 1, 0, 4)).toBe(0);
  });

  it('reads every stride-th value from the offset', () => {
    // Column 1 of a 3 x 2 matrix [[0, 1], [0, 2], [0, 3]] against (2, 4, 6): r = 1.
    expect(stridedPearsonCorrelation([0, 1, 0, 2, 0, 3], 2, 1, [2, 4, 6], 1, 0, 3))
      .toBeCloseTo(1, 12);
  });
});

describe('pearsonCorrelation', () => {
  it('matches a hand-computed value and is 0 for a constant series', () => {
    // x = (1, 2, 3), y = (1, 3, 2): covariance 1, variances 2 and 2, so r = 0.5.
    expect(pearsonCorrelation(Float64Array.from([1, 2, 3]), Float64Array.from([1, 3, 2])))
      .toBeCloseTo(0.5, 12);
    expect(pearsonCorrelation(Float64Array.from([1, 1, 1]), Float64Array.from([1, 3, 2])))
      .toBe(0);
  });
});
