/**
 * Grouping finished cells for a family's report table: cells that differ only in their seed
 * share a row; cells that differ in any setting never do, whatever the table's own columns
 * show. Settings swept on other axes than the table's columns are named in a `settings` column.
 */
import type { FinishedCellView } from '@phasegrid/core';

/** A key equal for equal configurations, whatever their key order. */
export function configurationKey(config: unknown): string {
  return JSON.stringify(config, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)))
      : value);
}

/**
 * The cell's swept settings other than `shownPaths`, as `path=value` joined by `, ` (empty when
 * there are none), for the row label.
 */
export function otherSweptSettings(cell: FinishedCellView, shownPaths: readonly string[]): string {
  return Object.entries(cell.axisValues)
    .filter(([path]) => !shownPaths.includes(path))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([path, value]) => `${path}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}
