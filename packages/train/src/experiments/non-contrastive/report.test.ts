import { describe, expect, it } from 'vitest';
import { nonContrastiveReportTables } from './report.ts';

describe('nonContrastiveReportTables', () => {
  it('averages seeds per cell and puts the analytic count beside the measured one', () => {
    const config = { optimizer: { weightDecay: 0.1 }, views: { noiseVariance: 0.1 } };
    const cell = (seed: number, count: number) => ({ axisValues: {}, config, seed,
      orderParameters: { surviving_modes: count } });
    const [table] = nonContrastiveReportTables([cell(0, 4), cell(1, 5)]);
    // 16 default modes at eta = 0.1, sigma^2 = 0.1: five survive (see analytic.test.ts).
    expect(table!.rows).toEqual([['trained, squared', 0.1, 0.1, 4.5, 5, -0.5]]);
  });

  it('leaves the analytic column empty where the theory does not apply', () => {
    const config = { loss: 'cosine', optimizer: { weightDecay: 0 } };
    const [table] = nonContrastiveReportTables([{ axisValues: {}, config, seed: 0,
      orderParameters: { surviving_modes: 16 } }]);
    expect(table!.rows).toEqual([['trained, cosine', 0, 0.3, 16, null, null]]);
  });
});
