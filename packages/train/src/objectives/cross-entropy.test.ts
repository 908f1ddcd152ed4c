import { initBackend } from '@phasegrid/core/nn';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { crossEntropy } from './cross-entropy.ts';

beforeAll(async () => {
  await initBackend('wasm');
});

const logSumExp = (values: number[]) => Math.log(values.reduce((s, v) => s + Math.exp(v), 0));

/** The loss in double precision, straight from the definition. */
function referenceLoss(outputs: number[][], head: number[][], labels: number[]): number {
  const width = outputs[0]!.length;
  const losses = outputs.map((row, r) => {
    const logits = head[0]!.map((_, c) =>
      row.reduce((s, v, k) => s + v * head[k]![c]!, 0) + head[width]![c]!);
    return logSumExp(logits) - logits[labels[r % labels.length]!]!;
  });
  return losses.reduce((s, v) => s + v, 0) / losses.length;
}

function evaluate(outputs: number[][], head: number[][], labels: number[]) {
  return tf.tidy(() => {
    const result = crossEntropy(tf.tensor2d(outputs), tf.tensor2d(head), labels, true);
    return {
      loss: result.loss!.dataSync()[0]!,
      outputGradient: result.outputGradient.arraySync() as number[][],
      headGradient: result.headGradient.arraySync() as number[][],
    };
  });
}

/** Central differences of the reference loss in every entry of `values`. */
function finiteDifferences(values: number[][], loss: (v: number[][]) => number): number[][] {
  const step = 1e-3;
  return values.map((row, i) => row.map((_, j) => {
    const plus = values.map((r) => [...r]);
    const minus = values.map((r) => [...r]);
    plus[i]![j]! += step;
    minus[i]![j]! -= step;
    return (loss(plus) - loss(minus)) / (2 * step);
  }));
}

describe('crossEntropy', () => {
  it('matches a hand-computed loss', () => {
    // Head: class 0 reads feature 0, class 1 reads feature 1 with bias 1. Rows (2, 0) of class 0
    // and (0, 1) of class 1 give logits (2, 1) and (0, 2).
    const head = [[1, 0], [0, 1], [0, 1]];
    const expected = ((logSumExp([2, 1]) - 2) + (logSumExp([0, 2]) - 2)) / 2;
    expect(evaluate([[2, 0], [0, 1]], head, [0, 1]).loss).toBeCloseTo(expected, 5);
  });

  it('has output and head gradients that agree with finite differences', () => {
    const outputs = [[0.3, -1.2, 0.8], [1.1, 0.4, -0.5], [-0.7, 0.9, 0.2], [0.5, 0.5, 1.0],
      [-1.0, 0.3, 0.6], [0.2, -0.8, 1.3]];
    const head = [[0.2, -0.5, 0.1, 0.7], [0.4, 0.3, -0.6, 0.0], [-0.3, 0.8, 0.5, -0.2],
      [0.1, -0.1, 0.3, 0.2]];
    // Three labels for six rows: the second half of the rows (the second view) reuses them.
    const labels = [2, 0, 3];
    const result = evaluate(outputs, head, labels);
    expect(result.loss).toBeCloseTo(referenceLoss(outputs, head, labels), 5);

    const numericOutputs = finiteDifferences(outputs, (v) => referenceLoss(v, head, labels));
    const numericHead = finiteDifferences(head, (v) => referenceLoss(outputs, v, labels));
    result.outputGradient.flat().forEach((value, k) =>
      expect(Math.abs(value - numericOutputs.flat()[k]!)).toBeLessThan(1e-5));
    result.headGradient.flat().forEach((value, k) =>
      expect(Math.abs(value - numericHead.flat()[k]!)).toBeLessThan(1e-5));
  });
});
