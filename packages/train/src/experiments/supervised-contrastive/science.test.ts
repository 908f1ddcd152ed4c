/**
 * The family's claim with the shipped defaults (Khosla et al. 2020 on labelled sparse coding,
 * SCIENCE.md section 2): with a weak class atom (amplitude 0.5, noise 0.25) using the labels
 * pays, and with a full-strength one every objective reaches the probe ceiling.
 */
import { initBackend } from '@phasegrid/core/nn';
import type { RunResult } from '@phasegrid/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runExperimentCell } from '../runners.ts';

let backend = 'wasm';
beforeAll(async () => {
  backend = (await initBackend('wasm')).name;
});

async function runCell(objective: object, classAmplitude: number, seed: number):
  Promise<RunResult> {
  return runExperimentCell('supervised-contrastive',
    { objective, data: { noise: 0.25, classAmplitude } }, seed, { backend });
}

async function meanProbeAccuracy(objective: object, classAmplitude: number): Promise<number> {
  let sum = 0;
  for (const seed of [0, 1, 2]) {
    const result = await runCell(objective, classAmplitude, seed);
    expect(result.outcome).toBe('finished');
    sum += result.orderParameters.class_probe_accuracy!;
  }
  return sum / 3;
}

describe('supervised-contrastive science (shipped defaults)', () => {
  it('gives SupCon a class probe at least 0.03 above SimCLR\'s at amplitude 0.5', async () => {
    const supCon = await meanProbeAccuracy({ kind: 'supcon' }, 0.5);
    const simClr = await meanProbeAccuracy({ kind: 'simclr' }, 0.5);
    expect(supCon - simClr).toBeGreaterThanOrEqual(0.03);
    // Both learn something about the class: chance is 0.25.
    expect(simClr).toBeGreaterThan(0.5);
  });

  it('brings every objective to the probe ceiling at full amplitude', async () => {
    for (const objective of [{ kind: 'supcon' }, { kind: 'supcon', variant: 'in' },
      { kind: 'simclr' }, { kind: 'cross-entropy' }]) {
      const result = await runCell(objective, 1, 0);
      expect(result.orderParameters.class_probe_accuracy).toBeGreaterThan(0.95);
    }
  });

  it('is deterministic for a seed', async () => {
    const first = await runCell({ kind: 'cross-entropy' }, 0.75, 4);
    const second = await runCell({ kind: 'cross-entropy' }, 0.75, 4);
    expect(second.orderParameters).toEqual(first.orderParameters);
    expect(second.curve).toEqual(first.curve);
  });
});
