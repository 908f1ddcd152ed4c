/**
 * Feeding pending cells to the pool: one lane per worker, retries, timeouts, and a graceful
 * stop. Every event in a cell's life becomes a store record before it becomes an event.
 */
import type { Cell } from './cells.ts';
import { CellPool, type CellStop } from './pool/cell-pool.ts';
import type { CellTaskOutcome } from './pool/cell-task.ts';
import { currentProvenance } from './provenance.ts';
import { STORE_FORMAT_VERSION, type StoreRecord } from './records.ts';
import type { RunSweepOptions, SweepEvent } from './run-sweep.ts';
import { StoreWriter } from './store/index.ts';

/** What the cells of one run came to; cells finished by earlier runs are not counted. */
export interface RunCounts {
  /** Attempts made (a retried cell counts once per attempt). */
  readonly numRun: number;
  /** Cells this run finished (diverged ones included). */
  readonly numFinished: number;
  /** Cells this run finished whose training diverged. */
  readonly numDiverged: number;
  /** Cells whose last attempt in this run failed. */
  readonly numFailed: number;
  readonly wasInterrupted: boolean;
}

export interface PendingWork {
  readonly pending: Iterator<Cell>;
  /** Attempts the store already records for a cell. */
  readonly attemptsSoFar: (cell: Cell) => number;
  readonly sweepDir: string;
  readonly writerName: string;
  readonly numWorkers: number;
  readonly options: RunSweepOptions;
  readonly emit: (event: SweepEvent) => void;
}

const DEFAULT_GRACE_PERIOD_S = 30;

/** A record without the fields the writer stamps on it. */
type RecordContent = StoreRecord extends infer R
  ? R extends StoreRecord ? Omit<R, 'formatVersion' | 'atMs' | 'writer'> : never
  : never;

/** Runs the pending cells to completion, failure or interrupt. */
export async function runPendingCells(work: PendingWork): Promise<RunCounts> {
  const { options, emit } = work;
  const writer = StoreWriter.open(work.sweepDir, work.writerName,
    options.tornWriteAtRecord !== undefined ? { tornWriteAt: options.tornWriteAtRecord } : {});
  const pool = new CellPool({ numWorkers: work.numWorkers,
    ...(options.workerMemoryMb ? { workerMemoryMb: options.workerMemoryMb } : {}) });
  const counts = { numRun: 0, numFinished: 0, numDiverged: 0, numFailed: 0,
    wasInterrupted: false };
  const retryQueue: Array<{ cell: Cell; attempt: number }> = [];
  const graceExpired = new AbortController();
  const maxAttempts = 1 + (options.retries ?? 0);

  const append = (record: RecordContent) =>
    writer.append({ ...record, formatVersion: STORE_FORMAT_VERSION, atMs: Date.now(),
      writer: writer.name } as StoreRecord);

  const stopGracefully = () => {
    counts.wasInterrupted = true;
    const gracePeriodS = options.gracePeriodS ?? DEFAULT_GRACE_PERIOD_S;
    emit({ kind: 'stopping', gracePeriodS });
    setTimeout(() => graceExpired.abort(), gracePeriodS * 1000).unref();
  };
  if (options.signal?.aborted) stopGracefully();
  else options.signal?.addEventListener('abort', stopGracefully, { once: true });

  const nextCell = (): { cell: Cell; attempt: number } | undefined => {
    if (options.signal?.aborted) return undefined;
    const retry = retryQueue.shift();
    if (retry) return retry;
    const next = work.pending.next();
    if (next.done) return undefined;
    return { cell: next.value, attempt: work.attemptsSoFar(next.value) + 1 };
  };

  const runOne = async (cell: Cell, attempt: number, attemptInRun: number) => {
    append({ kind: 'started', cellId: cell.id, attempt });
    emit({ kind: 'cell-started', cell, attempt });
    const outcome = await pool.run({ cellId: cell.id, experiment: cell.experiment,
      config: cell.config, seed: cell.seed,
      ...(options.backend ? { backend: options.backend } : {}) },
    cellStop(options.cellTimeoutS, graceExpired.signal));
    counts.numRun += 1;
    const willRetry = outcome.kind === 'failed' && attemptInRun < maxAttempts &&
      !graceExpired.signal.aborted && !options.signal?.aborted;
    record(cell, attempt, outcome, willRetry);
    if (willRetry) retryQueue.push({ cell, attempt: attempt + 1 });
  };

  const attemptsInRun = new Map<string, number>();
  const record = (cell: Cell, attempt: number, outcome: CellTaskOutcome, willRetry: boolean) => {
    const description = { experiment: cell.experiment, experimentVersion: cell.experimentVersion,
      seed: cell.seed, axisValues: cell.axisValues, config: cell.config };
    if (outcome.kind === 'finished') {
      append({ kind: 'finished', cellId: cell.id, attempt, cell: description,
        result: outcome.result, provenance: currentProvenance() });
      if (outcome.result.outcome === 'diverged') counts.numDiverged += 1;
      else counts.numFinished += 1;
      emit({ kind: 'cell-finished', cell, seconds: outcome.result.seconds,
        outcome: outcome.result.outcome });
      return;
    }
    append({ kind: 'failed', cellId: cell.id, attempt, cell: description, error: outcome.error });
    if (!willRetry) counts.numFailed += 1;
    emit({ kind: 'cell-failed', cell, message: outcome.error.message, code: outcome.error.code,
      willRetry });
  };

  const lane = async (): Promise<void> => {
    for (let next = nextCell(); next; next = nextCell()) {
      const attemptInRun = (attemptsInRun.get(next.cell.id) ?? 0) + 1;
      attemptsInRun.set(next.cell.id, attemptInRun);
      await runOne(next.cell, next.attempt, attemptInRun);
    }
  };

  try {
    await Promise.all(Array.from({ length: work.numWorkers }, lane));
  } finally {
    options.signal?.removeEventListener('abort', stopGracefully);
    writer.close();
    await pool.close();
  }
  return counts;
}

/** Stops a cell at its timeout or when the grace period after an interrupt runs out. */
function cellStop(timeoutS: number | undefined, graceExpired: AbortSignal): CellStop {
  const signals = [graceExpired];
  const timeout = timeoutS !== undefined ? AbortSignal.timeout(timeoutS * 1000) : undefined;
  if (timeout) signals.push(timeout);
  return {
    signal: AbortSignal.any(signals),
    describe: () => graceExpired.aborted
      ? { code: 'INTERRUPTED', message: 'stopped: the grace period after an interrupt ran out' }
      : { code: 'CELL_TIMEOUT', message: `stopped after the cell timeout of ${timeoutS} s` },
  };
}
