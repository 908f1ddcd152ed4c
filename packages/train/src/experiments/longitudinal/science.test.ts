/**
 * The family's claim (Zhao et al. 2021, SCIENCE.md section 4), with the age effect on the
 * scale of one identity coordinate (the default): training with the direction term (lambda =
 * 1) makes the projection on tau track age on held-out subjects (correlation >= 0.8), better
 * than the plain autoencoder (lambda = 0) read along its mean latent change over the training
 * pairs, the best direction it offers without labels, and aligns every subject's change with
 * one direction. 1,500 steps instead of the default 2,000 to fit CI. Measured here at 1,500
 * steps, seeds 0, 1, 2: 0.901, 0.892, 0.896 against 0.863, 0.864, 0.848 (gains 0.038, 0.028,
 * 0.048); at the default 2,000 (the shipped sweep): 0.900, 0.898, 0.907 against 0.856, 0.860,
 * 0.852. The gain is real but smaller than the independent reference's (0.86 against 0.72):
 * in this data model the plain autoencoder's mean-difference direction is a strong baseline.
 */
import type { RunResult } from '@phasegrid/core';
import { describe, expect, it } from 'vitest';
import { runExperimentCell } from '../runners.ts';

const SEEDS = [0, 1];

async function runCell(lambda: number, seed: number): Promise<RunResult> {
  const result = await runExperimentCell('longitudinal',
    { objective: { lambda }, training: { steps: 1500 } }, seed, { backend: 'none' });
  expect(result.outcome).toBe('finished');
  return result;
}

describe('longitudinal science (age effect on the identity scale)', () => {
  it('tracks age along tau better than the plain autoencoder along its mean change', async () => {
    const gains: number[] = [];
    for (const seed of SEEDS) {
      const trained = (await runCell(1, seed)).orderParameters;
      const plain = (await runCell(0, seed)).orderParameters;
      const label = `seed ${seed}: lambda 1 ${trained.age_correlation}, `
        + `lambda 0 ${plain.age_correlation}`;

      expect(trained.age_correlation, label).toBeGreaterThanOrEqual(0.8);
      expect(trained.age_correlation!, label).toBeGreaterThan(plain.age_correlation!);
      // The plain autoencoder's headline reads the mean-difference direction, by definition.
      expect(plain.age_correlation).toBe(plain.age_correlation_mean_difference);
      // Every subject's change lines up with tau; the plain model's changes scatter.
      expect(trained.direction_cosine).toBeGreaterThanOrEqual(0.9);
      expect(plain.direction_cosine).toBeLessThan(0.7);
      gains.push(trained.age_correlation! - plain.age_correlation!);
    }
    const meanGain = gains.reduce((sum, gain) => sum + gain, 0) / gains.length;
    expect(meanGain, `gains ${gains.join(', ')}`).toBeGreaterThanOrEqual(0.02);
  }, 300_000);
});
