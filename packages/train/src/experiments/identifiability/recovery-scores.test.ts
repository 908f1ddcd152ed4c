import { Random, randomOrthonormalColumns } from '@phasegrid/core';
import { describe, expect, it } from 'vitest';
import { heldOutR2, meanCorrelationCoefficient, solveAssignment, type Samples }
  from './recovery-scores.ts';

const DIM = 10;
const ROWS = 4000;

function uniformLatents(label: string): Samples {
  const rng = new Random(0, label);
  const data = new Float64Array(ROWS * DIM);
  for (let k = 0; k < data.length; k++) data[k] = rng.uniform();
  return { rows: ROWS, cols: DIM, data };
}

function mapRows(samples: Samples, map: (row: Float64Array) => Float64Array): Samples {
  const data = new Float64Array(samples.rows * samples.cols);
  for (let n = 0; n < samples.rows; n++) {
    data.set(map(Float64Array.from(samples.data.subarray(n * DIM, (n + 1) * DIM))), n * DIM);
  }
  return { rows: samples.rows, cols: samples.cols, data };
}

const fitZ = uniformLatents('fit');
const testZ = uniformLatents('test');

describe('recovery scores on planted data', () => {
  it('give 1 and 1 for the identity', () => {
    expect(heldOutR2(fitZ, fitZ, testZ, testZ)).toBeCloseTo(1, 6);
    expect(meanCorrelationCoefficient(testZ, testZ)).toBeCloseTo(1, 6);
  });

  it('give 1 and 1 for a permutation with signs, scales and offsets', () => {
    const map = (row: Float64Array) =>
      row.map((_, i) => (i % 2 ? -3 : 2) * row[(i + 3) % DIM]! + i);
    expect(heldOutR2(mapRows(fitZ, map), fitZ, mapRows(testZ, map), testZ)).toBeCloseTo(1, 6);
    expect(meanCorrelationCoefficient(mapRows(testZ, map), testZ)).toBeCloseTo(1, 6);
  });

  it('give R^2 1 but MCC well below 1 for a random rotation', () => {
    const rotation = randomOrthonormalColumns(new Random(3, 'rotation'), DIM, DIM);
    const rotate = (row: Float64Array) => row.map((_, i) => {
      let sum = 0;
      for (let j = 0; j < DIM; j++) sum += rotation.data[i * DIM + j]! * row[j]!;
      return sum;
    });
    expect(heldOutR2(mapRows(fitZ, rotate), fitZ, mapRows(testZ, rotate), testZ))
      .toBeCloseTo(1, 4);
    expect(meanCorrelationCoefficient(mapRows(testZ, rotate), testZ)).toBeLessThan(0.8);
  });

  it('give about 0 for features independent of the latents', () => {
    const noiseFit = uniformLatents('noise-fit');
    const noiseTest = uniformLatents('noise-test');
    const r2 = heldOutR2(noiseFit, fitZ, noiseTest, testZ);
    // Held out, an unrelated regression scores slightly below 0; 11 coefficients fitted on
    // 4,000 rows cost about 11/4000 of variance.
    expect(r2).toBeLessThan(0.005);
    expect(r2).toBeGreaterThan(-0.02);
    // |correlation| of independent columns is about sqrt(2/pi)/sqrt(4000) = 0.013; the best
    // matching picks larger ones, still far from 1.
    expect(meanCorrelationCoefficient(noiseTest, testZ)).toBeLessThan(0.05);
  });
});

describe('solveAssignment', () => {
  it('finds the optimum that greedy matching misses', () => {
    // Greedy takes (0,0) for cost 1 and is then forced to (1,1) for 100; the optimum is 2 + 3.
    expect(solveAssignment([[1, 2], [3, 100]])).toEqual([1, 0]);
  });

  it('agrees with brute force on random 6 x 6 problems', () => {
    const rng = new Random(4, 'assignment');
    const permutations = (items: number[]): number[][] => items.length <= 1 ? [items]
      : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)])
        .map((rest) => [item, ...rest]));
    const all = permutations([0, 1, 2, 3, 4, 5]);
    for (let trial = 0; trial < 20; trial++) {
      const cost = Array.from({ length: 6 }, () => Array.from({ length: 6 }, () => rng.normal()));
      const total = (assignment: number[]) =>
        assignment.reduce((sum, col, row) => sum + cost[row]![col]!, 0);
      const best = Math.min(...all.map(total));
      const found = solveAssignment(cost);
      expect(new Set(found).size).toBe(6);
      expect(total(found)).toBeCloseTo(best, 10);
    }
  });
});
