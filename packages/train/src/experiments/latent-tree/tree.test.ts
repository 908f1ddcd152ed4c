import { Random } from '@phasegrid/core';
import { describe, expect, it } from 'vitest';
import {
  copyLeaves, drawLatentTree, parentOf, samplePositivePairs, sampleTrees,
} from './tree.ts';

describe('latent tree shape', () => {
  it('numbers a depth-5 binary tree level by level with 32 leaves and 31 latent nodes', () => {
    const tree = drawLatentTree(new Random(0, 'tree'), 5, 2, 0.8);
    expect(tree.numNodes).toBe(63);
    expect(tree.numLeaves).toBe(32);
    expect(tree.numLatent).toBe(31);
    expect(tree.nodesAtDepth).toEqual([1, 2, 4, 8, 16, 32]);
    expect(tree.depthOffsets).toEqual([0, 1, 3, 7, 15, 31]);
    expect(parentOf(tree, 1)).toBe(0);
    expect(parentOf(tree, 2)).toBe(0);
    expect(parentOf(tree, 6)).toBe(2);
    expect(parentOf(tree, 62)).toBe(30);
  });

  it('draws |delta| in [delta_lower, 1) with both signs, the same tree for a seed', () => {
    const tree = drawLatentTree(new Random(4, 'tree'), 5, 2, 0.7);
    const again = drawLatentTree(new Random(4, 'tree'), 5, 2, 0.7);
    expect(again.deltas).toEqual(tree.deltas);
    expect(tree.deltas[0]).toBe(0);
    const edges = Array.from(tree.deltas.subarray(1));
    for (const delta of edges) {
      expect(Math.abs(delta)).toBeGreaterThanOrEqual(0.7);
      expect(Math.abs(delta)).toBeLessThan(1);
    }
    expect(edges.some((delta) => delta > 0)).toBe(true);
    expect(edges.some((delta) => delta < 0)).toBe(true);
  });

  it('moves each edge monotonically with delta_lower for the same seed', () => {
    const loose = drawLatentTree(new Random(2, 'tree'), 4, 2, 0.5);
    const tight = drawLatentTree(new Random(2, 'tree'), 4, 2, 0.9);
    for (let v = 1; v < loose.numNodes; v++) {
      expect(Math.sign(tight.deltas[v]!)).toBe(Math.sign(loose.deltas[v]!));
      expect(Math.abs(tight.deltas[v]!)).toBeGreaterThanOrEqual(Math.abs(loose.deltas[v]!));
    }
  });
});

describe('latent tree samples', () => {
  const tree = drawLatentTree(new Random(1, 'tree'), 5, 2, 0.5);
  const numSamples = 40_000;
  const nodes = sampleTrees(tree, new Random(1, 'samples'), numSamples);

  it('draws the root +1 or -1 with probability 1/2', () => {
    let positives = 0;
    for (let n = 0; n < numSamples; n++) positives += nodes[n * tree.numNodes]! > 0 ? 1 : 0;
    // 4.5 standard errors of a fair coin over 40,000 draws.
    expect(Math.abs(positives / numSamples - 0.5)).toBeLessThan(4.5 * 0.5 / Math.sqrt(numSamples));
  });

  it('makes every child agree with its parent at the rate (1 + delta) / 2', () => {
    for (let v = 1; v < tree.numNodes; v++) {
      const parent = parentOf(tree, v);
      let agreements = 0;
      for (let n = 0; n < numSamples; n++) {
        const row = n * tree.numNodes;
        if (nodes[row + v] === nodes[row + parent]) agreements += 1;
      }
      const expected = 0.5 * (1 + tree.deltas[v]!);
      const standardError = Math.sqrt(expected * (1 - expected) / numSamples);
      expect(Math.abs(agreements / numSamples - expected), `node ${v}`)
        .toBeLessThan(4.5 * standardError + 1e-9);
    }
  });

  it('gives positive pairs one root and independently redrawn children', () => {
    const numPairs = 40_000;
    const { anchors, positives } = samplePositivePairs(tree, new Random(3, 'pairs'), numPairs);
    const agreements = [0, 0, 0];
    for (let n = 0; n < numPairs; n++) {
      const row = n * tree.numNodes;
      for (const v of [0, 1, 2]) if (anchors[row + v] === positives[row + v]) agreements[v]! += 1;
    }
    expect(agreements[0]).toBe(numPairs);
    // Two draws of a child given the same root agree with probability (1 + delta^2) / 2.
    for (const v of [1, 2]) {
      const expected = 0.5 * (1 + tree.deltas[v]! ** 2);
      expect(Math.abs(agreements[v]! / numPairs - expected)).toBeLessThan(0.012);
    }
  });

  it('draws different pairs independently: consecutive anchors are uncorrelated', () => {
    const numPairs = 40_000;
    const { anchors } = samplePositivePairs(tree, new Random(5, 'pairs'), numPairs);
    let product = 0;
    for (let n = 0; n + 1 < numPairs; n++) {
      product += anchors[n * tree.numNodes]! * anchors[(n + 1) * tree.numNodes]!;
    }
    expect(Math.abs(product / (numPairs - 1))).toBeLessThan(4.5 / Math.sqrt(numPairs));
  });

  it('copies the leaves, the last numLeaves nodes, as network inputs', () => {
    const leaves = copyLeaves(tree, nodes.subarray(0, 2 * tree.numNodes),
      new Float64Array(3 * tree.numLeaves), 1);
    expect(Array.from(leaves.subarray(0, tree.numLeaves))).toEqual(
      new Array<number>(tree.numLeaves).fill(0));
    expect(Array.from(leaves.subarray(tree.numLeaves, 2 * tree.numLeaves)))
      .toEqual(Array.from(nodes.subarray(tree.numLatent, tree.numNodes)));
    expect(Array.from(leaves.subarray(2 * tree.numLeaves)))
      .toEqual(Array.from(nodes.subarray(tree.numNodes + tree.numLatent, 2 * tree.numNodes)));
  });
});
