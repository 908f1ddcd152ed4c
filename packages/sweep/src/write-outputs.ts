/**
 * Writing a sweep's outputs from its store: `cells.csv`, `phase.csv`, one SVG heatmap per
 * facet value and order parameter (PNG copies on request), and `report.html`. Only the spec's
 * own cells count, so a store that also holds cells of an older version of the spec still gives
 * the current picture.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportTable } from '@phasegrid/core';
import { aggregatePhase, formatAxisValue, type AggregateInput } from './aggregate.ts';
import { planCells } from './cells.ts';
import { cellsCsv, type CellsCsvInput } from './outputs/cells-csv.ts';
import { drawHeatmaps, type DrawnHeatmap } from './outputs/draw-heatmaps.ts';
import { phaseCsv } from './outputs/phase-csv.ts';
import { svgToPng } from './outputs/png.ts';
import { reportHtml, type ReportCurve } from './outputs/report-html.ts';
import { writeFileAtomic } from './outputs/write-atomic.ts';
import { currentProvenance } from './provenance.ts';
import type { Spec } from './spec.ts';
import { readStore, type StoreProblem } from './store/index.ts';

/** Paths of the files written, and how complete the sweep was. */
export interface OutputFiles {
  readonly cellsCsv: string;
  readonly phaseCsv: string;
  readonly heatmaps: readonly string[];
  /** PNG copies of the heatmaps, when asked for. */
  readonly pngs: readonly string[];
  readonly reportHtml: string;
  readonly numPlannedCells: number;
  readonly numFinishedCells: number;
  /** Damage found in the store (torn tails, corrupt records), skipped while reading. */
  readonly storeProblems: readonly StoreProblem[];
  /** The family's own summary tables (e.g. measured against published values). */
  readonly tables: readonly ReportTable[];
}

/** Options of `writeSweepOutputs`; all optional. */
export interface OutputOptions {
  /** Also write every heatmap as PNG at this zoom (1 = the SVG's own size in pixels). */
  readonly pngScale?: number;
}

type FinishedCell = CellsCsvInput & AggregateInput & { readonly config: Record<string, unknown> };

/** Reads the store under `sweepDir` and (re)writes every output next to it. */
export function writeSweepOutputs(spec: Spec, sweepDir: string, options: OutputOptions = {}):
  OutputFiles {
  const store = readStore(sweepDir);
  const finished: FinishedCell[] = [];
  let numPlannedCells = 0;
  for (const cell of planCells(spec)) {
    numPlannedCells += 1;
    const record = store.cells.get(cell.id)?.finished;
    if (record) {
      finished.push({ cellId: cell.id, axisValues: cell.axisValues, seed: cell.seed,
        result: record.result, config: cell.config });
    }
  }

  mkdirSync(sweepDir, { recursive: true });
  const axisPaths = spec.axes.map((axis) => axis.path);
  const orderParameters = spec.experiment.orderParameters;
  const cellsCsvPath = join(sweepDir, 'cells.csv');
  writeFileAtomic(cellsCsvPath, cellsCsv(finished, axisPaths,
    orderParameters.map((info) => info.name)));

  const points = aggregatePhase(spec.diagram, orderParameters, finished,
    spec.experiment.predictOrderParameter);
  const phaseCsvPath = join(sweepDir, 'phase.csv');
  writeFileAtomic(phaseCsvPath, phaseCsv(points, axisPaths));

  const drawn = drawHeatmaps(spec, points);
  const heatmaps = writeFigures(sweepDir, drawn, options.pngScale);
  const reportPath = join(sweepDir, 'report.html');
  writeFileAtomic(reportPath, reportPage(spec, drawn, finished, numPlannedCells));

  const tables = spec.experiment.reportTables?.(finished
    .filter((cell) => cell.result.outcome === 'finished')
    .map((cell) => ({ axisValues: cell.axisValues, config: cell.config, seed: cell.seed,
      orderParameters: cell.result.orderParameters }))) ?? [];
  return { cellsCsv: cellsCsvPath, phaseCsv: phaseCsvPath, ...heatmaps,
    reportHtml: reportPath, numPlannedCells, numFinishedCells: finished.length,
    storeProblems: store.problems, tables };
}

/** Writes the mean heatmaps (and PNGs) and removes those the spec no longer has. */
function writeFigures(sweepDir: string, drawn: readonly DrawnHeatmap[], pngScale?: number):
  { heatmaps: string[]; pngs: string[] } {
  const heatmaps: string[] = [];
  const pngs: string[] = [];
  for (const figure of drawn.filter((entry) => entry.statistic === 'mean')) {
    const path = join(sweepDir, figure.fileName);
    writeFileAtomic(path, figure.svg);
    heatmaps.push(path);
    if (pngScale !== undefined) {
      const pngPath = path.replace(/\.svg$/, '.png');
      writeFileAtomic(pngPath, svgToPng(figure.svg, pngScale));
      pngs.push(pngPath);
    }
  }
  const keep = new Set([...heatmaps, ...pngs].map((path) => path.slice(sweepDir.length + 1)));
  for (const name of readdirSync(sweepDir)) {
    // Heatmaps of order parameters or facet values the spec no longer has would mislead.
    if (name.startsWith('phase-') && /\.(svg|png)$/.test(name) && !keep.has(name)) {
      rmSync(join(sweepDir, name), { force: true });
    }
  }
  return { heatmaps, pngs };
}

function reportPage(
  spec: Spec,
  drawn: readonly DrawnHeatmap[],
  finished: readonly FinishedCell[],
  numPlannedCells: number,
): string {
  const { diagram } = spec;
  const curves: ReportCurve[] = finished.map((cell) => ({
    facetLabel: drawn.find((figure) => figure.matches(cell.axisValues))?.facetLabel ?? '',
    x: formatAxisValue(cell.axisValues[diagram.x]),
    y: formatAxisValue(cell.axisValues[diagram.y]),
    seed: cell.seed,
    curve: cell.result.curve,
  }));
  const backends = [...new Set(finished.map((cell) => cell.result.backend))].sort();
  const computeSeconds = finished.reduce((sum, cell) => sum + cell.result.seconds, 0);
  const provenance = currentProvenance();
  return reportHtml({
    sweepName: spec.name,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    experiment: `${spec.experiment.name} (version ${spec.experiment.version})`,
    orderParameters: spec.experiment.orderParameters,
    headlineOrder: diagram.order,
    figures: drawn,
    curves,
    spec: spec.source,
    provenance: {
      'phasegrid version': provenance.phasegridVersion,
      'written': new Date().toISOString(),
      'cells finished': `${finished.length} of ${numPlannedCells}`,
      'compute time': `${computeSeconds.toFixed(1)} s in cells`,
      'backend': backends.join(', ') || 'none yet',
      'node': provenance.nodeVersion,
      'host': `${provenance.hostname} (${provenance.platform})`,
    },
  });
}

export { heatmapFileName } from './outputs/draw-heatmaps.ts';
