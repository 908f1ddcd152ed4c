import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@phasegrid/core/nn';
import { beforeAll, describe, expect, it } from 'vitest';
import { identifiabilityConfigSchema } from './definition.ts';
import { resolveTemperature, runIdentifiability } from './run.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('runIdentifiability', () => {
  it('leaves no tensors behind, with and without biases', async () => {
    for (const hasBias of [false, true]) {
      const config = identifiabilityConfigSchema.parse({ encoder: { hasBias },
        training: { steps: 20 }, evaluation: { everySteps: 10, probeSamples: 128 } });
      const before = tf.memory().numTensors;
      const result = await runIdentifiability(config, 0, { backend: 'wasm' });
      expect(tf.memory().numTensors).toBe(before);
      expect(result.outcome).toBe('finished');
      expect(result.curve.steps).toEqual([0, 10, 20]);
      for (const name of ['r2', 'mcc', 'generator_r2', 'generator_mcc', 'loss']) {
        expect(Number.isFinite(result.orderParameters[name])).toBe(true);
      }
    }
  });

  it('reports divergence instead of NaN order parameters', async () => {
    const config = identifiabilityConfigSchema.parse({
      latent: { kind: 'real' },
      objective: { kind: 'infonce', logits: 'distance' },
      optimizer: { kind: 'sgd', learningRate: 1000, schedule: 'constant' },
      training: { steps: 50 }, evaluation: { everySteps: 1, probeSamples: 128 },
    });
    const result = await runIdentifiability(config, 0, { backend: 'wasm' });
    expect(result.outcome).toBe('diverged');
    expect(result.divergedAtStep).toBeLessThan(50);
  });
});

describe('resolveTemperature', () => {
  it('matches 1/kappa under a vMF conditional and is 1 otherwise unless set', () => {
    const parse = (input: unknown) => identifiabilityConfigSchema.parse(input);
    expect(resolveTemperature(parse({ latent: { kind: 'sphere',
      conditional: { kind: 'vmf', concentration: 4 } } }))).toBeCloseTo(0.25, 12);
    expect(resolveTemperature(parse({ latent: { kind: 'box' } }))).toBe(1);
    expect(resolveTemperature(parse({ objective: { kind: 'infonce', temperature: 0.3 } })))
      .toBe(0.3);
  });
});
