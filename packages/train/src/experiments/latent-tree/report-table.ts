/**
 * The family's report table: per cell (seeds averaged) and per latent depth, the trained
 * network's correlation beside the untrained one's and the Bayes ceiling, which the phase
 * diagram's single number summarises.
 */
import type { FinishedCellView, ReportTable } from '@phasegrid/core';
import { configurationKey, otherSweptSettings } from '../shared/report-groups.ts';
import { latentTreeConfigSchema } from './config.ts';

/** The axes the table's own columns show. */
const SHOWN_PATHS = ['encoder.hid', 'tree.delta_lower'];

interface Group {
  /** Swept settings besides `hid` and `delta_lower`, e.g. the objective. */
  readonly otherSettings: string;
  readonly hid: number;
  readonly deltaLower: number;
  readonly depth: number;
  readonly cells: FinishedCellView[];
}

/**
 * One row per configuration (seeds averaged), labelled by `hid`, `delta_lower` and any other
 * swept settings; cells are `trained / untrained / Bayes`.
 */
export function latentTreeReportTables(cells: readonly FinishedCellView[]): ReportTable[] {
  const groups = new Map<string, Group>();
  for (const cell of cells) {
    const parsed = latentTreeConfigSchema.safeParse(cell.config);
    if (!parsed.success || cell.orderParameters.corr_depth_0 == null) continue;
    const { tree, encoder } = parsed.data;
    const key = configurationKey(parsed.data);
    const group = groups.get(key) ?? { otherSettings: otherSweptSettings(cell, SHOWN_PATHS),
      hid: encoder.hid, deltaLower: tree.delta_lower, depth: tree.depth, cells: [] };
    group.cells.push(cell);
    groups.set(key, group);
  }
  if (groups.size === 0) return [];

  const maxDepth = Math.max(...[...groups.values()].map((group) => group.depth));
  const hasOtherSettings = [...groups.values()].some((group) => group.otherSettings !== '');
  const rows = [...groups.values()].map((group) => {
    const perDepth: Array<string | null> = [];
    for (let d = 0; d < maxDepth; d++) {
      const trained = meanOf(group.cells, `corr_depth_${d}`);
      const untrained = meanOf(group.cells, `untrained_corr_depth_${d}`);
      const bayes = meanOf(group.cells, `bayes_corr_depth_${d}`);
      perDepth.push(trained === null || untrained === null || bayes === null
        ? null
        : `${trained.toFixed(2)} / ${untrained.toFixed(2)} / ${bayes.toFixed(2)}`);
    }
    const label: Array<number | string> = [group.hid, group.deltaLower];
    if (hasOtherSettings) label.push(group.otherSettings);
    return [...label, group.cells.length, ...perDepth];
  });
  const depthColumns = Array.from({ length: maxDepth }, (_, d) => `depth ${d}`);
  return [{
    title: 'Best-neuron correlation per depth: trained / untrained / Bayes ceiling',
    columns: ['hid', 'delta_lower', ...(hasOtherSettings ? ['settings'] : []), 'seeds',
      ...depthColumns],
    rows,
    notes: ['mean over a depth\'s nodes of the best |corr| between the node and one of its '
      + 'neurons (held-out trees), averaged over seeds; the ceiling is the correlation of the '
      + 'exact posterior mean given the leaves. Depth 0 is the root.'],
  }];
}

/** The mean of a finite order parameter over cells, or null if no cell has it. */
function meanOf(cells: readonly FinishedCellView[], name: string): number | null {
  const values = cells.map((cell) => cell.orderParameters[name])
    .filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0)
    / values.length;
}
