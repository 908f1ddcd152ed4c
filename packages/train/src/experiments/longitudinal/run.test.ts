import { Random } from '@phasegrid/core';
import { describe, expect, it } from 'vitest';
import { optimizerSchema } from '../../optimizers/optimizer-config.ts';
import { Autoencoder } from './autoencoder.ts';
import { longitudinalConfigSchema, longitudinalModelSchema } from './config.ts';
import { FlatOptimizer } from '../../optimizers/flat-optimizer.ts';
import { evaluateObjective } from './objective.ts';
import { applyStep, runLongitudinal } from './run.ts';

/** A cell small enough for a unit test: few subjects, few steps. */
const TINY = { data: { trainSubjects: 64, heldOutSubjects: 256 },
  training: { steps: 40, batchPairs: 16 }, evaluation: { everySteps: 10 } };

describe('applyStep', () => {
  it('keeps tau at unit length after every step while it turns', () => {
    const model = Autoencoder.create(longitudinalModelSchema.parse({}), 64, new Random(1, 'm'));
    const optimizer = new FlatOptimizer(
      optimizerSchema.parse({ kind: 'adam', learningRate: 0.05 }), model.parameters.length, 20);
    const rng = new Random(1, 'batch');
    const start = Float64Array.from(model.tau);
    const gradient = new Float64Array(model.parameters.length);
    for (let step = 0; step < 20; step++) {
      const earlier = rng.fillNormal(new Float64Array(8 * 64));
      const later = rng.fillNormal(new Float64Array(8 * 64));
      evaluateObjective(model, earlier, later, 8, 1, gradient);
      applyStep(model, optimizer, gradient);
      expect(Math.hypot(...model.tau)).toBeCloseTo(1, 12);
    }
    const cosine = model.tau.reduce((sum, value, k) => sum + value * start[k]!, 0);
    expect(cosine).toBeLessThan(0.99);
  });
});

describe('runLongitudinal', () => {
  it('is deterministic for a seed and samples the curve at the first, every 10th and last step',
    async () => {
      const config = longitudinalConfigSchema.parse(TINY);
      const first = await runLongitudinal(config, 3, { backend: 'none' });
      const second = await runLongitudinal(config, 3, { backend: 'none' });
      expect(first.outcome).toBe('finished');
      expect(second.orderParameters).toEqual(first.orderParameters);
      expect(first.curve.steps).toEqual([0, 10, 20, 30, 40]);
    });

  it('reads tau when lambda > 0 and the mean-difference direction at lambda = 0', async () => {
    const trained = await runLongitudinal(longitudinalConfigSchema.parse(TINY), 4,
      { backend: 'none' });
    const plain = await runLongitudinal(
      longitudinalConfigSchema.parse({ ...TINY, objective: { lambda: 0 } }), 4,
      { backend: 'none' });
    expect(trained.orderParameters.age_correlation)
      .toBe(trained.orderParameters.age_correlation_tau);
    expect(plain.orderParameters.age_correlation)
      .toBe(plain.orderParameters.age_correlation_mean_difference);
    expect(plain.orderParameters.age_correlation)
      .not.toBe(plain.orderParameters.age_correlation_tau);
  });

  it('reports divergence when the loss stops being finite', async () => {
    // A rate far past stability makes the linear output layer overshoot by a growing factor
    // every step, so the loss overflows (measured: at step 50 for this seed).
    const config = longitudinalConfigSchema.parse({ ...TINY, training: { steps: 300,
      batchPairs: 16 },
      optimizer: { kind: 'sgd', learningRate: 1000, momentum: 0.9, schedule: 'constant' } });
    const result = await runLongitudinal(config, 5, { backend: 'none' });
    expect(result.outcome).toBe('diverged');
    expect(result.divergedAtStep).toBeGreaterThan(0);
    expect(result.divergedAtStep).toBeLessThan(300);
    expect(result.orderParameters).toEqual({});
  });
});

describe('longitudinalConfigSchema', () => {
  it('fills every default from {} and rejects typos and inverted gaps', () => {
    const defaults = longitudinalConfigSchema.parse({});
    expect(defaults.objective.lambda).toBe(1);
    expect(defaults.data.ageEffect).toBe(1);
    expect(defaults.optimizer).toMatchObject({ kind: 'adam', learningRate: 1e-3 });
    expect(longitudinalConfigSchema.safeParse({ objective: { lamda: 1 } }).success).toBe(false);
    expect(longitudinalConfigSchema.safeParse({ data: { minGap: 2, maxGap: 1 } }).success)
      .toBe(false);
  });
});
