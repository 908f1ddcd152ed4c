/**
 * A pool of worker threads that run cells (Piscina). One worker per core by default; each
 * worker is single-threaded and loads TensorFlow.js once. A cell that fails, hangs past its
 * timeout, or kills its worker comes back as a `failed` outcome; the pool replaces the worker.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { cellTaskOutcomeSchema, type CellTask, type CellTaskOutcome } from './cell-task.ts';

/** Options of `CellPool`; all optional. */
export interface CellPoolOptions {
  /** Worker threads (default: the machine's available parallelism). */
  readonly numWorkers?: number;
  /** Heap limit of each worker in MB; a cell that needs more fails, its worker is replaced. */
  readonly workerMemoryMb?: number;
}

/** How a caller stops a running cell, and what the resulting failure should say. */
export interface CellStop {
  readonly signal: AbortSignal;
  /** Failure code and message per abort reason, e.g. timeout versus interrupt. */
  readonly describe: () => { code: string; message: string };
}

/**
 * A pool of worker threads that run cells, one cell at a time per worker (default: one worker
 * per core). Each worker loads TensorFlow.js once. A cell that throws, hangs past its timeout or
 * kills its worker comes back as a `failed` outcome, and the pool replaces the worker.
 */
export class CellPool {
  readonly numWorkers: number;
  private readonly piscina: Piscina;

  constructor(options: CellPoolOptions = {}) {
    this.numWorkers = options.numWorkers ?? availableParallelism();
    this.piscina = new Piscina({
      filename: workerFilename(),
      minThreads: this.numWorkers,
      maxThreads: this.numWorkers,
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
      // Profiling and loader flags are the parent's business; workers register tsx themselves.
      execArgv: workerExecArgv(),
      ...(options.workerMemoryMb
        ? { resourceLimits: { maxOldGenerationSizeMb: options.workerMemoryMb } }
        : {}),
    });
    // A worker that dies between tasks is replaced by Piscina; the error is not the pool's.
    this.piscina.on('error', () => {});
  }

  /** Runs one cell; resolves with its outcome (a failure is an outcome, not a rejection). */
  async run(task: CellTask, stop?: CellStop): Promise<CellTaskOutcome> {
    try {
      const reply = await this.piscina.run(task, stop ? { signal: stop.signal } : {});
      return checkedOutcome(task.cellId, reply);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      const stopped = stop?.signal.aborted ? stop.describe() : undefined;
      return {
        kind: 'failed',
        cellId: task.cellId,
        error: {
          message: stopped?.message ?? `worker died: ${failure.message}`,
          ...(failure.stack !== undefined && !stopped ? { stack: failure.stack } : {}),
          code: stopped?.code ?? 'WORKER_DIED',
        },
      };
    }
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}

/**
 * The worker's reply if it is a valid outcome; otherwise a failure that says, on one line, what
 * was wrong with it (e.g. a NaN order parameter), so a broken family never looks like a worker
 * that died and never writes a record the store would refuse.
 */
export function checkedOutcome(cellId: string, reply: unknown): CellTaskOutcome {
  const parsed = cellTaskOutcomeSchema.safeParse(reply);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) =>
    `${issue.path.join('.') || 'reply'}: ${issue.message}`);
  return {
    kind: 'failed',
    cellId,
    error: {
      code: 'INVALID_RESULT',
      message: `the cell's result is invalid: ${problems.join('; ')}`,
    },
  };
}

/**
 * The worker module: built JavaScript next to this file in a published package, or the
 * source-mode entry (which registers the TypeScript loader in the thread) inside the monorepo.
 */
function workerFilename(): string {
  const runsFromSource = import.meta.url.endsWith('.ts');
  return new URL(runsFromSource ? './worker-entry.mjs' : './worker.js', import.meta.url).href;
}

/** The parent's Node flags minus profiling and module loaders. */
function workerExecArgv(): string[] {
  const inherited: string[] = [];
  const parentArgs = process.execArgv;
  for (let i = 0; i < parentArgs.length; i++) {
    const arg = parentArgs[i]!;
    if (arg === '--import' || arg === '--loader' || arg === '--require') {
      i += 1;
      continue;
    }
    if (arg.startsWith('--cpu-prof') || arg.startsWith('--import=')) continue;
    inherited.push(arg);
  }
  return inherited;
}
