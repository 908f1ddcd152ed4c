/**
 * The family's report table: for each observation noise and age effect, the held-out age
 * correlation at every lambda beside the plain autoencoder's (lambda = 0) at the same
 * settings, so the gain, or its absence, reads directly off the rows.
 */
import type { FinishedCellView, ReportTable } from '@phasegrid/core';
import { configurationKey, otherSweptSettings } from '../shared/report-groups.ts';

/** The axes the table's own columns show. */
const SHOWN_PATHS = ['data.observationNoise', 'data.ageEffect', 'objective.lambda'];

interface Group {
  /** Swept settings besides noise, age effect and lambda, e.g. the latent size. */
  readonly otherSettings: string;
  /** The key of the same configuration with lambda = 0, the plain autoencoder. */
  readonly baselineKey: string;
  readonly noise: number;
  readonly ageEffect: number;
  readonly lambda: number;
  /** Per seed: headline, mean-difference and probe correlations. */
  readonly values: number[][];
}

/**
 * One row per configuration (seeds averaged), labelled by noise, age effect, lambda and any
 * other swept settings: mean age correlations and the gain over the same configuration at
 * lambda = 0.
 */
export function longitudinalReportTables(cells: readonly FinishedCellView[]): ReportTable[] {
  const groups = new Map<string, Group>();
  for (const cell of cells) {
    const { age_correlation: headline, age_correlation_mean_difference: meanDifference,
      age_probe_correlation: probe } = cell.orderParameters;
    if (headline == null || meanDifference == null || probe == null) continue;
    const data = cell.config.data as { ageEffect: number; observationNoise: number };
    const lambda = (cell.config.objective as { lambda: number }).lambda;
    const key = configurationKey(cell.config);
    const baselineKey = configurationKey({ ...cell.config,
      objective: { ...(cell.config.objective as object), lambda: 0 } });
    const group = groups.get(key) ?? { otherSettings: otherSweptSettings(cell, SHOWN_PATHS),
      baselineKey, noise: data.observationNoise, ageEffect: data.ageEffect, lambda, values: [] };
    group.values.push([headline, meanDifference, probe]);
    groups.set(key, group);
  }

  const hasOtherSettings = [...groups.values()].some((group) => group.otherSettings !== '');
  const rows = [...groups.values()]
    .sort((a, b) => a.noise - b.noise || a.ageEffect - b.ageEffect
      || (a.otherSettings < b.otherSettings ? -1 : a.otherSettings > b.otherSettings ? 1 : 0)
      || a.lambda - b.lambda)
    .map((group) => {
      const [headline, meanDifference, probe] = columnMeans(group.values);
      const baseline = groups.get(group.baselineKey);
      const baselineHeadline = baseline ? columnMeans(baseline.values)[0]! : null;
      const label: Array<number | string> = [group.noise, group.ageEffect, group.lambda];
      if (hasOtherSettings) label.push(group.otherSettings);
      return [...label, group.values.length,
        round(headline!), round(meanDifference!), round(probe!),
        baselineHeadline === null ? null : round(headline! - baselineHeadline)];
    });
  return [{
    title: 'Held-out age correlation by noise, age effect and lambda (means over seeds)',
    columns: ['observationNoise', 'ageEffect', 'lambda',
      ...(hasOtherSettings ? ['settings'] : []), 'seeds', 'age_correlation',
      'mean_difference', 'probe', 'gain_over_lambda_0'],
    rows,
    notes: [
      'age_correlation reads tau for lambda > 0 and the mean-difference direction at lambda 0.',
      'mean_difference: the normalised mean of z_t - z_s over training pairs, every lambda.',
      'probe: a linear readout of age from z fitted with labels (a ceiling, not a baseline).',
    ],
  }];
}

function columnMeans(values: readonly number[][]): number[] {
  return values[0]!.map((_, column) =>
    values.reduce((sum, row) => sum + row[column]!, 0) / values.length);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
