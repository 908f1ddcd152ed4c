/**
 * Valid store records for the store's tests. Not exported from the package.
 */
import {
  STORE_FORMAT_VERSION,
  type FailedRecord,
  type FinishedRecord,
  type StartedRecord,
} from '../records.ts';

interface RecordFields {
  cellId?: string;
  atMs?: number;
  writer?: string;
  attempt?: number;
}

function base(fields: RecordFields) {
  return {
    formatVersion: STORE_FORMAT_VERSION,
    cellId: fields.cellId ?? 'cell-a',
    atMs: fields.atMs ?? 1_700_000_000_000,
    writer: fields.writer ?? 'test-writer',
    attempt: fields.attempt ?? 1,
  };
}

const cell = {
  experiment: 'sparse-coding',
  experimentVersion: 1,
  seed: 0,
  axisValues: { 'views.strength': 1 },
  config: {},
};

export function startedRecord(fields: RecordFields = {}): StartedRecord {
  return { kind: 'started', ...base(fields) };
}

export function finishedRecord(fields: RecordFields = {}): FinishedRecord {
  return {
    kind: 'finished',
    ...base(fields),
    cell,
    result: {
      outcome: 'finished',
      orderParameters: { coverage: 1, learning_time: null },
      curve: { steps: [0, 25], values: { coverage: [0, 1] } },
      steps: 500,
      seconds: 0.5,
      backend: 'wasm',
    },
    provenance: { phasegridVersion: '0.1.0', nodeVersion: 'v20', hostname: 'h',
      platform: 'linux' },
  };
}

export function failedRecord(fields: RecordFields = {}): FailedRecord {
  return {
    kind: 'failed',
    ...base(fields),
    cell,
    error: { message: 'worker exited with code 1', code: 'WORKER_DIED' },
  };
}
