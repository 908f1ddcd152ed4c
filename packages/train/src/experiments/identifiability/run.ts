/** Placeholder runner of `identifiability`. */
import type { RunOptions, RunResult } from '@phasegrid/core';
import type { IdentifiabilityConfig } from './definition.ts';

export async function runIdentifiability(
  _config: IdentifiabilityConfig,
  _seed: number,
  _options: RunOptions,
): Promise<RunResult> {
  throw new Error('identifiability is not implemented yet');
}
