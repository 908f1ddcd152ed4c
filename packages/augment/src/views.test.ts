import { Random } from '@phasegrid/core';
import { describe, expect, it } from 'vitest';
import { makeViews, viewsSchema, type ViewsConfig } from './views.ts';

/** Pearson correlation between the two views' entries, over many draws of pure noise. */
function viewCorrelation(config: ViewsConfig, numEntries = 200_000): number {
  const rng = new Random(4, 'noise');
  const x = rng.fillNormal(new Float32Array(numEntries));
  const { first, second } = makeViews(config, x, new Random(4, 'views'));
  let sumFirst = 0;
  let sumSecond = 0;
  let sumProduct = 0;
  let sumFirstSquares = 0;
  let sumSecondSquares = 0;
  for (let i = 0; i < numEntries; i++) {
    sumFirst += first[i]!;
    sumSecond += second[i]!;
    sumProduct += first[i]! * second[i]!;
    sumFirstSquares += first[i]! ** 2;
    sumSecondSquares += second[i]! ** 2;
  }
  const n = numEntries;
  const covariance = sumProduct / n - (sumFirst / n) * (sumSecond / n);
  const varianceFirst = sumFirstSquares / n - (sumFirst / n) ** 2;
  const varianceSecond = sumSecondSquares / n - (sumSecond / n) ** 2;
  return covariance / Math.sqrt(varianceFirst * varianceSecond);
}

/** Mean of each view over many draws for one fixed sample, and the largest deviation from x. */
function largestBias(config: ViewsConfig, numDraws = 40_000): number {
  const x = Float32Array.from([1, -2, 0.5, 3]);
  const tiled = new Float32Array(x.length * numDraws);
  for (let n = 0; n < numDraws; n++) tiled.set(x, n * x.length);
  const { first, second } = makeViews(config, tiled, new Random(8));
  let largest = 0;
  for (const view of [first, second]) {
    for (let i = 0; i < x.length; i++) {
      let sum = 0;
      for (let n = 0; n < numDraws; n++) sum += view[n * x.length + i]!;
      largest = Math.max(largest, Math.abs(sum / numDraws - x[i]!));
    }
  }
  return largest;
}

const mask = (strength: number): ViewsConfig => ({ kind: 'mask', strength });

describe('makeViews', () => {
  it('gives identical noise in both views at s = 0 and uncorrelated noise at s = 1', () => {
    expect(viewCorrelation(mask(0))).toBeCloseTo(1, 6);
    expect(Math.abs(viewCorrelation(mask(1)))).toBeLessThan(0.01);
  });

  it('correlates the views\' noise by (1 - s) / (1 - s/2) in between', () => {
    // s = 0.5: 0.5 / 0.75 = 2/3; the estimate's standard error is about 0.002.
    expect(viewCorrelation(mask(0.5))).toBeCloseTo(2 / 3, 2);
  });

  it('makes complementary masks at s = 1: every coordinate is in exactly one view, doubled', () => {
    const x = Float32Array.from({ length: 1000 }, (_, i) => i + 1);
    const { first, second } = makeViews(mask(1), x, new Random(1));
    for (let i = 0; i < x.length; i++) {
      expect(first[i]! === 0 || second[i]! === 0).toBe(true);
      expect(first[i]! + second[i]!).toBe(2 * x[i]!);
    }
  });

  it('keeps each view unbiased for every construction', () => {
    // Worst per-coordinate standard error here is about 3 * 1 / sqrt(40,000) = 0.015.
    for (const config of [mask(0.25), mask(1), { kind: 'independent-mask', keep: 0.5 },
      { kind: 'jitter', std: 0.5 }] as ViewsConfig[]) {
      expect(largestBias(config)).toBeLessThan(0.06);
    }
  });

  it('leaves noise correlated under independent masks (correlation = keep probability)', () => {
    expect(viewCorrelation({ kind: 'independent-mask', keep: 0.5 })).toBeCloseTo(0.5, 1);
  });

  it('returns copies of the sample for identity views', () => {
    const x = Float32Array.from([1, 2, 3]);
    const { first, second } = makeViews({ kind: 'identity' }, x, new Random(0));
    expect(first).toEqual(x);
    expect(second).toEqual(x);
    first[0] = 9;
    expect(x[0]).toBe(1);
  });

  it('validates settings: strength outside [0, 1] and unknown kinds are refused', () => {
    expect(viewsSchema.safeParse({ kind: 'mask', strength: 1.5 }).success).toBe(false);
    expect(viewsSchema.safeParse({ kind: 'crop' }).success).toBe(false);
    expect(viewsSchema.parse({ kind: 'mask' })).toEqual({ kind: 'mask', strength: 1 });
  });
});
