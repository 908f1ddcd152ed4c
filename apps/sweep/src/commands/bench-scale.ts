/**
 * Scale figures for `phasegrid bench`: planning a sweep of a million cells (time, and peak
 * memory against a sweep ten times smaller) and reading a store of 10^5 records.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  currentProvenance,
  parseSpec,
  readStore,
  runSweep,
  STORE_FORMAT_VERSION,
  StoreWriter,
} from '@phasegrid/sweep';

/** A spec of `numSeeds` x 10^5 cells (100 strengths x 100 noise levels x 10 widths). */
function largeSpec(numSeeds: number) {
  return parseSpec({
    name: 'scale',
    experiment: 'sparse-coding',
    axes: {
      'views.strength': Array.from({ length: 100 }, (_, i) => i / 99),
      'data.noise': Array.from({ length: 100 }, (_, i) => 0.1 + i / 200),
      'encoder.width': Array.from({ length: 10 }, (_, i) => 16 + 4 * i),
    },
    seeds: numSeeds,
    diagram: { x: 'views.strength', y: 'data.noise', facet: 'encoder.width' },
  }, 'scale benchmark');
}

/** Plans (dry run) 10^5 and then 10^6 cells; peak RSS should barely move between them. */
export async function timePlanning() {
  const resultsDir = mkdtempSync(join(tmpdir(), 'phasegrid-scale-'));
  try {
    const runs = [];
    for (const numSeeds of [1, 10]) {
      const startMs = performance.now();
      const summary = await runSweep(largeSpec(numSeeds), { resultsDir, isDryRun: true });
      runs.push({
        numCells: summary.numCells,
        seconds: (performance.now() - startMs) / 1000,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
      });
    }
    return runs;
  } finally {
    rmSync(resultsDir, { recursive: true, force: true });
  }
}

/** Writes 10^5 finished records (25-point curves of 5 series) over 4 files and reads them. */
export function timeStoreRead(numRecords = 100_000) {
  const sweepDir = mkdtempSync(join(tmpdir(), 'phasegrid-store-'));
  try {
    const writers = [0, 1, 2, 3].map((i) => StoreWriter.open(sweepDir, `bench-${i}`));
    const steps = Array.from({ length: 25 }, (_, i) => i * 20);
    const series = Object.fromEntries(['coverage', 'coverage_at_cosine', 'signal_fraction',
      'mean_best_cosine', 'loss'].map((name) => [name, steps.map((step) => step / 500)]));
    for (let i = 0; i < numRecords; i++) {
      writers[i % 4]!.append({
        kind: 'finished', formatVersion: STORE_FORMAT_VERSION, cellId: `cell-${i}`,
        atMs: Date.now(), writer: writers[i % 4]!.name, attempt: 1,
        cell: { experiment: 'sparse-coding', experimentVersion: 1, seed: i % 3,
          axisValues: { 'views.strength': i % 5, 'data.noise': i % 7 }, config: {} },
        result: { outcome: 'finished', orderParameters: { coverage: 1, learning_time: 100 },
          curve: { steps, values: series }, steps: 500, seconds: 0.4, backend: 'wasm' },
        provenance: currentProvenance(),
      });
    }
    for (const writer of writers) writer.close();

    const startMs = performance.now();
    const store = readStore(sweepDir);
    return { numRecords: store.cells.size, seconds: (performance.now() - startMs) / 1000 };
  } finally {
    rmSync(sweepDir, { recursive: true, force: true });
  }
}
