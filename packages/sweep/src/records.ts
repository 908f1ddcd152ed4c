/**
 * What the store holds: one record per event in a cell's life, tagged with the cell id.
 * Records are validated with zod when read, so a damaged or foreign file is reported, never
 * trusted.
 */
import { z } from 'zod';

/** Version of the record format; a reader refuses records from a newer one. */
export const STORE_FORMAT_VERSION = 1;

/** Enough to identify and redraw a cell without its spec. */
export const cellDescriptionSchema = z.object({
  experiment: z.string(),
  experimentVersion: z.int(),
  seed: z.int(),
  /** Axis values by dotted path, as given in the spec. */
  axisValues: z.record(z.string(), z.unknown()),
  /** The fully resolved configuration (defaults filled in). */
  config: z.record(z.string(), z.unknown()),
});
/** Which cell a record belongs to: id, family, axis values, configuration and seed. */
export type CellDescription = z.infer<typeof cellDescriptionSchema>;

export const learningCurveSchema = z.object({
  steps: z.array(z.number()),
  values: z.record(z.string(), z.array(z.number())),
});

export const runResultSchema = z.object({
  outcome: z.enum(['finished', 'diverged']),
  orderParameters: z.record(z.string(), z.number().nullable()),
  curve: learningCurveSchema,
  steps: z.number(),
  seconds: z.number(),
  backend: z.string(),
  divergedAtStep: z.number().optional(),
});

/** Where and with what a result was produced. */
export const provenanceSchema = z.object({
  phasegridVersion: z.string(),
  nodeVersion: z.string(),
  hostname: z.string(),
  platform: z.string(),
});
/** Which phasegrid and Node versions produced a record, on which host and platform. */
export type Provenance = z.infer<typeof provenanceSchema>;

const recordBase = {
  formatVersion: z.int(),
  cellId: z.string().min(1),
  /** Milliseconds since the epoch when the record was written. */
  atMs: z.number(),
  /** The store file's writer name. */
  writer: z.string(),
  /** 1 for the first attempt at the cell in this store, then 2, 3, ... */
  attempt: z.int().min(1),
};

export const startedRecordSchema = z.object({ kind: z.literal('started'), ...recordBase });

export const finishedRecordSchema = z.object({
  kind: z.literal('finished'),
  ...recordBase,
  cell: cellDescriptionSchema,
  result: runResultSchema,
  provenance: provenanceSchema,
});

export const failedRecordSchema = z.object({
  kind: z.literal('failed'),
  ...recordBase,
  cell: cellDescriptionSchema,
  error: z.object({
    message: z.string(),
    stack: z.string().optional(),
    /**
     * A stable machine code, e.g. `CELL_TIMEOUT`, `WORKER_DIED`, `CELL_ERROR`,
     * `INVALID_RESULT`.
     */
    code: z.string(),
  }),
});

/** Any record in a store, told apart by `kind`: started, finished or failed. */
export const storeRecordSchema = z.discriminatedUnion('kind', [
  startedRecordSchema,
  finishedRecordSchema,
  failedRecordSchema,
]);

/** Written when a cell starts; a started cell with no later record did not finish. */
export type StartedRecord = z.infer<typeof startedRecordSchema>;
/** A cell that ran to the end (or diverged), with its order parameters and curve. */
export type FinishedRecord = z.infer<typeof finishedRecordSchema>;
/** A cell that failed: error code, message, stack, and which attempt it was. */
export type FailedRecord = z.infer<typeof failedRecordSchema>;
/** Any record a store holds. */
export type StoreRecord = z.infer<typeof storeRecordSchema>;
