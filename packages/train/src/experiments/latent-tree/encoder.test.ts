import { Random } from '@phasegrid/core';
import { describe, expect, it } from 'vitest';
import { encode, encoderGradient, encoderLayout, initialParameters } from './encoder.ts';
import { evaluateObjective, type LatentTreeObjective } from './objective.ts';
import { copyLeaves, drawLatentTree, samplePositivePairs, sampleTrees } from './tree.ts';

describe('tree-shaped encoder', () => {
  it('gives each latent node hid x (inputs) weights and hid biases', () => {
    const tree = drawLatentTree(new Random(0, 'tree'), 5, 2, 0.8);
    const layout = encoderLayout(tree, 10, 1e-4);
    expect(layout.inputsAtDepth).toEqual([20, 20, 20, 20, 2]);
    // 15 nodes of (10 x 20 + 10) above the lowest latent level, 16 of (10 x 2 + 10) on it.
    expect(layout.numParams).toBe(15 * 210 + 16 * 30);
  });

  it('draws initial parameters uniform within +/- 1/sqrt(inputs), as nn.Linear does', () => {
    const tree = drawLatentTree(new Random(0, 'tree'), 3, 2, 0.8);
    const layout = encoderLayout(tree, 4, 1e-4);
    const params = initialParameters(layout, new Random(0, 'init'));
    const lowest = layout.paramOffsets[2]!;
    const bottom = Array.from(params.subarray(lowest));
    const above = Array.from(params.subarray(0, lowest));
    expect(Math.max(...bottom.map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(2));
    expect(Math.max(...bottom.map(Math.abs))).toBeGreaterThan(0.5);
    expect(Math.max(...above.map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(8));
  });

  it('computes a node from its own children only', () => {
    const tree = drawLatentTree(new Random(0, 'tree'), 3, 2, 0.8);
    const layout = encoderLayout(tree, 3, 1e-4);
    const params = initialParameters(layout, new Random(1, 'init'));
    const leaves = copyLeaves(tree, sampleTrees(tree, new Random(2, 'samples'), 1),
      new Float64Array(tree.numLeaves));
    const before = encode(layout, params, leaves);
    // Leaf 0 feeds node 0 of the lowest latent level (depth 2), not its neighbour.
    const flipped = leaves.slice();
    flipped[0]! *= -1;
    const after = encode(layout, params, flipped);
    const lowest = (forward: typeof before) => Array.from(forward.preActivations[2]!);
    expect(lowest(after).slice(3)).toEqual(lowest(before).slice(3));
    expect(lowest(after).slice(0, 3)).not.toEqual(lowest(before).slice(0, 3));
  });

  it('returns unit-norm outputs (up to the epsilon)', () => {
    const tree = drawLatentTree(new Random(0, 'tree'), 4, 2, 0.8);
    const layout = encoderLayout(tree, 5, 1e-4);
    const params = initialParameters(layout, new Random(3, 'init'));
    const leaves = copyLeaves(tree, sampleTrees(tree, new Random(4, 'samples'), 50),
      new Float64Array(50 * tree.numLeaves));
    const { output, preActivations } = encode(layout, params, leaves);
    for (let n = 0; n < 50; n++) {
      const root = preActivations[0]!.subarray(n * 5, n * 5 + 5);
      if (Math.hypot(...root) < 1e-2) continue;
      expect(Math.hypot(...output.subarray(n * 5, n * 5 + 5))).toBeCloseTo(1, 6);
    }
  });

  const objectives: LatentTreeObjective[] = [
    { kind: 'infonce', temperature: 0.5 },
    { kind: 'soft-contrast', temperature: 0.3, reduction: 'batch' },
    { kind: 'soft-contrast', temperature: 0.3, reduction: 'pair' },
  ];
  for (const objective of objectives) {
    const label = objective.kind === 'infonce' ? 'infonce' : `soft-contrast/${objective.reduction}`;
    it(`back-propagates ${label} to every parameter as finite differences do`, () => {
      const tree = drawLatentTree(new Random(5, 'tree'), 3, 2, 0.6);
      const hid = 3;
      const layout = encoderLayout(tree, hid, 1e-4);
      const params = initialParameters(layout, new Random(6, 'init'));
      const numPairs = 4;
      const { anchors, positives } = samplePositivePairs(tree, new Random(7, 'pairs'), numPairs);
      const leaves = new Float64Array(2 * numPairs * tree.numLeaves);
      copyLeaves(tree, anchors, leaves, 0);
      copyLeaves(tree, positives, leaves, numPairs);

      const lossAt = (point: Float64Array) =>
        evaluateObjective(objective, encode(layout, point, leaves).output, hid).loss;
      const forward = encode(layout, params, leaves);
      const value = evaluateObjective(objective, forward.output, hid);
      const gradient = encoderGradient(layout, params, forward, value.outputGradient);

      const step = 1e-6;
      let checked = 0;
      for (let i = 0; i < layout.numParams; i++) {
        const plus = params.slice();
        const minus = params.slice();
        plus[i]! += step;
        minus[i]! -= step;
        const numeric = (lossAt(plus) - lossAt(minus)) / (2 * step);
        expect(Math.abs(gradient[i]! - numeric), `parameter ${i}`)
          .toBeLessThan(1e-6 + 1e-5 * Math.abs(numeric));
        if (Math.abs(numeric) > 1e-4) checked += 1;
      }
      // Most parameters must carry gradient, or the check would pass for a zero gradient.
      expect(checked).toBeGreaterThan(layout.numParams / 3);
    });
  }
});
