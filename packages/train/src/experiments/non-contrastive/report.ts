/** The family's report table: measured surviving modes beside the analytic count, per cell. */
import type { FinishedCellView, ReportTable } from '@phasegrid/core';
import { nonContrastiveConfigSchema, predictNonContrastive } from './config.ts';

interface Group {
  readonly predictor: string;
  readonly weightDecay: number;
  readonly noiseVariance: number;
  readonly predicted: number | undefined;
  readonly counts: number[];
}

/** One row per predictor, weight decay and noise; seeds are averaged. */
export function nonContrastiveReportTables(cells: readonly FinishedCellView[]): ReportTable[] {
  const groups = new Map<string, Group>();
  for (const cell of cells) {
    const parsed = nonContrastiveConfigSchema.safeParse(cell.config);
    const count = cell.orderParameters.surviving_modes;
    if (!parsed.success || count === null || count === undefined) continue;
    const config = parsed.data;
    const key = JSON.stringify([config.predictor, config.loss, config.target,
      config.optimizer.weightDecay, config.views.noiseVariance]);
    const group = groups.get(key) ?? { predictor: `${config.predictor.kind}, ${config.loss}`,
      weightDecay: config.optimizer.weightDecay, noiseVariance: config.views.noiseVariance,
      predicted: predictNonContrastive('surviving_modes', cell.config), counts: [] };
    group.counts.push(count);
    groups.set(key, group);
  }
  if (groups.size === 0) return [];

  const rows = [...groups.values()].map((group) => {
    const mean = group.counts.reduce((sum, value) => sum + value, 0) / group.counts.length;
    const predicted = group.predicted ?? null;
    return [group.predictor, group.weightDecay, group.noiseVariance, mean, predicted,
      predicted === null ? null : mean - predicted];
  });
  return [{
    title: 'Surviving modes: measured and analytic',
    columns: ['predictor, loss', 'weight decay', 'noise variance', 'measured (mean)',
      'analytic', 'difference'],
    rows,
    notes: ['analytic: modes of input variance d with eta < d^2 / (4 (d + sigma^2)) '
      + '(squared-error loss, stop-gradient target, with a predictor; SCIENCE.md section 3)'],
  }];
}
