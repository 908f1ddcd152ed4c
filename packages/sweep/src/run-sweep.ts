/**
 * Running a sweep: plan the cells, skip those the store has finished, run the rest through the
 * pool, append a record for every event, then write the outputs. The library emits events;
 * whoever calls it decides what to show.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { isInShard, planCells, type Cell } from './cells.ts';
import { runPendingCells, type RunCounts } from './cell-scheduler.ts';
import type { Spec } from './spec.ts';
import { defaultWriterName, readStore, type StoreContents } from './store/index.ts';
import { writeSweepOutputs, type OutputFiles } from './write-outputs.ts';

/** Everything a sweep run reports while it works. */
export type SweepEvent =
  | { kind: 'planned'; numCells: number; numFinished: number; numPending: number;
      numWorkers: number }
  | { kind: 'cell-started'; cell: Cell; attempt: number }
  | { kind: 'cell-finished'; cell: Cell; seconds: number; outcome: 'finished' | 'diverged' }
  | { kind: 'cell-failed'; cell: Cell; message: string; code: string; willRetry: boolean }
  | { kind: 'store-problem'; file: string; offset: number; problem: string }
  | { kind: 'stopping'; gracePeriodS: number }
  | { kind: 'outputs-written'; files: OutputFiles };

/** Options of `runSweep`; all optional. */
export interface RunSweepOptions {
  /** Folder holding one folder per sweep (default `results`). */
  readonly resultsDir?: string;
  /** Worker threads (default: one per core). */
  readonly numWorkers?: number;
  /** TensorFlow.js backend to require in the workers (default: best available). */
  readonly backend?: 'tensorflow' | 'wasm' | 'cpu';
  /** Run only shard `index` of `count` (plan position modulo count). */
  readonly shard?: { readonly index: number; readonly count: number };
  /** Name of this process's store file (default: unique per process). */
  readonly writerName?: string;
  /** Plan and count, run nothing, write nothing. */
  readonly isDryRun?: boolean;
  /** A cell running longer is stopped, recorded as failed, and its worker replaced. */
  readonly cellTimeoutS?: number;
  /** How many times a failed cell is tried again in this run (default 0). */
  readonly retries?: number;
  /** Heap limit per worker in MB; a cell exceeding it fails and its worker is replaced. */
  readonly workerMemoryMb?: number;
  /**
   * When aborted, no new cell starts; running cells get `gracePeriodS` (default 30) to finish
   * and be recorded, then they are stopped and recorded as interrupted.
   */
  readonly signal?: AbortSignal;
  readonly gracePeriodS?: number;
  /** Run cells only; leave the outputs to `phasegrid report` (shards of a cluster sweep). */
  readonly skipsOutputs?: boolean;
  /**
   * Fault injection for tests: the n-th store append is torn and the process killed.
   * @internal
   */
  readonly tornWriteAtRecord?: number;
  readonly onEvent?: (event: SweepEvent) => void;
}

/** What a run did. */
export interface SweepSummary extends RunCounts {
  /** Cells the spec plans (of the chosen shard). */
  readonly numCells: number;
  /** Cells finished by earlier runs, skipped by this one. */
  readonly numAlreadyFinished: number;
  /** Mean wall time of the cells finished before this run, for estimates; null if none. */
  readonly meanFinishedCellSeconds: number | null;
  readonly sweepDir: string;
  readonly outputs?: OutputFiles;
}

/** The folder of a sweep's store and outputs. */
export function sweepDirectory(spec: Spec, resultsDir = 'results'): string {
  return join(resultsDir, spec.name);
}

/**
 * Runs every unfinished cell of `spec` (of the chosen shard), then writes the outputs.
 * Re-running a finished sweep trains nothing and only rewrites the outputs. Planning walks the
 * cells twice (once to count, once to run) instead of holding them, so memory does not grow
 * with the size of the sweep.
 */
export async function runSweep(spec: Spec, options: RunSweepOptions = {}): Promise<SweepSummary> {
  const emit = options.onEvent ?? (() => {});
  const sweepDir = sweepDirectory(spec, options.resultsDir);
  const store = readStore(sweepDir);
  for (const problem of store.problems) {
    emit({ kind: 'store-problem', file: problem.file, offset: problem.offset,
      problem: `${problem.kind}${problem.reason ? `: ${problem.reason}` : ''}` });
  }

  let numCells = 0;
  let numAlreadyFinished = 0;
  let finishedSeconds = 0;
  for (const cell of cellsOfShard(spec, options)) {
    numCells += 1;
    const finished = store.cells.get(cell.id)?.finished;
    if (!finished) continue;
    numAlreadyFinished += 1;
    finishedSeconds += finished.result.seconds;
  }
  const numPending = numCells - numAlreadyFinished;
  const numWorkers = Math.max(1, Math.min(options.numWorkers ?? availableParallelism(),
    numPending));
  emit({ kind: 'planned', numCells, numFinished: numAlreadyFinished, numPending, numWorkers });

  const base = { numCells, numAlreadyFinished, sweepDir,
    meanFinishedCellSeconds: numAlreadyFinished > 0 ? finishedSeconds / numAlreadyFinished
      : null };
  const nothingRun: RunCounts = { numRun: 0, numFinished: 0, numDiverged: 0, numFailed: 0,
    wasInterrupted: false };
  if (options.isDryRun) return { ...base, ...nothingRun };

  const counts = numPending === 0 ? nothingRun : await runPendingCells({
    pending: pendingCells(spec, store, options),
    attemptsSoFar: (cell) => store.cells.get(cell.id)?.attempts ?? 0,
    sweepDir,
    writerName: options.writerName ?? defaultWriterName(),
    numWorkers,
    options,
    emit,
  });
  if (options.skipsOutputs) return { ...base, ...counts };
  const outputs = writeSweepOutputs(spec, sweepDir);
  emit({ kind: 'outputs-written', files: outputs });
  return { ...base, ...counts, outputs };
}

function* cellsOfShard(spec: Spec, options: RunSweepOptions): Generator<Cell> {
  for (const cell of planCells(spec)) {
    if (!options.shard || isInShard(cell.index, options.shard.index, options.shard.count)) {
      yield cell;
    }
  }
}

function* pendingCells(spec: Spec, store: StoreContents, options: RunSweepOptions):
  Generator<Cell> {
  for (const cell of cellsOfShard(spec, options)) {
    if (!isFinished(store, cell)) yield cell;
  }
}

function isFinished(store: StoreContents, cell: Cell): boolean {
  return store.cells.get(cell.id)?.status === 'finished';
}
