import { describe, expect, it } from 'vitest';
import { Random } from './random.ts';

describe('Random', () => {
  it('repeats a stream for the same seed and label, and differs across labels', () => {
    const a = new Random(7, 'data');
    const b = new Random(7, 'data');
    const c = new Random(7, 'views');
    const drawsA = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(drawsA);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(drawsA);
  });

  it('draws uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = new Random(1);
    const n = 200_000;
    let sum = 0;
    let sumSquares = 0;
    let numOutside = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      if (u < 0 || u >= 1) numOutside += 1;
      sum += u;
      sumSquares += u * u;
    }
    const mean = sum / n;
    expect(numOutside).toBe(0);
    // Standard errors: sqrt(1/12/n) = 6.5e-4 for the mean; tolerances are about 5 of them.
    expect(mean).toBeCloseTo(0.5, 2);
    expect(Math.abs(sumSquares / n - mean * mean - 1 / 12)).toBeLessThan(2e-3);
  });

  it('draws normals with the moments and tail mass of N(0, 1)', () => {
    const rng = new Random(2, 'normal');
    const n = 1_000_000;
    let sum = 0;
    let sumSquares = 0;
    let sumFourth = 0;
    let beyondTwo = 0;
    let beyondThreePointFive = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.normal();
      sum += x;
      sumSquares += x * x;
      sumFourth += x ** 4;
      if (Math.abs(x) > 2) beyondTwo += 1;
      if (Math.abs(x) > 3.5) beyondThreePointFive += 1;
    }
    expect(Math.abs(sum / n)).toBeLessThan(5e-3);
    expect(Math.abs(sumSquares / n - 1)).toBeLessThan(7e-3);
    expect(Math.abs(sumFourth / n - 3)).toBeLessThan(0.05);
    // P(|X| > 2) = 0.0455, P(|X| > 3.5) = 4.65e-4: the tail beyond the ziggurat's base edge
    // (3.44) must be drawn too.
    expect(Math.abs(beyondTwo / n - 0.0455)).toBeLessThan(1.5e-3);
    expect(Math.abs(beyondThreePointFive / n - 4.65e-4)).toBeLessThan(1.2e-4);
  });

  it('rejects seeds that are not safe integers', () => {
    expect(() => new Random(0.5)).toThrow(RangeError);
    expect(() => new Random(Number.NaN)).toThrow(RangeError);
  });
});
