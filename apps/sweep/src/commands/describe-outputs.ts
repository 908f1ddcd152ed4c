/** What the outputs step reports on stdout: the files written, then the family's tables. */
import type { ReportTable } from '@phasegrid/core';
import type { OutputFiles } from '@phasegrid/sweep';

export function describeOutputs(files: OutputFiles): string {
  const paths = [files.cellsCsv, files.phaseCsv, ...files.heatmaps, ...files.pngs,
    files.reportHtml].map((path) => `${path}\n`);
  return [...paths, ...files.tables.map(formatTable)].join('');
}

/** A plain-text table with aligned columns, its title above and its notes below. */
export function formatTable(table: ReportTable): string {
  const text = (value: string | number | null) =>
    value === null ? '-' : typeof value === 'number' ? formatNumber(value) : value;
  const rows = [table.columns, ...table.rows.map((row) => row.map(text))];
  const widths = table.columns.map((_, column) =>
    Math.max(...rows.map((row) => String(row[column] ?? '').length)));
  const lines = rows.map((row) =>
    row.map((cell, column) => String(cell).padEnd(widths[column]!)).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((width) => '-'.repeat(width)).join('  '));
  return ['', table.title, ...lines, ...(table.notes ?? []), ''].join('\n');
}

/** Three significant figures without trailing zeros: 0.25, 0.797, 1. */
function formatNumber(value: number): string {
  return String(Number(value.toPrecision(3)));
}
