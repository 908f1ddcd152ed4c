/** Placeholder runner of `non-contrastive`. */
import type { RunOptions, RunResult } from '@phasegrid/core';
import type { NonContrastiveConfig } from './definition.ts';

export async function runNonContrastive(
  _config: NonContrastiveConfig,
  _seed: number,
  _options: RunOptions,
): Promise<RunResult> {
  throw new Error('non-contrastive is not implemented yet');
}
