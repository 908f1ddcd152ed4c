import { initBackend } from '@phasegrid/core/nn';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { supCon, type SupConSettings } from './sup-con.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const OUT: SupConSettings = { variant: 'out', temperature: 0.5 };
const IN: SupConSettings = { variant: 'in', temperature: 0.5 };

function lossOf(settings: SupConSettings, outputs: number[][], labels: number[]): number {
  return tf.tidy(() => supCon(settings, tf.tensor2d(outputs), labels, true).loss!.dataSync()[0]!);
}

function gradientOf(settings: SupConSettings, outputs: number[][], labels: number[]) {
  return tf.tidy(() => supCon(settings, tf.tensor2d(outputs), labels, false).outputGradient
    .arraySync() as number[][]);
}

const logSumExp = (values: number[]) => Math.log(values.reduce((s, v) => s + Math.exp(v), 0));
const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;

/** The formula of Khosla et al. written out with loops in double precision. */
function referenceLoss(settings: SupConSettings, outputs: number[][], labels: number[]): number {
  const z = outputs.map((row) => row.map((v) => v / Math.hypot(...row)));
  const label = (v: number) => labels[v % labels.length];
  return mean(z.map((zi, i) => {
    const others = z.map((_, a) => a).filter((a) => a !== i);
    const logit = (a: number) => zi.reduce((s, v, k) => s + v * z[a]![k]!, 0) /
      settings.temperature;
    const normaliser = logSumExp(others.map(logit));
    const logProbabilities = others.filter((a) => label(a) === label(i))
      .map((p) => logit(p) - normaliser);
    return settings.variant === 'out'
      ? -mean(logProbabilities)
      : -Math.log(mean(logProbabilities.map(Math.exp)));
  }));
}

// Views a, b (first views of samples 0, 1), then c, d (their second views). After
// normalising: a = (1,0), b = (0,1), c = (1,1)/sqrt2, d = (0,-1); at tau = 0.5 the logits are
// S_ab = 0, S_ac = sqrt2, S_ad = 0, S_bc = sqrt2, S_bd = -2, S_cd = -sqrt2.
const TINY = [[2, 0], [0, 1], [1, 1], [0, -3]];
const R2 = Math.SQRT2;
const OTHERS = { a: [0, R2, 0], b: [0, R2, -2], c: [R2, R2, -R2], d: [0, -2, -R2] };

describe('supCon', () => {
  it('matches a hand-computed loss when both samples share a class (both forms)', () => {
    // Every other view is a positive: `out` is LSE minus the mean logit; `in` is log 3 exactly,
    // since the mean inside the log then sums the whole softmax.
    const expectedOut = mean(Object.values(OTHERS).map((row) => logSumExp(row) - mean(row)));
    expect(lossOf(OUT, TINY, [0, 0])).toBeCloseTo(expectedOut, 5);
    expect(lossOf(IN, TINY, [0, 0])).toBeCloseTo(Math.log(3), 5);
  });

  it('is SimCLR\'s NT-Xent loss when every sample is its own class (both forms)', () => {
    // Positives a-c (S = sqrt2) and b-d (S = -2).
    const expected = mean([logSumExp(OTHERS.a) - R2, logSumExp(OTHERS.b) + 2,
      logSumExp(OTHERS.c) - R2, logSumExp(OTHERS.d) + 2]);
    expect(lossOf(OUT, TINY, [0, 1])).toBeCloseTo(expected, 5);
    expect(lossOf(IN, TINY, [0, 1])).toBeCloseTo(expected, 5);
    expect(lossOf(OUT, TINY, [7, 3])).toBeCloseTo(expected, 5);
  });

  const outputs = [[0.3, -1.2, 0.8], [1.1, 0.4, -0.5], [-0.7, 0.9, 0.2], [0.5, 0.5, 1.0],
    [-1.0, 0.3, 0.6], [0.2, -0.8, 1.3], [0.9, 0.1, -0.4], [-0.3, -0.6, 0.7]];
  const labels = [0, 1, 0, 2];

  it('matches the formula with mixed positive counts, and the two forms differ there', () => {
    for (const settings of [OUT, IN, { ...OUT, temperature: 0.1 }, { ...IN, temperature: 2 }]) {
      const expected = referenceLoss(settings, outputs, labels);
      expect(lossOf(settings, outputs, labels)).toBeCloseTo(expected, 4);
    }
    expect(Math.abs(lossOf(OUT, outputs, labels) - lossOf(IN, outputs, labels)))
      .toBeGreaterThan(0.01);
  });

  it('has gradients that agree with finite differences for both forms', () => {
    const step = 1e-2;
    for (const settings of [OUT, { ...IN, temperature: 0.7 }]) {
      const analytic = gradientOf(settings, outputs, labels);
      outputs.forEach((row, i) => row.forEach((_, j) => {
        const plus = outputs.map((r) => [...r]);
        const minus = outputs.map((r) => [...r]);
        plus[i]![j]! += step;
        minus[i]![j]! -= step;
        const numeric = (referenceLoss(settings, plus, labels) -
          referenceLoss(settings, minus, labels)) / (2 * step);
        // Central differences in double precision: truncation error near 1e-4 here.
        expect(Math.abs(analytic[i]![j]! - numeric)).toBeLessThan(1e-3);
      }));
    }
  });

  it('is scale-invariant per row and refuses a label count that does not match', () => {
    const scaled = outputs.map((row, i) => row.map((v) => v * (i + 1)));
    expect(lossOf(OUT, scaled, labels)).toBeCloseTo(lossOf(OUT, outputs, labels), 4);
    expect(() => lossOf(OUT, outputs, [0, 1, 0])).toThrow(RangeError);
  });
});
