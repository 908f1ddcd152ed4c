/**
 * Runs a cell of any registered family. Runner modules are imported on first use, so a process
 * only loads the families it runs.
 */
import type { ExperimentRunner, RunOptions, RunResult } from '@phasegrid/core';
import { z } from 'zod';
import { findExperiment } from './definitions.ts';

type RunnerLoader = () => Promise<ExperimentRunner<never>>;

const runnerLoaders: ReadonlyMap<string, RunnerLoader> = new Map<string, RunnerLoader>([
  ['sparse-coding', async () => (await import('./sparse-coding/run.ts')).runSparseCoding],
  ['identifiability', async () =>
    (await import('./identifiability/run.ts')).runIdentifiability],
  ['latent-tree', async () => (await import('./latent-tree/run.ts')).runLatentTree],
  ['longitudinal', async () => (await import('./longitudinal/run.ts')).runLongitudinal],
  ['non-contrastive', async () =>
    (await import('./non-contrastive/run.ts')).runNonContrastive],
  ['supervised-contrastive', async () =>
    (await import('./supervised-contrastive/run.ts')).runSupervisedContrastive],
  ['fault-injection', async () =>
    (await import('./fault-injection/run.ts')).runFaultInjection],
]);

/**
 * Validates `config` against the family's schema (filling defaults) and runs one cell.
 * @throws Error when the family is unknown or the configuration does not validate.
 */
export async function runExperimentCell(
  experiment: string,
  config: unknown,
  seed: number,
  options: RunOptions,
): Promise<RunResult> {
  const definition = findExperiment(experiment);
  const load = runnerLoaders.get(experiment);
  if (!definition || !load) throw new Error(`unknown experiment family "${experiment}"`);

  const parsed = definition.configSchema.safeParse(config);
  if (!parsed.success) {
    throw new Error(`invalid ${experiment} configuration:\n${z.prettifyError(parsed.error)}`);
  }
  const run = (await load()) as ExperimentRunner<unknown>;
  return run(parsed.data, seed, options);
}
