/**
 * The worker thread's entry: starts TensorFlow.js once, then runs one cell per task. Failures
 * come back as data with the cell id; nothing thrown here takes the sweep down.
 */
import { initBackend, type BackendChoice } from '@phasegrid/core/nn';
import { runExperimentCell } from '@phasegrid/train';
import { cellTaskSchema, type CellTaskOutcome } from './cell-task.ts';

let backend: Promise<BackendChoice> | undefined;

/** Piscina calls the default export with each task. */
export default async function runCellTask(message: unknown): Promise<CellTaskOutcome> {
  const task = cellTaskSchema.parse(message);
  try {
    backend ??= initBackend(task.backend);
    const { name } = await backend;
    const result = await runExperimentCell(task.experiment, task.config, task.seed,
      { backend: name });
    return { kind: 'finished', cellId: task.cellId, result };
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    return {
      kind: 'failed',
      cellId: task.cellId,
      error: {
        message: failure.message,
        ...(failure.stack !== undefined ? { stack: failure.stack } : {}),
        code: 'CELL_ERROR',
      },
    };
  }
}
