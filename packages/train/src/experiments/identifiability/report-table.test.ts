import type { FinishedCellView } from '@phasegrid/core';
import { describe, expect, it } from 'vitest';
import { identifiabilityConfigSchema } from './definition.ts';
import { identifiabilityReportTables, settingLabel } from './report-table.ts';

function cell(input: unknown, seed: number, r2: number): FinishedCellView {
  return {
    axisValues: {},
    config: identifiabilityConfigSchema.parse(input) as Record<string, unknown>,
    seed,
    orderParameters: { r2, mcc: r2 / 2, generator_r2: 0.6, generator_mcc: 0.4, loss: 1 },
  };
}

const box = { latent: { kind: 'box' }, objective: { kind: 'infonce', logits: 'distance' } };

describe('identifiabilityReportTables', () => {
  it('labels the settings of SCIENCE.md by their resolved configuration', () => {
    expect(settingLabel(identifiabilityConfigSchema.parse({}))).toBe(
      'sphere, uniform, vMF(kappa=10), dot');
    expect(settingLabel(identifiabilityConfigSchema.parse(box))).toBe(
      'box, uniform, normal(0.05), distance');
    expect(settingLabel(identifiabilityConfigSchema.parse({ latent: { kind: 'real' },
      objective: { kind: 'infonce', logits: 'distance', negatives: 'positives' },
      encoder: { hasBias: true } }))).toBe(
      'real, normal(1), normal(1), distance, negatives=positives, with biases');
  });

  it('averages over seeds beside the reported values, reported settings first', () => {
    const [table] = identifiabilityReportTables([
      cell({ latent: { kind: 'box', dim: 5 } }, 0, 0.5),
      cell(box, 0, 0.9),
      cell(box, 1, 0.8),
      cell({}, 0, 0.99),
    ]);
    expect(table!.rows.map((row) => row[0])).toEqual([
      'sphere, uniform, vMF(kappa=10), dot',
      'box, uniform, normal(0.05), distance',
      'box(n=5), uniform, normal(0.05), dot',
    ]);
    const boxRow = table!.rows[1]!;
    expect(boxRow[1]).toContain('unconfirmed');
    expect(boxRow[2]).toContain('reported');
    expect(boxRow.slice(3)).toEqual([0.85, 0.425, 0.6, 0.4, 2]);
    // A setting nobody reported gets no reported values.
    expect(table!.rows[2]!.slice(1, 3)).toEqual([null, null]);
  });
});
