import { initBackend } from '@phasegrid/core/nn';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { infoNceSchema, type InfoNceConfig } from './info-nce-config.ts';
import { infoNce } from './info-nce.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const config = (overrides: Partial<InfoNceConfig>): InfoNceConfig =>
  infoNceSchema.parse({ kind: 'infonce', ...overrides });

function lossOf(settings: InfoNceConfig, outputs: number[][]): number {
  return tf.tidy(() => infoNce(settings, tf.tensor2d(outputs), true).loss!.dataSync()[0]!);
}

function gradientOf(settings: InfoNceConfig, outputs: number[][]): number[][] {
  return tf.tidy(() => infoNce(settings, tf.tensor2d(outputs), false).outputGradient
    .arraySync() as number[][]);
}

/** Central differences of the loss in every entry of `outputs`. */
function finiteDifferences(settings: InfoNceConfig, outputs: number[][], step = 1e-2): number[][] {
  return outputs.map((row, i) => row.map((_, j) => {
    const plus = outputs.map((r) => [...r]);
    const minus = outputs.map((r) => [...r]);
    plus[i]![j]! += step;
    minus[i]![j]! -= step;
    return (lossOf(settings, plus) - lossOf(settings, minus)) / (2 * step);
  }));
}

const logSumExp = (values: number[]) => Math.log(values.reduce((s, v) => s + Math.exp(v), 0));

describe('infoNce', () => {
  it('matches a hand-computed symmetric cosine loss', () => {
    // View 1: (1, 0) and (0, 1); view 2: (1, 1) and (0, 2). After normalising, the logits at
    // tau = 0.5 are S = [[sqrt 2, 0], [sqrt 2, 2]].
    const r2 = Math.SQRT2;
    const rows = (-r2 + logSumExp([r2, 0]) - 2 + logSumExp([r2, 2])) / 2;
    const columns = (-r2 + logSumExp([r2, r2]) - 2 + logSumExp([0, 2])) / 2;
    const expected = (rows + columns) / 2;
    const loss = lossOf(config({ temperature: 0.5 }), [[1, 0], [0, 1], [1, 1], [0, 2]]);
    expect(loss).toBeCloseTo(expected, 5);
  });

  it('matches a hand-computed one-directional inner-product loss', () => {
    // S = z1 z2^T / 2 = [[0.5, 0], [1.5, 1]]; rows only.
    const expected = (-0.5 + logSumExp([0.5, 0]) - 1 + logSumExp([1.5, 1])) / 2;
    const loss = lossOf(config({ similarity: 'inner', temperature: 2, symmetric: false }),
      [[1, 0], [1, 2], [1, 1], [0, 1]]);
    expect(loss).toBeCloseTo(expected, 5);
  });

  it('has gradients that agree with finite differences for every similarity and direction', () => {
    const outputs = [[0.3, -1.2, 0.8], [1.1, 0.4, -0.5], [-0.7, 0.9, 0.2],
      [0.5, 0.5, 1.0], [-1.0, 0.3, 0.6], [0.2, -0.8, 1.3]];
    for (const similarity of ['cosine', 'inner'] as const) {
      for (const symmetric of [true, false]) {
        const settings = config({ similarity, symmetric, temperature: 0.7 });
        const analytic = gradientOf(settings, outputs);
        const numeric = finiteDifferences(settings, outputs);
        analytic.flat().forEach((value, k) => {
          // float32 losses differenced over 2e-2: errors near 1e-4.
          expect(Math.abs(value - numeric.flat()[k]!)).toBeLessThan(1e-3);
        });
      }
    }
  });

  it('stops the gradient through the positive: each side gets only its own direction', () => {
    const outputs = [[0.3, -1.2], [1.1, 0.4], [-0.7, 0.9], [0.5, 0.5]];
    const stopped = gradientOf(config({ stopGradient: true }), outputs);
    // The first view's gradient is half the row-wise loss's gradient in h1 (h2 held fixed).
    const rowsOnly = finiteDifferences(config({ symmetric: false }), outputs);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        expect(Math.abs(stopped[i]![j]! - rowsOnly[i]![j]! / 2)).toBeLessThan(1e-3);
      }
    }
    // One-directional with stop-gradient: the positive side gets nothing.
    const oneWay = gradientOf(config({ stopGradient: true, symmetric: false }), outputs);
    expect(oneWay.slice(2).flat().every((value) => value === 0)).toBe(true);
  });

  it('is scale-invariant with cosine similarity', () => {
    const outputs = [[0.3, -1.2], [1.1, 0.4], [-0.7, 0.9], [0.5, 0.5]];
    const scaled = outputs.map((row) => row.map((value) => value * 7));
    expect(lossOf(config({}), scaled)).toBeCloseTo(lossOf(config({}), outputs), 5);
  });
});
