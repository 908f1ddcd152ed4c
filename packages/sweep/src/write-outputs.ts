/**
 * Writing a sweep's outputs from its store: `cells.csv`, `phase.csv` and one SVG heatmap per
 * facet value and order parameter. Only the spec's own cells count, so a store that also holds
 * cells of an older version of the spec still gives the current picture.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ReportTable } from '@phasegrid/core';
import { aggregatePhase, type AggregateInput, type PhasePoint } from './aggregate.ts';
import { planCells } from './cells.ts';
import { cellsCsv, type CellsCsvInput } from './outputs/cells-csv.ts';
import { heatmapSvg } from './outputs/heatmap-svg.ts';
import { phaseCsv } from './outputs/phase-csv.ts';
import { writeFileAtomic } from './outputs/write-atomic.ts';
import type { Spec } from './spec.ts';
import { readStore, type StoreProblem } from './store/index.ts';

/** Paths of the files written, and how complete the sweep was. */
export interface OutputFiles {
  readonly cellsCsv: string;
  readonly phaseCsv: string;
  readonly heatmaps: readonly string[];
  readonly numPlannedCells: number;
  readonly numFinishedCells: number;
  /** Damage found in the store (torn tails, corrupt records), skipped while reading. */
  readonly storeProblems: readonly StoreProblem[];
  /** The family's own summary tables (e.g. measured against published values). */
  readonly tables: readonly ReportTable[];
}

/** Reads the store under `sweepDir` and (re)writes every output next to it. */
export function writeSweepOutputs(spec: Spec, sweepDir: string): OutputFiles {
  const store = readStore(sweepDir);
  const finished: Array<CellsCsvInput & AggregateInput & { config: Record<string, unknown> }> =
    [];
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

  const heatmaps = writeHeatmaps(spec, sweepDir, points);
  const tables = spec.experiment.reportTables?.(finished
    .filter((cell) => cell.result.outcome === 'finished')
    .map((cell) => ({ axisValues: cell.axisValues, config: cell.config, seed: cell.seed,
      orderParameters: cell.result.orderParameters }))) ?? [];
  return { cellsCsv: cellsCsvPath, phaseCsv: phaseCsvPath, heatmaps, numPlannedCells,
    numFinishedCells: finished.length, storeProblems: store.problems, tables };
}

/** One heatmap per order parameter and per value of every axis that is neither x nor y. */
function writeHeatmaps(spec: Spec, sweepDir: string, points: readonly PhasePoint[]): string[] {
  const { diagram } = spec;
  const valuesOf = (path: string) => spec.axes.find((axis) => axis.path === path)!.values;
  const heldAxes = spec.axes.filter((axis) => axis.path !== diagram.x && axis.path !== diagram.y
    && axis.path !== diagram.facet);
  const facetValues = diagram.facet ? valuesOf(diagram.facet) : [undefined];
  const written: string[] = [];

  for (const info of spec.experiment.orderParameters) {
    for (const facetValue of facetValues) {
      for (const held of combinations(heldAxes)) {
        const svg = heatmapSvg({
          points,
          diagram: spec.diagram,
          orderParameter: info,
          xValues: valuesOf(diagram.x),
          yValues: valuesOf(diagram.y),
          ...(diagram.facet ? { facetValue } : {}),
          ...(heldAxes.length > 0 ? { fixedAxisValues: held } : {}),
        });
        const labels = { ...(diagram.facet ? { [diagram.facet]: facetValue } : {}), ...held };
        const path = join(sweepDir, heatmapFileName(info.name, labels));
        writeFileAtomic(path, svg);
        written.push(path);
      }
    }
  }
  removeStaleHeatmaps(sweepDir, written);
  return written;
}

/** `phase-coverage-encoder.width=32.svg`: order parameter, then the values held fixed. */
export function heatmapFileName(order: string, held: Readonly<Record<string, unknown>>): string {
  const parts = Object.entries(held).map(([path, value]) =>
    `${path}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const name = ['phase', order, ...parts].join('-');
  return `${name.replace(/[^A-Za-z0-9._=-]+/g, '_')}.svg`;
}

function* combinations(axes: ReadonlyArray<{ path: string; values: readonly unknown[] }>):
  Generator<Record<string, unknown>> {
  if (axes.length === 0) {
    yield {};
    return;
  }
  const [first, ...rest] = axes;
  for (const value of first!.values) {
    for (const tail of combinations(rest)) yield { [first!.path]: value, ...tail };
  }
}

/** Heatmaps of order parameters or facet values the spec no longer has would mislead. */
function removeStaleHeatmaps(sweepDir: string, written: readonly string[]): void {
  const keep = new Set(written.map((path) => path.slice(sweepDir.length + 1)));
  for (const name of readdirSync(sweepDir)) {
    if (name.startsWith('phase-') && name.endsWith('.svg') && !keep.has(name)) {
      rmSync(join(sweepDir, name), { force: true });
    }
  }
}
