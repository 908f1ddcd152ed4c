import { describe, expect, it } from 'vitest';
import { latentTreeReportTables } from './report-table.ts';

function cell(seed: number, root: number, config: Record<string, unknown> = {}) {
  const orderParameters: Record<string, number> = {};
  for (let d = 0; d < 5; d++) {
    orderParameters[`corr_depth_${d}`] = d === 0 ? root : 0.9;
    orderParameters[`untrained_corr_depth_${d}`] = 0.5;
    orderParameters[`bayes_corr_depth_${d}`] = 0.95;
  }
  return { axisValues: {}, config, seed, orderParameters };
}

describe('latentTreeReportTables', () => {
  it('averages seeds per hid and delta_lower, one column per depth', () => {
    const config = { encoder: { hid: 4 }, tree: { delta_lower: 0.6 } };
    const [table] = latentTreeReportTables([cell(0, 0.7, config), cell(1, 0.8, config),
      cell(0, 0.2)]);
    expect(table!.columns).toEqual(['hid', 'delta_lower', 'seeds', 'depth 0', 'depth 1',
      'depth 2', 'depth 3', 'depth 4']);
    expect(table!.rows[0]).toEqual([4, 0.6, 2, '0.75 / 0.50 / 0.95', '0.90 / 0.50 / 0.95',
      '0.90 / 0.50 / 0.95', '0.90 / 0.50 / 0.95', '0.90 / 0.50 / 0.95']);
    // The defaults form their own row: hid 10, delta_lower 0.8.
    expect(table!.rows[1]!.slice(0, 4)).toEqual([10, 0.8, 1, '0.20 / 0.50 / 0.95']);
  });

  it('never pools cells that differ in another swept setting, and names that setting', () => {
    const at = (temperature: number, seed: number, root: number) => ({
      ...cell(seed, root, { objective: { kind: 'infonce', temperature } }),
      axisValues: { 'encoder.hid': 10, 'objective.temperature': temperature },
    });
    const [table] = latentTreeReportTables([at(0.1, 0, 0.7), at(0.5, 0, 0.3), at(0.1, 1, 0.9)]);
    expect(table!.columns.slice(0, 4)).toEqual(['hid', 'delta_lower', 'settings', 'seeds']);
    expect(table!.rows.map((row) => row.slice(0, 5))).toEqual([
      [10, 0.8, 'objective.temperature=0.1', 2, '0.80 / 0.50 / 0.95'],
      [10, 0.8, 'objective.temperature=0.5', 1, '0.30 / 0.50 / 0.95'],
    ]);
  });

  it('skips diverged cells, which carry no order parameters', () => {
    expect(latentTreeReportTables([{ axisValues: {}, config: {}, seed: 0,
      orderParameters: {} }])).toEqual([]);
  });
});
