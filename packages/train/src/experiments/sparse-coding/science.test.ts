/**
 * The family's claim with the shipped defaults (Wen & Li 2021, calibrated in SCIENCE.md):
 * strong masking learns the atoms, no augmentation learns noise.
 */
import { initBackend } from '@phasegrid/core/nn';
import type { RunResult } from '@phasegrid/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runExperimentCell } from '../runners.ts';

let backend = 'wasm';
beforeAll(async () => {
  backend = (await initBackend('wasm')).name;
});

async function runCell(strength: number, noise: number, seed: number): Promise<RunResult> {
  return runExperimentCell('sparse-coding',
    { views: { kind: 'mask', strength }, data: { noise } }, seed, { backend });
}

describe('sparse-coding science (shipped defaults)', () => {
  it('covers the atoms at s = 1, sigma = 0.2 and learns them early', async () => {
    for (const seed of [0, 1]) {
      const result = await runCell(1, 0.2, seed);
      expect(result.outcome).toBe('finished');
      expect(result.orderParameters.coverage).toBeGreaterThanOrEqual(0.9);
      expect(result.orderParameters.signal_fraction).toBeGreaterThan(0.5);
      const learningTime = result.orderParameters.learning_time;
      expect(learningTime).not.toBeNull();
      // Learning time is the first curve step with coverage >= 0.5.
      const index = result.curve.steps.indexOf(learningTime!);
      expect(result.curve.values.coverage![index]).toBeGreaterThanOrEqual(0.5);
      expect(result.curve.values.coverage!.slice(0, index).every((value) => value < 0.5))
        .toBe(true);
    }
  });

  it('learns noise, not atoms, without augmentation (s = 0, sigma = 0.2)', async () => {
    for (const seed of [0, 1]) {
      const result = await runCell(0, 0.2, seed);
      expect(result.orderParameters.coverage).toBeLessThanOrEqual(0.1);
      expect(result.orderParameters.signal_fraction).toBeLessThanOrEqual(0.15);
      expect(result.orderParameters.learning_time).toBeNull();
    }
  });

  it('is deterministic for a seed', async () => {
    const first = await runCell(0.75, 0.3, 4);
    const second = await runCell(0.75, 0.3, 4);
    expect(second.orderParameters).toEqual(first.orderParameters);
    expect(second.curve).toEqual(first.curve);
  });
});
