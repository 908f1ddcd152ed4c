/** Messages between the sweep's main thread and its worker threads, validated on receipt. */
import { z } from 'zod';
import { runResultSchema } from '../records.ts';

export const cellTaskSchema = z.object({
  cellId: z.string(),
  experiment: z.string(),
  config: z.record(z.string(), z.unknown()),
  seed: z.int(),
  /** Backend to require; absent means the best available. */
  backend: z.enum(['tensorflow', 'wasm', 'cpu']).optional(),
});
/** What a worker receives to run one cell: family, configuration, seed and backend. */
export type CellTask = z.infer<typeof cellTaskSchema>;

export const cellTaskOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('finished'), cellId: z.string(), result: runResultSchema }),
  z.object({
    kind: z.literal('failed'),
    cellId: z.string(),
    error: z.object({ message: z.string(), stack: z.string().optional(), code: z.string() }),
  }),
]);
/** What a worker sends back: the run result, or a failure with a code and message. */
export type CellTaskOutcome = z.infer<typeof cellTaskOutcomeSchema>;
