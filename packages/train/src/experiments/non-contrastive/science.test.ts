/**
 * The family's claims with the shipped defaults (SCIENCE.md section 3): without stop-gradient
 * or without a predictor the representation collapses; a trained predictor and DirectPred keep
 * every mode at small weight decay, aligned with the correlation; larger weight decay kills
 * more modes, within one of the analytic count. The count is checked in every cell of the
 * shipped diagram (`sweeps/non-contrastive.json`, read here so the two cannot drift apart):
 * both predictors, every weight decay and noise, at seed 0 (the sweep's only seed).
 */
import { readFileSync } from 'node:fs';
import type { RunResult } from '@phasegrid/core';
import { describe, expect, it } from 'vitest';
import { runExperimentCell } from '../runners.ts';
import { predictNonContrastive } from './config.ts';

const SHIPPED_SPEC = new URL('../../../../../sweeps/non-contrastive.json', import.meta.url);
const { axes } = JSON.parse(readFileSync(SHIPPED_SPEC, 'utf8')) as {
  axes: Record<string, unknown[]>;
};
const WEIGHT_DECAYS = axes['optimizer.weightDecay'] as number[];
const NOISE_VARIANCES = axes['views.noiseVariance'] as number[];
const PREDICTORS = axes.predictor as Array<{ kind: string }>;

async function runCell(config: object, seed = 0): Promise<RunResult> {
  const result = await runExperimentCell('non-contrastive', config, seed, { backend: 'none' });
  expect(result.outcome).toBe('finished');
  return result;
}

function diagramCell(predictor: object, weightDecay: number, noiseVariance: number) {
  return { predictor, optimizer: { weightDecay }, views: { noiseVariance } };
}

describe('non-contrastive science (shipped defaults)', () => {
  // Default steps: an EMA target slows collapse to the EMA's timescale (at 3000 steps, 2 of
  // 16 modes were still above the cut without a predictor).
  const control = { views: { noiseVariance: 0.3 } };

  it('collapses without stop-gradient', async () => {
    const result = await runCell({ ...control, target: { kind: 'online', stopGradient: false } });
    expect(result.orderParameters.surviving_modes).toBeLessThanOrEqual(1);
    expect(result.orderParameters.surviving_modes_correlation).toBeLessThanOrEqual(1);
  });

  it('collapses without a predictor, with an EMA or a SimSiam target', async () => {
    for (const target of [{ kind: 'ema' }, { kind: 'online' }]) {
      const result = await runCell({ ...control, target, predictor: { kind: 'none' } });
      expect(result.orderParameters.surviving_modes).toBeLessThanOrEqual(1);
      expect(result.orderParameters.surviving_modes_correlation).toBeLessThanOrEqual(1);
    }
  });

  it('keeps the analytic count within one mode, fewer as weight decay grows', async () => {
    expect(WEIGHT_DECAYS.length * NOISE_VARIANCES.length * PREDICTORS.length).toBe(48);
    for (const predictor of PREDICTORS) {
      for (const noiseVariance of NOISE_VARIANCES) {
        const counts: number[] = [];
        for (const weightDecay of WEIGHT_DECAYS) {
          const config = diagramCell(predictor, weightDecay, noiseVariance);
          const result = await runCell(config);
          const measured = result.orderParameters.surviving_modes!;
          const predicted = predictNonContrastive('surviving_modes', config)!;
          expect(Math.abs(measured - predicted), `${predictor.kind} eta=${weightDecay} `
            + `s2=${noiseVariance}: measured ${measured}, predicted ${predicted}`)
            .toBeLessThanOrEqual(1);
          counts.push(measured);
          if (weightDecay <= 1e-4) {
            // Small weight decay: every mode lives and the predictor is aligned.
            expect(measured).toBe(16);
            expect(result.orderParameters.alignment).toBeGreaterThanOrEqual(0.9);
          }
        }
        counts.slice(1).forEach((count, i) => expect(count).toBeLessThanOrEqual(counts[i]!));
        expect(counts.at(-1)!).toBeLessThan(counts[0]! - 8);
      }
    }
  });

  it('is deterministic for a seed', async () => {
    const config = { ...diagramCell({ kind: 'directpred' }, 1e-2, 1), training: { steps: 500 } };
    const first = await runCell(config, 3);
    const second = await runCell(config, 3);
    expect(second.orderParameters).toEqual(first.orderParameters);
    expect(second.curve).toEqual(first.curve);
  });
});
