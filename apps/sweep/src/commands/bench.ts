/**
 * `phasegrid bench`: the speed of the default sparse-coding cell on one thread, and of a
 * 24-cell mini sweep on 1 and on 2 workers. Figures go to stdout and to
 * `results/bench/bench-<time>.json`. A benchmark, not a test: compare ratios within one run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@phasegrid/core/nn';
import { parseSpec, runSweep } from '@phasegrid/sweep';
import { runExperimentCell } from '@phasegrid/train';
import { integerFlag, parseCommandArgs } from '../cli-args.ts';
import type { Command } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { timePlanning, timeStoreRead } from './bench-scale.ts';

/** Arithmetic of one default training step (batch 64, d1 = 128, m = 32), in flops. */
const FLOPS_PER_DEFAULT_STEP = 3.1e6;

const DEFAULT_CELL = { views: { kind: 'mask', strength: 1 }, data: { noise: 0.3 },
  encoder: { width: 32 }, training: { steps: 500 } };

export const benchCommand: Command = {
  name: 'bench',
  summary: 'time the default cell, a 24-cell sweep on 1 and 2 workers, planning and the store',
  usage: 'phasegrid bench [--repeats N] [--out DIR]',
  example: 'phasegrid bench --repeats 5',
  flags: {
    repeats: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  flagHelp: {
    repeats: 'timed runs of the default cell (default 5; the median is reported)',
    out: 'folder for the JSON figures (default: results/bench)',
  },

  async run(args, io) {
    const parsed = parseCommandArgs('bench', args, this.flags);
    const repeats = integerFlag('bench', 'repeats', parsed.values.repeats, 1, 1000) ?? 5;
    const outDir = typeof parsed.values.out === 'string' ? parsed.values.out : 'results/bench';

    const log = (text: string) => io.stderr.write(`phasegrid bench: ${text}\n`);
    // Planning goes first, while the peak RSS still reflects nothing but planning.
    log('planning 10^5 and 10^6 cells (dry run)');
    const planning = await timePlanning();
    log('writing and reading a store of 10^5 records');
    const storeRead = timeStoreRead();

    const { name: backend } = await initBackend();
    log(`backend ${backend}; timing the default cell ${repeats} times after one warm-up`);
    const cell = await timeDefaultCell(repeats, backend);
    log(`default cell: ${cell.medianSeconds.toFixed(3)} s (median), ` +
      `${cell.stepsPerSecond.toFixed(0)} steps/s, ${cell.gflopsPerSecond.toFixed(2)} GFLOP/s`);

    const sweeps = [];
    for (const numWorkers of [1, 2]) {
      log(`24-cell mini sweep on ${numWorkers} worker(s)`);
      sweeps.push(await timeMiniSweep(numWorkers));
    }
    const speedup = sweeps[0]!.wallSeconds / sweeps[1]!.wallSeconds;


    const figures = {
      date: new Date().toISOString(),
      backend,
      node: process.version,
      defaultCell: cell,
      miniSweep: sweeps,
      parallelSpeedup: speedup,
      planning,
      storeRead,
    };
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, `bench-${figures.date.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
    writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(figures, null, 2)}\n`);

    io.stdout.write([
      `default cell (one thread, ${backend}): ${cell.medianSeconds.toFixed(3)} s per cell, ` +
        `${cell.stepsPerSecond.toFixed(0)} steps/s, ${cell.gflopsPerSecond.toFixed(2)} GFLOP/s`,
      ...sweeps.map((sweep) => `mini sweep, ${sweep.numWorkers} worker(s): ` +
        `${sweep.wallSeconds.toFixed(2)} s wall, ${sweep.secondsPerCell.toFixed(3)} s per cell`),
      `parallel speed-up (1 -> 2 workers): ${speedup.toFixed(2)}x`,
      ...planning.map((run) => `plan of ${run.numCells} cells: ${run.seconds.toFixed(1)} s, ` +
        `peak RSS so far ${run.peakRssMb.toFixed(0)} MB`),
      `store read of ${storeRead.numRecords} records: ${storeRead.seconds.toFixed(2)} s`,
      `figures: ${file}`,
      '',
    ].join('\n'));
    return EXIT.success;
  },
};

async function timeDefaultCell(repeats: number, backend: string) {
  await runExperimentCell('sparse-coding', DEFAULT_CELL, 1000, { backend });
  const seconds: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const startMs = performance.now();
    await runExperimentCell('sparse-coding', DEFAULT_CELL, i, { backend });
    seconds.push((performance.now() - startMs) / 1000);
  }
  const medianSeconds = median(seconds);
  const steps = DEFAULT_CELL.training.steps;
  return {
    repeats,
    secondsEach: seconds,
    medianSeconds,
    stepsPerSecond: steps / medianSeconds,
    gflopsPerSecond: (FLOPS_PER_DEFAULT_STEP * steps) / medianSeconds / 1e9,
  };
}

async function timeMiniSweep(numWorkers: number) {
  const spec = parseSpec({
    name: 'bench-mini',
    experiment: 'sparse-coding',
    base: DEFAULT_CELL,
    axes: { 'views.strength': [0, 0.5, 1], 'data.noise': [0.2, 0.3] },
    seeds: 4,
    diagram: { x: 'views.strength', y: 'data.noise' },
  }, 'bench mini sweep');
  const resultsDir = mkdtempSync(join(tmpdir(), 'phasegrid-bench-'));
  try {
    const startMs = performance.now();
    const summary = await runSweep(spec, { resultsDir, numWorkers });
    const wallSeconds = (performance.now() - startMs) / 1000;
    return { numWorkers, numCells: summary.numRun, wallSeconds,
      secondsPerCell: wallSeconds / summary.numRun };
  } finally {
    rmSync(resultsDir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
