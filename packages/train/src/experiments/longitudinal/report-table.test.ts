import type { FinishedCellView } from '@phasegrid/core';
import { describe, expect, it } from 'vitest';
import { longitudinalReportTables } from './report-table.ts';

function cell(ageEffect: number, lambda: number, seed: number, headline: number,
  meanDifference: number, observationNoise = 0.1): FinishedCellView {
  return {
    axisValues: {},
    config: { data: { ageEffect, observationNoise }, objective: { lambda } },
    seed,
    orderParameters: { age_correlation: headline,
      age_correlation_mean_difference: meanDifference, age_probe_correlation: 0.9 },
  };
}

describe('longitudinalReportTables', () => {
  it('averages seeds and sets each lambda against lambda = 0 at the same noise and age effect',
    () => {
      const [table] = longitudinalReportTables([
        cell(1, 1, 0, 0.9, 0.88), cell(1, 1, 1, 0.8, 0.78),
        cell(1, 0, 0, 0.7, 0.7), cell(1, 0, 1, 0.6, 0.6),
        cell(0.5, 1, 0, 0.5, 0.5),
        cell(1, 1, 0, 0.4, 0.4, 0.5), cell(1, 0, 0, 0.5, 0.5, 0.5),
      ]);
      expect(table!.rows).toEqual([
        [0.1, 0.5, 1, 1, 0.5, 0.5, 0.9, null],
        [0.1, 1, 0, 2, 0.65, 0.65, 0.9, 0],
        [0.1, 1, 1, 2, 0.85, 0.83, 0.9, 0.2],
        [0.5, 1, 0, 1, 0.5, 0.5, 0.9, 0],
        [0.5, 1, 1, 1, 0.4, 0.4, 0.9, -0.1],
      ]);
    });

  it('keeps other swept settings apart and compares each with its own lambda = 0', () => {
    const at = (latentDim: number, lambda: number, headline: number): FinishedCellView => ({
      axisValues: { 'objective.lambda': lambda, 'model.latentDim': latentDim },
      config: { data: { ageEffect: 1, observationNoise: 0.1 }, objective: { lambda },
        model: { latentDim } },
      seed: 0,
      orderParameters: { age_correlation: headline, age_correlation_mean_difference: headline,
        age_probe_correlation: 0.9 },
    });
    const [table] = longitudinalReportTables([at(2, 0, 0.5), at(2, 1, 0.6), at(16, 0, 0.8),
      at(16, 1, 0.9)]);
    expect(table!.columns[3]).toBe('settings');
    expect(table!.rows.map((row) => [row[2], row[3], row[4], row.at(-1)])).toEqual([
      [0, 'model.latentDim=16', 1, 0],
      [1, 'model.latentDim=16', 1, 0.1],
      [0, 'model.latentDim=2', 1, 0],
      [1, 'model.latentDim=2', 1, 0.1],
    ]);
  });

  it('leaves out cells without measurements, such as diverged ones', () => {
    const diverged: FinishedCellView = { axisValues: {}, seed: 0, orderParameters: {},
      config: { data: { ageEffect: 1, observationNoise: 0.1 }, objective: { lambda: 1 } } };
    expect(longitudinalReportTables([diverged])[0]!.rows).toEqual([]);
  });
});
