/**
 * Running a sweep: plan the cells, skip those the store has finished, run the rest through the
 * pool, append a record for every event, then write the outputs. The library emits events;
 * whoever calls it decides what to show.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { isInShard, planCells, type Cell } from './cells.ts';
import { CellPool } from './pool/cell-pool.ts';
import type { CellTaskOutcome } from './pool/cell-task.ts';
import { currentProvenance } from './provenance.ts';
import { STORE_FORMAT_VERSION, type StoreRecord } from './records.ts';
import type { Spec } from './spec.ts';
import { readStore, StoreWriter, defaultWriterName } from './store/index.ts';
import { writeSweepOutputs, type OutputFiles } from './write-outputs.ts';

/** Everything a sweep run reports while it works. */
export type SweepEvent =
  | { kind: 'planned'; numCells: number; numFinished: number; numPending: number;
      numWorkers: number }
  | { kind: 'cell-started'; cell: Cell }
  | { kind: 'cell-finished'; cell: Cell; seconds: number; outcome: 'finished' | 'diverged' }
  | { kind: 'cell-failed'; cell: Cell; message: string; code: string }
  | { kind: 'store-problem'; file: string; offset: number; problem: string }
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
  /** Stops handing out cells when aborted; running cells finish and are recorded. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: SweepEvent) => void;
}

/** What a run did. */
export interface SweepSummary {
  readonly numCells: number;
  readonly numAlreadyFinished: number;
  readonly numRun: number;
  readonly numFinished: number;
  readonly numDiverged: number;
  readonly numFailed: number;
  readonly wasInterrupted: boolean;
  readonly sweepDir: string;
  readonly outputs?: OutputFiles;
}

/** The folder of a sweep's store and outputs. */
export function sweepDirectory(spec: Spec, resultsDir = 'results'): string {
  return join(resultsDir, spec.name);
}

/**
 * Runs every unfinished cell of `spec` (of the chosen shard), then writes the outputs.
 * Re-running a finished sweep trains nothing and only rewrites the outputs.
 */
export async function runSweep(spec: Spec, options: RunSweepOptions = {}): Promise<SweepSummary> {
  const emit = options.onEvent ?? (() => {});
  const sweepDir = sweepDirectory(spec, options.resultsDir);
  const store = readStore(sweepDir);
  for (const problem of store.problems) {
    emit({ kind: 'store-problem', file: problem.file, offset: problem.offset,
      problem: `${problem.kind}${problem.reason ? `: ${problem.reason}` : ''}` });
  }

  const pending: Cell[] = [];
  let numAlreadyFinished = 0;
  for (const cell of planCells(spec)) {
    if (options.shard && !isInShard(cell.index, options.shard.index, options.shard.count)) {
      continue;
    }
    if (store.cells.get(cell.id)?.status === 'finished') numAlreadyFinished += 1;
    else pending.push(cell);
  }
  const numCells = numAlreadyFinished + pending.length;
  const numWorkers = Math.max(1, Math.min(options.numWorkers ?? defaultWorkers(), pending.length));
  emit({ kind: 'planned', numCells, numFinished: numAlreadyFinished,
    numPending: pending.length, numWorkers });

  const base = { numCells, numAlreadyFinished, sweepDir };
  if (options.isDryRun) {
    return { ...base, numRun: 0, numFinished: 0, numDiverged: 0, numFailed: 0,
      wasInterrupted: false };
  }

  const counts = pending.length > 0
    ? await runPending(pending, store.cells, sweepDir, numWorkers, options, emit)
    : { numRun: 0, numFinished: 0, numDiverged: 0, numFailed: 0, wasInterrupted: false };
  const outputs = writeSweepOutputs(spec, sweepDir);
  emit({ kind: 'outputs-written', files: outputs });
  return { ...base, ...counts, outputs };
}

function defaultWorkers(): number {
  return availableParallelism();
}

/** A record without the fields the writer stamps on it. */
type RecordContent = StoreRecord extends infer R
  ? R extends StoreRecord ? Omit<R, 'formatVersion' | 'atMs' | 'writer'> : never
  : never;

type RunCounts = Omit<SweepSummary, 'numCells' | 'numAlreadyFinished' | 'sweepDir' | 'outputs'>;

async function runPending(
  pending: readonly Cell[],
  known: ReturnType<typeof readStore>['cells'],
  sweepDir: string,
  numWorkers: number,
  options: RunSweepOptions,
  emit: (event: SweepEvent) => void,
): Promise<RunCounts> {
  const writer = StoreWriter.open(sweepDir, options.writerName ?? defaultWriterName());
  const pool = new CellPool({ numWorkers });
  const counts = { numRun: 0, numFinished: 0, numDiverged: 0, numFailed: 0,
    wasInterrupted: false };
  let next = 0;

  const append = (record: RecordContent) =>
    writer.append({ ...record, formatVersion: STORE_FORMAT_VERSION, atMs: Date.now(),
      writer: writer.name } as StoreRecord);

  const runOne = async (cell: Cell): Promise<void> => {
    const attempt = (known.get(cell.id)?.attempts ?? 0) + 1;
    append({ kind: 'started', cellId: cell.id, attempt });
    emit({ kind: 'cell-started', cell });
    const outcome = await pool.run({ cellId: cell.id, experiment: cell.experiment,
      config: cell.config, seed: cell.seed, ...(options.backend ? { backend: options.backend } : {}) });
    counts.numRun += 1;
    recordOutcome(cell, attempt, outcome);
  };

  const recordOutcome = (cell: Cell, attempt: number, outcome: CellTaskOutcome) => {
    const description = { experiment: cell.experiment, experimentVersion: cell.experimentVersion,
      seed: cell.seed, axisValues: cell.axisValues, config: cell.config };
    if (outcome.kind === 'finished') {
      append({ kind: 'finished', cellId: cell.id, attempt, cell: description,
        result: outcome.result, provenance: currentProvenance() });
      if (outcome.result.outcome === 'diverged') counts.numDiverged += 1;
      else counts.numFinished += 1;
      emit({ kind: 'cell-finished', cell, seconds: outcome.result.seconds,
        outcome: outcome.result.outcome });
    } else {
      append({ kind: 'failed', cellId: cell.id, attempt, cell: description,
        error: outcome.error });
      counts.numFailed += 1;
      emit({ kind: 'cell-failed', cell, message: outcome.error.message,
        code: outcome.error.code });
    }
  };

  const lane = async (): Promise<void> => {
    while (next < pending.length) {
      if (options.signal?.aborted) {
        counts.wasInterrupted = true;
        return;
      }
      const cell = pending[next]!;
      next += 1;
      await runOne(cell);
    }
  };

  try {
    await Promise.all(Array.from({ length: numWorkers }, lane));
  } finally {
    writer.close();
    await pool.close();
  }
  return counts;
}
