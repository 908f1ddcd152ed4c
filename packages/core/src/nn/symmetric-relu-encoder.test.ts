import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../random.ts';
import { initBackend } from './backend.ts';
import { encodeSymmetricRelu, symmetricReluWeightGradient } from './symmetric-relu-encoder.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('encodeSymmetricRelu', () => {
  it('computes relu(p - b) - relu(-p - b) with b = scale * std of p over each group', () => {
    // One neuron, weights (1, 0): p is the first coordinate. Group 1: p = 1, 3 (std 1);
    // group 2: p = -4, 0 (std 2). With scale 0.5, b = 0.5 and 1.
    const inputs = tf.tensor2d([[1, 9], [3, 9], [-4, 9], [0, 9]]);
    const weightsT = tf.tensor2d([[1], [0]]);
    const forward = encodeSymmetricRelu(inputs, weightsT, 0.5, 2);
    expect(Array.from(forward.output.dataSync())).toEqual([0.5, 2.5, -3, 0]);
    expect(Array.from(forward.activeMask.dataSync())).toEqual([1, 1, 1, 0]);
    expect(Array.from(forward.thresholds.dataSync())).toEqual([0.5, 1]);
  });

  it('is linear when the threshold scale is 0', () => {
    const inputs = tf.tensor2d([[1, -2], [0.5, 4]]);
    const weightsT = tf.tensor2d([[2, -1], [1, 3]]);
    const output = encodeSymmetricRelu(inputs, weightsT, 0, 1).output.arraySync();
    expect(output).toEqual(tf.matMul(inputs, weightsT).arraySync());
  });

  it('has a weight gradient that agrees with finite differences (thresholds held fixed)', () => {
    const rng = new Random(3);
    const rows = 8;
    const dim = 5;
    const width = 3;
    const inputs = tf.tensor2d(rng.fillNormal(new Float32Array(rows * dim)), [rows, dim]);
    const weights = Array.from({ length: width }, () =>
      Array.from({ length: dim }, () => rng.normal()));
    // A fixed random linear functional of the outputs stands in for a loss.
    const probe = tf.tensor2d(rng.fillNormal(new Float32Array(rows * width)), [rows, width]);
    const thresholds = encodeSymmetricRelu(inputs, tf.tensor2d(weights).transpose(), 0.5, 2)
      .thresholds;

    const loss = (w: number[][]) => tf.tidy(() => {
      const forward = encodeSymmetricRelu(inputs, tf.tensor2d(w).transpose(), 0.5, 2, thresholds);
      return tf.sum(tf.mul(forward.output, probe)).dataSync()[0]!;
    });
    const forward = encodeSymmetricRelu(inputs, tf.tensor2d(weights).transpose(), 0.5, 2,
      thresholds);
    const analytic = symmetricReluWeightGradient(inputs, forward, probe).arraySync();

    const step = 1e-3;
    for (let i = 0; i < width; i++) {
      for (let j = 0; j < dim; j++) {
        const plus = weights.map((row) => [...row]);
        const minus = weights.map((row) => [...row]);
        plus[i]![j]! += step;
        minus[i]![j]! -= step;
        const numeric = (loss(plus) - loss(minus)) / (2 * step);
        expect(Math.abs(analytic[i]![j]! - numeric)).toBeLessThan(2e-2);
      }
    }
  });
});
