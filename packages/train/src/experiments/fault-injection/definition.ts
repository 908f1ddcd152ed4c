/**
 * The `fault-injection` family: cells that finish, throw, hang, crash or diverge on purpose.
 * It trains nothing; it exists so the sweep machinery (pool, store, timeouts, retries,
 * interrupts, clusters) can be tested against every way a real cell can go wrong.
 */
import type { ExperimentDefinition } from '@phasegrid/core';
import { z } from 'zod';

/** Settings of a fault-injection cell: what it does on purpose (finish, throw, hang, ...). */
export const faultInjectionConfigSchema = z.strictObject({
  /**
   * `finish`: wait `seconds`, then report `value + seed`; `throw`: raise an error; `hang`: spin
   * forever; `exit`: end the worker thread; `allocate`: grow memory until the worker runs
   * out; `diverge`: report a NaN loss at step `steps / 2`.
   */
  behaviour: z.enum(['finish', 'throw', 'hang', 'exit', 'allocate', 'diverge'])
    .default('finish'),
  /** Seconds a `finish` cell waits, or a `throw` cell waits before throwing. */
  seconds: z.number().min(0).max(3600).default(0),
  /** Base of the reported order parameter. */
  value: z.number().default(0),
  /** Steps reported, and the length of the learning curve. */
  steps: z.int().min(1).max(1_000_000).default(10),
  /** Throw only on these seeds (empty: every seed), to make some cells of a sweep fail. */
  failingSeeds: z.array(z.int()).default([]),
});

/** A parsed fault-injection cell configuration. */
export type FaultInjectionConfig = z.infer<typeof faultInjectionConfigSchema>;

/**
 * The `fault-injection` family: cells that fail in chosen ways, to test the sweep machinery
 * (timeouts, dead workers, retries, divergence). It measures nothing scientific.
 */
export const faultInjectionDefinition: ExperimentDefinition<typeof faultInjectionConfigSchema> = {
  name: 'fault-injection',
  version: 1,
  description: 'Cells that fail on purpose, for testing sweeps (trains nothing)',
  configSchema: faultInjectionConfigSchema,
  defaultOrderParameter: 'value',
  orderParameters: [
    { name: 'value', description: 'value + seed', threshold: 0.5, isOnCurve: true },
  ],
};
