import { Random } from '@phasegrid/core';
import { describe, expect, it } from 'vitest';
import { drawCohort, drawVisitPairs, mixInto } from './cohort.ts';
import { longitudinalDataSchema, type LongitudinalDataConfig } from './config.ts';

function dataConfig(overrides: object = {}): LongitudinalDataConfig {
  return longitudinalDataSchema.parse({ trainSubjects: 400, heldOutSubjects: 256, ...overrides });
}

function meanSquaredChange(earlier: Float64Array, later: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < earlier.length; i++) sum += (later[i]! - earlier[i]!) ** 2;
  return sum / earlier.length;
}

describe('drawCohort', () => {
  it('puts every second visit later than the first, by a gap within the configured bounds', () => {
    const { train, heldOut } = drawCohort(dataConfig({ minGap: 0.3, maxGap: 0.9 }), 1);
    for (const pairs of [train, heldOut]) {
      for (let i = 0; i < pairs.numSubjects; i++) {
        const gap = pairs.laterAges[i]! - pairs.earlierAges[i]!;
        expect(gap).toBeGreaterThanOrEqual(0.3);
        expect(gap).toBeLessThanOrEqual(0.9);
      }
    }
  });

  it('keeps identity fixed per subject: without age effect or noise both visits coincide', () => {
    const still = drawCohort(dataConfig({ ageEffect: 0, observationNoise: 0 }), 2).train;
    expect(still.later).toEqual(still.earlier);
    const ageing = drawCohort(dataConfig({ ageEffect: 1, observationNoise: 0 }), 2).train;
    expect(meanSquaredChange(ageing.earlier, ageing.later)).toBeGreaterThan(1e-3);
    expect(ageing.identities).toEqual(still.identities);
  });

  it('scales the age component by ageEffect: visit changes grow with it, linearly when small',
    () => {
      const changes = [0.05, 0.1, 0.5, 1, 2].map((ageEffect) => {
        const { train } = drawCohort(dataConfig({ ageEffect, observationNoise: 0 }), 3);
        return Math.sqrt(meanSquaredChange(train.earlier, train.later));
      });
      changes.slice(1).forEach((change, i) => expect(change).toBeGreaterThan(changes[i]!));
      // To first order the change is linear in ageEffect: doubling a small one doubles it.
      expect(changes[1]! / changes[0]!).toBeCloseTo(2, 1);
    });

  it('observes each visit as the mixed latent (u, ageEffect a) plus noise of the set size', () => {
    const noisy = drawCohort(dataConfig({ ageEffect: 0.7, observationNoise: 0.2 }), 4).train;
    const clean = drawCohort(dataConfig({ ageEffect: 0.7, observationNoise: 0 }), 4).train;
    const latent = new Float64Array(5);
    const expected = new Float64Array(noisy.observationDim);
    const cohortMap = drawCohort(dataConfig(), 4).map;
    for (let i = 0; i < 10; i++) {
      latent.set(clean.identities.subarray(i * 4, i * 4 + 4));
      latent[4] = 0.7 * clean.laterAges[i]!;
      mixInto(cohortMap, latent, expected);
      const row = clean.later.subarray(i * 64, (i + 1) * 64);
      row.forEach((value, k) => expect(value).toBeCloseTo(expected[k]!, 12));
    }
    const residualStd = Math.sqrt(meanSquaredChange(clean.earlier, noisy.earlier));
    expect(residualStd).toBeCloseTo(0.2, 2);
  });

  it('draws the same map for a seed whatever the age effect, and another for another seed',
    () => {
      const weak = drawCohort(dataConfig({ ageEffect: 0.25 }), 5).map;
      const strong = drawCohort(dataConfig({ ageEffect: 2 }), 5).map;
      const other = drawCohort(dataConfig({ ageEffect: 2 }), 6).map;
      expect(strong).toEqual(weak);
      expect(other.outer).not.toEqual(weak.outer);
    });

  it('keeps the held-out subjects when the number of training subjects changes', () => {
    const small = drawCohort(dataConfig({ trainSubjects: 100 }), 7);
    const large = drawCohort(dataConfig({ trainSubjects: 300 }), 7);
    expect(large.heldOut.earlier).toEqual(small.heldOut.earlier);
  });

  it('gives ages of unit standard deviation at baseline', () => {
    const config = dataConfig();
    const pairs = drawVisitPairs(config, drawCohort(config, 8).map, 20_000,
      new Random(8, 'ages'));
    const ages = pairs.earlierAges;
    const mean = ages.reduce((sum, age) => sum + age, 0) / ages.length;
    const variance = ages.reduce((sum, age) => sum + (age - mean) ** 2, 0) / ages.length;
    expect(mean).toBeCloseTo(0, 1);
    expect(Math.sqrt(variance)).toBeCloseTo(1, 1);
  });
});
