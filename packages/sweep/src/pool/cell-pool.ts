/**
 * A pool of worker threads that run cells (Piscina). One worker per core by default; each
 * worker is single-threaded and loads TensorFlow.js once.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { cellTaskOutcomeSchema, type CellTask, type CellTaskOutcome } from './cell-task.ts';

/** Options of `CellPool`; all optional. */
export interface CellPoolOptions {
  /** Worker threads (default: the machine's available parallelism). */
  readonly numWorkers?: number;
}

export class CellPool {
  readonly numWorkers: number;
  private readonly piscina: Piscina;

  constructor(options: CellPoolOptions = {}) {
    this.numWorkers = options.numWorkers ?? availableParallelism();
    const workerUrl = new URL('./worker-entry.mjs', import.meta.url);
    this.piscina = new Piscina({
      filename: workerUrl.href,
      minThreads: this.numWorkers,
      maxThreads: this.numWorkers,
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
      // Profiling flags would make every worker write its own profile.
      execArgv: workerExecArgv(),
    });
  }

  /** Runs one cell; resolves with its outcome (a failure is an outcome, not a rejection). */
  async run(task: CellTask): Promise<CellTaskOutcome> {
    try {
      return cellTaskOutcomeSchema.parse(await this.piscina.run(task));
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      return {
        kind: 'failed',
        cellId: task.cellId,
        error: {
          message: `worker failed: ${failure.message}`,
          ...(failure.stack !== undefined ? { stack: failure.stack } : {}),
          code: 'WORKER_DIED',
        },
      };
    }
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}

/** The parent's Node flags minus profiling and loaders (workers register tsx themselves). */
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
