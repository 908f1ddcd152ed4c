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
export type CellTask = z.infer<typeof cellTaskSchema>;

export const cellTaskOutcomeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('finished'), cellId: z.string(), result: runResultSchema }),
  z.object({
    kind: z.literal('failed'),
    cellId: z.string(),
    error: z.object({ message: z.string(), stack: z.string().optional(), code: z.string() }),
  }),
]);
export type CellTaskOutcome = z.infer<typeof cellTaskOutcomeSchema>;
