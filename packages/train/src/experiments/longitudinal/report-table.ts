/**
 * The family's report table: for each observation noise and age effect, the held-out age
 * correlation at every lambda beside the plain autoencoder's (lambda = 0) at the same
 * settings, so the gain, or its absence, reads directly off the rows.
 */
import type { FinishedCellView, ReportTable } from '@phasegrid/core';

interface Group {
  readonly noise: number;
  readonly ageEffect: number;
  readonly lambda: number;
  /** Per seed: headline, mean-difference and probe correlations. */
  readonly values: number[][];
}

/** One row per noise, age effect and lambda: mean age correlations over seeds and the gain. */
export function longitudinalReportTables(cells: readonly FinishedCellView[]): ReportTable[] {
  const groups = new Map<string, Group>();
  for (const cell of cells) {
    const { age_correlation: headline, age_correlation_mean_difference: meanDifference,
      age_probe_correlation: probe } = cell.orderParameters;
    if (headline == null || meanDifference == null || probe == null) continue;
    const data = cell.config.data as { ageEffect: number; observationNoise: number };
    const lambda = (cell.config.objective as { lambda: number }).lambda;
    const key = groupKey(data.observationNoise, data.ageEffect, lambda);
    const group = groups.get(key) ?? { noise: data.observationNoise,
      ageEffect: data.ageEffect, lambda, values: [] };
    group.values.push([headline, meanDifference, probe]);
    groups.set(key, group);
  }

  const rows = [...groups.values()]
    .sort((a, b) => a.noise - b.noise || a.ageEffect - b.ageEffect || a.lambda - b.lambda)
    .map((group) => {
      const [headline, meanDifference, probe] = columnMeans(group.values);
      const baseline = groups.get(groupKey(group.noise, group.ageEffect, 0));
      const baselineHeadline = baseline ? columnMeans(baseline.values)[0]! : null;
      return [group.noise, group.ageEffect, group.lambda, group.values.length,
        round(headline!), round(meanDifference!), round(probe!),
        baselineHeadline === null ? null : round(headline! - baselineHeadline)];
    });
  return [{
    title: 'Held-out age correlation by noise, age effect and lambda (means over seeds)',
    columns: ['observationNoise', 'ageEffect', 'lambda', 'seeds', 'age_correlation',
      'mean_difference', 'probe', 'gain_over_lambda_0'],
    rows,
    notes: [
      'age_correlation reads tau for lambda > 0 and the mean-difference direction at lambda 0.',
      'mean_difference: the normalised mean of z_t - z_s over training pairs, every lambda.',
      'probe: a linear readout of age from z fitted with labels (a ceiling, not a baseline).',
    ],
  }];
}

function groupKey(noise: number, ageEffect: number, lambda: number): string {
  return JSON.stringify([noise, ageEffect, lambda]);
}

function columnMeans(values: readonly number[][]): number[] {
  return values[0]!.map((_, column) =>
    values.reduce((sum, row) => sum + row[column]!, 0) / values.length);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
