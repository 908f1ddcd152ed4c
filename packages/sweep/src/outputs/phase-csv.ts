/** `phase.csv`: one row per diagram point and order parameter, seeds pooled. */
import { stringify } from 'csv-stringify/sync';
import { compareAxisValues, formatAxisValue, type PhasePoint } from '../aggregate.ts';

/**
 * Renders `phase.csv`. Columns: the axis paths in the order given, then `order`, `mean`, `std`,
 * `n`, `learned_fraction`, `learning_step`, `diverged`, `predicted` (the family's theoretical
 * value, empty when it has none). Rows are sorted by axis values (paths in
 * the given order), then order parameter name. Nulls are empty fields; numbers are written as JS
 * prints them, unrounded.
 *
 * @example
 * phaseCsv(aggregatePhase(diagram, definition.orderParameters, cells), axisPaths);
 */
export function phaseCsv(points: readonly PhasePoint[], axisPaths: readonly string[]): string {
  const header = [
    ...axisPaths,
    'order',
    'mean',
    'std',
    'n',
    'learned_fraction',
    'learning_step',
    'diverged',
    'predicted',
  ];

  const sorted = [...points].sort((a, b) => comparePoints(a, b, axisPaths));
  const rows = sorted.map((point) => [
    ...axisPaths.map((path) => formatAxisValue(point.axisValues[path])),
    point.order,
    formatNumber(point.mean),
    formatNumber(point.std),
    String(point.n),
    formatNumber(point.learnedFraction),
    formatNumber(point.learningStep),
    String(point.divergedCount),
    formatNumber(point.predicted),
  ]);
  return stringify([header, ...rows]);
}

function comparePoints(a: PhasePoint, b: PhasePoint, axisPaths: readonly string[]): number {
  for (const path of axisPaths) {
    const order = compareAxisValues(a.axisValues[path], b.axisValues[path]);
    if (order !== 0) return order;
  }
  return a.order < b.order ? -1 : a.order > b.order ? 1 : 0;
}

function formatNumber(value: number | null): string {
  return value === null ? '' : String(value);
}
