/**
 * The family's claim (Tian et al. 2020, section 6; SCIENCE.md section 5) at the issue's
 * setting, hid = 10 and delta_lower = 0.7, with the shipped defaults otherwise (InfoNCE at
 * T = 0.1, Adam 0.01, batch 128, 500 steps), over seeds 0-2: near the leaves an untrained
 * network already sits at the Bayes ceiling; training lifts the depths nearest the root
 * (0-2, `deep_*`) well above the untrained network, toward the ceiling and not past it; and
 * 10 neurons per node do at least as well as 2. Measured here for seeds 0 / 1 / 2: deep_corr
 * 0.85 / 0.80 / 0.82 against untrained 0.65 / 0.61 / 0.68 and ceilings 0.92 / 0.86 / 0.88
 * (gap closed 0.75 / 0.77 / 0.73); with hid = 2, 0.72 / 0.71 / 0.29 (seed 2 starts with a
 * dead root and never leaves it). About 5 s a run with 10 neurons, 1 s with 2, on a busy core.
 */
import type { RunResult } from '@phasegrid/core';
import { describe, expect, it } from 'vitest';
import { runExperimentCell } from '../runners.ts';

const SEEDS = [0, 1, 2];
/** A neuron can beat the posterior mean on a finite held-out set only by sampling noise. */
const CEILING_NOISE = 0.02;

async function runSeeds(hid: number): Promise<RunResult[]> {
  const results: RunResult[] = [];
  for (const seed of SEEDS) {
    const config = { tree: { delta_lower: 0.7 }, encoder: { hid } };
    const result = await runExperimentCell('latent-tree', config, seed, { backend: 'none' });
    expect(result.outcome).toBe('finished');
    results.push(result);
  }
  return results;
}

function meanOf(results: readonly RunResult[], name: string): number {
  return results.reduce((sum, result) => sum + result.orderParameters[name]!, 0)
    / results.length;
}

describe('latent-tree science (hid = 10 and 2, delta_lower = 0.7, seeds 0-2)', () => {
  it('lifts the deep nodes toward the Bayes ceiling, more with 10 neurons than with 2',
    async () => {
      const wide = await runSeeds(10);
      const narrow = await runSeeds(2);

      const gain = meanOf(wide, 'deep_corr') - meanOf(wide, 'deep_untrained_corr');
      expect(gain).toBeGreaterThanOrEqual(0.1);
      expect(meanOf(wide, 'deep_gap_closed')).toBeGreaterThanOrEqual(0.5);
      expect(meanOf(wide, 'deep_corr')).toBeGreaterThanOrEqual(meanOf(narrow, 'deep_corr'));

      for (const result of [...wide, ...narrow]) {
        for (let d = 0; d < 5; d++) {
          const { [`corr_depth_${d}`]: trained, [`bayes_corr_depth_${d}`]: ceiling } =
            result.orderParameters;
          expect(trained!).toBeLessThanOrEqual(ceiling! + CEILING_NOISE);
        }
      }
      // Near the leaves there is little to learn: the untrained network is at the ceiling.
      const leafGap = meanOf(wide, 'bayes_corr_depth_4') - meanOf(wide, 'untrained_corr_depth_4');
      expect(leafGap).toBeLessThan(0.06);
    }, 120_000);

  it('is deterministic for a seed', async () => {
    const config = { encoder: { hid: 4 }, training: { steps: 40 },
      evaluation: { everySteps: 10, samples: 512 } };
    const first = await runExperimentCell('latent-tree', config, 3, { backend: 'none' });
    const second = await runExperimentCell('latent-tree', config, 3, { backend: 'none' });
    expect(second.orderParameters).toEqual(first.orderParameters);
    expect(second.curve).toEqual(first.curve);
  });
});
