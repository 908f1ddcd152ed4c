import { initBackend } from '@phasegrid/core/nn';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { optimizerSchema } from './optimizer-config.ts';
import { FlatOptimizer } from './flat-optimizer.ts';
import { Optimizer } from './optimizer.ts';
import { scheduledLearningRate } from './schedule.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('scheduledLearningRate', () => {
  it('decays a cosine schedule from the base rate through half to zero', () => {
    expect(scheduledLearningRate('cosine', 0.02, 0, 500)).toBeCloseTo(0.02, 12);
    expect(scheduledLearningRate('cosine', 0.02, 250, 500)).toBeCloseTo(0.01, 12);
    expect(scheduledLearningRate('cosine', 0.02, 500, 500)).toBeCloseTo(0, 12);
    expect(scheduledLearningRate('constant', 0.02, 499, 500)).toBe(0.02);
  });
});

describe('Optimizer', () => {
  it('takes a first Adam step of lr * g / |g| per coordinate (bias-corrected)', () => {
    const optimizer = new Optimizer(optimizerSchema.parse({ kind: 'adam', learningRate: 0.1,
      schedule: 'constant' }), 10);
    const updated = optimizer.apply(tf.tensor1d([1, 1, 1]), tf.tensor1d([0.003, -5, 200]));
    const values = Array.from(updated.dataSync());
    expect(values[0]).toBeCloseTo(0.9, 5);
    expect(values[1]).toBeCloseTo(1.1, 5);
    expect(values[2]).toBeCloseTo(0.9, 5);
  });

  it('matches Adam\'s moment recursions over two steps', () => {
    const optimizer = new Optimizer(optimizerSchema.parse({ kind: 'adam', learningRate: 0.5,
      schedule: 'constant', epsilon: 1e-12 }), 10);
    let weights = tf.tensor1d([0]);
    weights = optimizer.apply(weights, tf.tensor1d([1]));
    weights = optimizer.apply(weights, tf.tensor1d([3]));
    // beta1 = 0.9, beta2 = 0.999. Step 1 (g = 1): m = 0.1, v = 0.001, update 0.5 * 1 / 1.
    // Step 2 (g = 3): m = 0.09 + 0.3 = 0.39, v = 0.000999 + 0.009 = 0.009999; bias
    // corrections 1 - 0.81 = 0.19 and 1 - 0.998001 = 0.001999.
    const second = 0.5 * (0.39 / 0.19) / Math.sqrt(0.009999 / 0.001999);
    expect(weights.dataSync()[0]).toBeCloseTo(-0.5 - second, 4);
  });

  it('follows the schedule and applies weight decay in SGD', () => {
    const optimizer = new Optimizer(optimizerSchema.parse({ kind: 'sgd', learningRate: 1,
      schedule: 'cosine', weightDecay: 0.5 }), 2);
    let weights = tf.tensor1d([2]);
    weights = optimizer.apply(weights, tf.tensor1d([1])); // lr 1: 2 - (1 + 1) = 0
    expect(weights.dataSync()[0]).toBeCloseTo(0, 6);
    weights = optimizer.apply(tf.tensor1d([2]), tf.tensor1d([1])); // lr 0.5: 2 - 0.5 * 2 = 1
    expect(weights.dataSync()[0]).toBeCloseTo(1, 6);
  });
});

describe('FlatOptimizer', () => {
  const settings = [
    { kind: 'adam', learningRate: 0.05, schedule: 'cosine', weightDecay: 0.01 },
    { kind: 'sgd', learningRate: 0.05, schedule: 'cosine', momentum: 0.9, weightDecay: 0.01 },
  ] as const;

  it.each(settings)('follows the tensor Optimizer step for step ($kind)', (setting) => {
    const config = optimizerSchema.parse(setting);
    const numSteps = 6;
    const tensorOptimizer = new Optimizer(config, numSteps);
    const flatOptimizer = new FlatOptimizer(config, 3, numSteps);
    let tensorWeights = tf.tensor1d([0.5, -1, 2]);
    const flatWeights = new Float64Array([0.5, -1, 2]);
    for (let step = 0; step < numSteps; step++) {
      // A gradient that depends on the weights, so the two runs must stay together to agree.
      const gradient = Array.from(flatWeights, (w, i) => Math.sin(3 * w + i) + 0.1 * step);
      tensorWeights = tensorOptimizer.apply(tensorWeights, tf.tensor1d(gradient));
      flatOptimizer.apply(flatWeights, Float64Array.from(gradient));
      const tensorValues = Array.from(tensorWeights.dataSync());
      // The tensor optimiser runs in float32.
      tensorValues.forEach((value, i) => expect(flatWeights[i]).toBeCloseTo(value, 5));
    }
  });

  it('reports a step that stops being finite, including an Adam frozen by overflow', () => {
    const adam = new FlatOptimizer(optimizerSchema.parse({ kind: 'adam' }), 2, 10);
    expect(adam.apply(new Float64Array([1, 1]), new Float64Array([0.5, -2]))).toBe(true);
    // 1e300 squared overflows: the second moment becomes infinite and every update 0.
    expect(adam.apply(new Float64Array([1, 1]), new Float64Array([1e300, 0]))).toBe(false);
    const sgd = new FlatOptimizer(optimizerSchema.parse({ kind: 'sgd', learningRate: 1000 }), 1,
      10);
    expect(sgd.apply(new Float64Array([1]), new Float64Array([1e306]))).toBe(false);
  });

  it('leaves parameters outside the decay mask undecayed', () => {
    const config = optimizerSchema.parse({ kind: 'sgd', learningRate: 1, schedule: 'constant',
      momentum: 0, weightDecay: 0.5 });
    const optimizer = new FlatOptimizer(config, 2, 1, Uint8Array.from([1, 0]));
    const weights = new Float64Array([2, 2]);
    optimizer.apply(weights, new Float64Array([0, 0]));
    expect(Array.from(weights)).toEqual([1, 2]);
  });
});
