import * as tf from '@tensorflow/tfjs';
import { Random } from '@phasegrid/core';
import { initBackend } from '@phasegrid/core/nn';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { beforeAll, describe, expect, it } from 'vitest';
import { conditionNumber, generate, generateTensor, generatorTensors, makeGenerator }
  from './generator.ts';
import { sampleMarginal } from './latent-space.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('makeGenerator', () => {
  it('keeps the best-conditioned of its draws for every layer', () => {
    const single = makeGenerator(0, 10, 1, 0.2);
    const best = makeGenerator(0, 10, 200, 0.2);
    for (let layer = 0; layer < 3; layer++) {
      expect(Number.isFinite(best.conditionNumbers[layer]!)).toBe(true);
      // The first draw is among the 200, so the kept one is at least as well conditioned.
      expect(best.conditionNumbers[layer]!).toBeLessThanOrEqual(single.conditionNumbers[layer]!);
      expect(best.conditionNumbers[layer]!)
        .toBeCloseTo(conditionNumber(best.layers[layer]!, 10), 6);
    }
  });

  it('is invertible: distinct latents map to distinct observations', () => {
    const generator = makeGenerator(1, 10, 100, 0.2);
    const latents = sampleMarginal({ kind: 'box', dim: 10, marginal: { kind: 'uniform' },
      conditional: { kind: 'normal', scale: 0.05 } }, new Random(1, 'test'), 200);
    const x = generate(generator, latents);
    // Each layer shrinks a difference by at most its smallest singular value and each leaky
    // ReLU by at most 0.2, so |g(a) - g(b)| / |a - b| has a positive floor; a singular or
    // many-to-one map would put pairs near 0.
    let smallestRatio = Infinity;
    for (let a = 0; a < 200; a++) {
      for (let b = a + 1; b < 200; b++) {
        let dz = 0;
        let dx = 0;
        for (let i = 0; i < 10; i++) {
          dz += (latents.values[a * 10 + i]! - latents.values[b * 10 + i]!) ** 2;
          dx += (x[a * 10 + i]! - x[b * 10 + i]!) ** 2;
        }
        smallestRatio = Math.min(smallestRatio, Math.sqrt(dx / dz));
      }
    }
    const smallestSingularValue = (weights: Float64Array) => Math.min(
      ...new SingularValueDecomposition(new Matrix(Array.from({ length: 10 }, (_, i) =>
        Array.from(weights.subarray(i * 10, (i + 1) * 10))))).diagonal);
    const floor = 0.2 * 0.2 * generator.layers
      .reduce((product, weights) => product * smallestSingularValue(weights), 1);
    expect(floor).toBeGreaterThan(0);
    expect(smallestRatio).toBeGreaterThanOrEqual(floor * (1 - 1e-5));
  });

  it('agrees between its JavaScript and tensor forms', () => {
    const generator = makeGenerator(2, 10, 10, 0.2);
    const latents = sampleMarginal({ kind: 'real', dim: 10,
      marginal: { kind: 'normal', scale: 1 }, conditional: { kind: 'normal', scale: 1 } },
    new Random(2, 'test'), 64);
    const layers = generatorTensors(generator);
    const fromTensors = tf.tidy(() => generateTensor(layers,
      tf.tensor2d(Float32Array.from(latents.values), [64, 10]), 0.2).dataSync());
    tf.dispose(layers);
    const fromLoops = generate(generator, latents);
    for (let k = 0; k < fromLoops.length; k++) {
      expect(fromTensors[k]!).toBeCloseTo(fromLoops[k]!, 4);
    }
  });
});

describe('conditionNumber', () => {
  it('is 1 for a rotation, the axis ratio for a diagonal, Infinity when singular', () => {
    const angle = 0.3;
    const rotation = new Float64Array([Math.cos(angle), -Math.sin(angle),
      Math.sin(angle), Math.cos(angle)]);
    expect(conditionNumber(rotation, 2)).toBeCloseTo(1, 10);
    expect(conditionNumber(new Float64Array([4, 0, 0, 0.5]), 2)).toBeCloseTo(8, 10);
    expect(conditionNumber(new Float64Array([1, 2, 2, 4]), 2)).toBeGreaterThan(1e12);
  });
});
