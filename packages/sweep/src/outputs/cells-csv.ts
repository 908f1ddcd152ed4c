/** `cells.csv`: one row per finished cell, every seed separately, for analysis elsewhere. */
import type { RunResult } from '@phasegrid/core';
import { stringify } from 'csv-stringify/sync';
import { compareAxisValues, formatAxisValue } from '../aggregate.ts';

/** One finished cell as `cells.csv` needs it. */
export interface CellsCsvInput {
  readonly cellId: string;
  /** Value of every swept axis by dotted path. */
  readonly axisValues: Readonly<Record<string, unknown>>;
  readonly seed: number;
  readonly result: Pick<RunResult, 'outcome' | 'orderParameters' | 'steps' | 'seconds' | 'backend'>;
}

/**
 * Renders `cells.csv`. Columns: the axis paths in the order given, `seed`, every order
 * parameter in `orderNames`, `outcome`, `steps`, `seconds`, `backend`, `cell_id`. Rows are sorted
 * by axis values (paths in the given order), then seed, then cell id, so the file does not depend
 * on the order records were read in. Null and missing values are empty fields; numbers are
 * written as JS prints them; axis values that are neither numbers nor strings as compact JSON.
 *
 * @example
 * cellsCsv(cells, ['views.strength', 'data.noise'], ['coverage', 'signalFraction']);
 */
export function cellsCsv(
  cells: readonly CellsCsvInput[],
  axisPaths: readonly string[],
  orderNames: readonly string[],
): string {
  const header = [
    ...axisPaths,
    'seed',
    ...orderNames,
    'outcome',
    'steps',
    'seconds',
    'backend',
    'cell_id',
  ];

  const sorted = [...cells].sort((a, b) => compareCells(a, b, axisPaths));
  const rows = sorted.map((cell) => [
    ...axisPaths.map((path) => formatAxisValue(cell.axisValues[path])),
    String(cell.seed),
    ...orderNames.map((name) => formatNumber(cell.result.orderParameters[name])),
    cell.result.outcome,
    String(cell.result.steps),
    String(cell.result.seconds),
    cell.result.backend,
    cell.cellId,
  ]);
  return stringify([header, ...rows]);
}

function compareCells(a: CellsCsvInput, b: CellsCsvInput, axisPaths: readonly string[]): number {
  for (const path of axisPaths) {
    const order = compareAxisValues(a.axisValues[path], b.axisValues[path]);
    if (order !== 0) return order;
  }
  if (a.seed !== b.seed) return a.seed - b.seed;
  return a.cellId < b.cellId ? -1 : a.cellId > b.cellId ? 1 : 0;
}

function formatNumber(value: number | null | undefined): string {
  return value == null ? '' : String(value);
}
