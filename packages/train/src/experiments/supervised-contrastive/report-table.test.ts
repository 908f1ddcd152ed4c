import { Random, type FinishedCellView } from '@phasegrid/core';
import { describe, expect, it } from 'vitest';
import {
  bayesClassAccuracy,
  normalCdf,
  supervisedContrastiveReportTables,
} from './report-table.ts';

describe('bayesClassAccuracy', () => {
  it('has the closed form Phi(a / (sigma sqrt 2)) for two classes', () => {
    for (const [amplitude, noise] of [[0.5, 0.25], [0.2, 0.3], [1, 0.1]] as const) {
      expect(bayesClassAccuracy(2, amplitude, noise))
        .toBeCloseTo(normalCdf(amplitude / (noise * Math.SQRT2)), 5);
    }
  });

  it('is chance at amplitude 0 and 1 without noise', () => {
    expect(bayesClassAccuracy(4, 0, 0.25)).toBeCloseTo(0.25, 5);
    expect(bayesClassAccuracy(4, 0.5, 0)).toBe(1);
  });

  it('agrees with a simulation of the argmax rule for four classes', () => {
    const rng = new Random(4);
    const numTrials = 100_000;
    let correct = 0;
    for (let n = 0; n < numTrials; n++) {
      const own = 0.5 + 0.25 * rng.normal();
      const rivals = [rng.normal(), rng.normal(), rng.normal()].map((v) => 0.25 * v);
      if (rivals.every((value) => value < own)) correct += 1;
    }
    // Standard error of the simulated accuracy: about 0.0012.
    expect(Math.abs(bayesClassAccuracy(4, 0.5, 0.25) - correct / numTrials)).toBeLessThan(0.005);
  });

  it('has a normal CDF accurate to 1e-7 at known points', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 7);
    expect(normalCdf(-1)).toBeCloseTo(0.158655254, 7);
  });
});

describe('supervisedContrastiveReportTables', () => {
  const cell = (kind: string, seed: number, accuracy: number | null): FinishedCellView => ({
    axisValues: {},
    config: { data: { classAmplitude: 0.5, noise: 0.25, classes: 4 },
      objective: kind === 'supcon' ? { kind, variant: 'out' } : { kind } },
    seed,
    orderParameters: { class_probe_accuracy: accuracy },
  });

  it('averages seeds per objective and puts the ceiling beside them', () => {
    const [table] = supervisedContrastiveReportTables([cell('supcon', 0, 0.8),
      cell('supcon', 1, 0.7), cell('simclr', 0, 0.6), cell('simclr', 1, null)]);
    expect(table!.rows).toEqual([
      ['simclr', 0.5, 0.25, 1, 0.6, 0.823],
      ['supcon (out)', 0.5, 0.25, 2, 0.75, 0.823],
    ]);
  });

  it('gives no table without finished cells', () => {
    expect(supervisedContrastiveReportTables([])).toEqual([]);
  });
});
