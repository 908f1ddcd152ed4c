/** Placeholder runner of `supervised-contrastive`. */
import type { RunOptions, RunResult } from '@phasegrid/core';
import type { SupervisedContrastiveConfig } from './definition.ts';

export async function runSupervisedContrastive(
  _config: SupervisedContrastiveConfig,
  _seed: number,
  _options: RunOptions,
): Promise<RunResult> {
  throw new Error('supervised-contrastive is not implemented yet');
}
