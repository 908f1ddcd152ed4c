import * as tf from '@tensorflow/tfjs';
import { Random } from '@phasegrid/core';
import { initBackend } from '@phasegrid/core/nn';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IdentifiabilityObjective } from './definition.ts';
import { encode, encoderGradients, initialEncoder } from './encoder.ts';
import { contrastiveObjective } from './objective.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const FORMS: IdentifiabilityObjective[] = (['dot', 'distance'] as const).flatMap((logits) =>
  (['anchors', 'positives'] as const).map((negatives) =>
    ({ kind: 'infonce', logits, negatives, temperature: 'matched' }) as const));

function lossOf(objective: IdentifiabilityObjective, tau: number, outputs: Float64Array,
  rows: number, cols: number): number {
  return tf.tidy(() => contrastiveObjective(objective, tau,
    tf.tensor2d(Float32Array.from(outputs), [rows, cols]), true).loss!.dataSync()[0]!);
}

/** The loss computed directly from its definition, in doubles. */
function referenceLoss(objective: IdentifiabilityObjective, tau: number, outputs: Float64Array,
  rows: number, cols: number): number {
  const batch = rows / 2;
  const row = (i: number) => {
    const values = Array.from(outputs.subarray(i * cols, (i + 1) * cols));
    if (objective.logits === 'distance') return values;
    const norm = Math.hypot(...values);
    return values.map((value) => value / norm);
  };
  const similarity = (x: number[], y: number[]) => objective.logits === 'dot'
    ? x.reduce((sum, value, k) => sum + value * y[k]!, 0) / tau
    : -x.reduce((sum, value, k) => sum + (value - y[k]!) ** 2, 0) / tau;
  let total = 0;
  for (let i = 0; i < batch; i++) {
    const positive = similarity(row(i), row(batch + i));
    const others = Array.from({ length: batch }, (_, k) =>
      similarity(row(i), row(objective.negatives === 'anchors' ? k : batch + k)));
    const logits = objective.negatives === 'anchors' ? [positive, ...others] : others;
    total += Math.log(logits.reduce((sum, value) => sum + Math.exp(value), 0)) - positive;
  }
  return total / batch;
}

describe('contrastiveObjective', () => {
  it('matches a hand-computed loss on two pairs in one dimension', () => {
    // Anchors 1 and 2, positives 1.5 and 1, distance logits, tau = 1. Row 1: positive
    // -0.25, anchors -0 and -1; row 2: positive -1, anchors -1 and -0.
    const outputs = new Float64Array([1, 2, 1.5, 1]);
    const objective: IdentifiabilityObjective =
      { kind: 'infonce', logits: 'distance', negatives: 'anchors', temperature: 1 };
    const row1 = Math.log(Math.exp(-0.25) + 1 + Math.exp(-1)) + 0.25;
    const row2 = Math.log(Math.exp(-1) + Math.exp(-1) + 1) + 1;
    expect(lossOf(objective, 1, outputs, 4, 1)).toBeCloseTo((row1 + row2) / 2, 5);
  });

  it.each(FORMS)('matches its definition ($logits, $negatives)', (objective) => {
    const outputs = new Random(1, 'test').fillNormal(new Float64Array(6 * 3));
    expect(lossOf(objective, 0.5, outputs, 6, 3))
      .toBeCloseTo(referenceLoss(objective, 0.5, outputs, 6, 3), 4);
  });

  it('keeps the anchors form at or above log 2 when outputs are inflated', () => {
    const objective: IdentifiabilityObjective =
      { kind: 'infonce', logits: 'distance', negatives: 'anchors', temperature: 1 };
    const outputs = new Random(2, 'test').fillNormal(new Float64Array(8 * 2), 100);
    expect(lossOf(objective, 1, outputs, 8, 2)).toBeGreaterThanOrEqual(Math.log(2) - 1e-6);
    const textbook = { ...objective, negatives: 'positives' } as const;
    // The textbook form of the same inflated outputs is near 0: the loophole the anchors
    // form closes.
    expect(referenceLoss(textbook, 1, outputs, 8, 2)).toBeLessThan(0.01);
  });

  it.each(FORMS)('has the gradient of finite differences ($logits, $negatives)',
    (objective) => {
      const rows = 6;
      const cols = 3;
      const outputs = new Random(3, 'test').fillNormal(new Float64Array(rows * cols));
      const analytic = tf.tidy(() => contrastiveObjective(objective, 0.7,
        tf.tensor2d(Float32Array.from(outputs), [rows, cols]), false).outputGradient.dataSync());
      const step = 1e-3;
      for (let k = 0; k < outputs.length; k++) {
        const plus = Float64Array.from(outputs);
        const minus = Float64Array.from(outputs);
        plus[k]! += step;
        minus[k]! -= step;
        const numeric = (referenceLoss(objective, 0.7, plus, rows, cols) -
          referenceLoss(objective, 0.7, minus, rows, cols)) / (2 * step);
        expect(Math.abs(analytic[k]! - numeric)).toBeLessThan(1e-4 + 1e-3 * Math.abs(numeric));
      }
    });
});

describe('encoderGradients', () => {
  it('has the gradient of finite differences for every weight and bias', () => {
    const widths = [3, 5, 4, 2];
    const initial = initialEncoder(4, widths, true);
    const values = initial.flatMap((layer) =>
      [layer.weights.dataSync() as Float32Array, layer.bias!.dataSync() as Float32Array]);
    tf.dispose(initial.flatMap((layer) => [layer.weights, layer.bias!]));
    // Random biases, so that the bias gradients are tested away from the zero start.
    values.filter((_, p) => p % 2 === 1).forEach((bias) => new Random(7, 'test').fillNormal(bias));
    const inputs = tf.tensor2d(new Random(5, 'test').fillNormal(new Float32Array(7 * 3)), [7, 3]);
    const probe = tf.tensor2d(new Random(6, 'test').fillNormal(new Float32Array(7 * 2)), [7, 2]);
    const layersOf = (arrays: Float32Array[]) => widths.slice(1).map((width, l) => ({
      weights: tf.tensor2d(arrays[2 * l]!, [widths[l]!, width]),
      bias: tf.tensor1d(arrays[2 * l + 1]!),
    }));
    // A linear read-out of the outputs makes the scalar whose gradient is checked.
    const scalar = (arrays: Float32Array[]): number => tf.tidy(() =>
      tf.sum(tf.mul(encode(layersOf(arrays), inputs, 0.1).output, probe)).dataSync()[0]!);
    const analytic = tf.tidy(() => {
      const layers = layersOf(values);
      return encoderGradients(layers, encode(layers, inputs, 0.1), probe, 0.1)
        .flatMap((layer) => [layer.weights.dataSync(), layer.bias!.dataSync()]);
    });

    // Small enough that no pre-activation crosses a kink of the leaky ReLU for these draws,
    // large enough that float32 rounding (about 1e-7 of the scalar) stays below 1e-3.
    const step = 1e-3;
    values.forEach((parameter, p) => {
      for (let k = 0; k < parameter.length; k++) {
        const original = parameter[k]!;
        parameter[k] = original + step;
        const plus = scalar(values);
        parameter[k] = original - step;
        const minus = scalar(values);
        parameter[k] = original;
        expect(analytic[p]![k]!).toBeCloseTo((plus - minus) / (2 * step), 2);
      }
    });
    tf.dispose([inputs, probe]);
  });
});
