/** The list of written output files, one per line, for stdout. */
import type { OutputFiles } from '@phasegrid/sweep';

export function describeOutputs(files: OutputFiles): string {
  return [files.cellsCsv, files.phaseCsv, ...files.heatmaps].map((path) => `${path}\n`).join('');
}
