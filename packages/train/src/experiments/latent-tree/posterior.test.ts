import { Random } from '@phasegrid/core';
import { describe, expect, it } from 'vitest';
import { posteriorMeans } from './posterior.ts';
import { drawLatentTree, parentOf, sampleTrees, type LatentTree } from './tree.ts';

/**
 * `E[z_v | leaves]` for every latent node by summing the joint probability over all 2^numLatent
 * assignments of the latent nodes: independent of any message passing.
 */
function bruteForceMeans(tree: LatentTree, nodes: Int8Array, row: number): number[] {
  const numAssignments = 2 ** tree.numLatent;
  const weightedSums = new Array<number>(tree.numLatent).fill(0);
  let evidence = 0;
  const values = new Int8Array(tree.numNodes);
  for (let v = tree.numLatent; v < tree.numNodes; v++) values[v] = nodes[row + v]!;

  for (let assignment = 0; assignment < numAssignments; assignment++) {
    for (let v = 0; v < tree.numLatent; v++) values[v] = (assignment >> v) & 1 ? 1 : -1;
    let probability = 0.5;
    for (let v = 1; v < tree.numNodes; v++) {
      const agrees = values[v] === values[parentOf(tree, v)];
      probability *= 0.5 * (1 + (agrees ? 1 : -1) * tree.deltas[v]!);
    }
    evidence += probability;
    for (let v = 0; v < tree.numLatent; v++) weightedSums[v]! += probability * values[v]!;
  }
  return weightedSums.map((sum) => sum / evidence);
}

describe('posterior means by message passing', () => {
  const shapes = [
    { depth: 3, childrenPerNode: 2, deltaLower: 0.3 },
    { depth: 2, childrenPerNode: 3, deltaLower: 0.6 },
    { depth: 4, childrenPerNode: 2, deltaLower: 0.8 },
  ];
  for (const { depth, childrenPerNode, deltaLower } of shapes) {
    it(`equals brute-force enumeration on a depth-${depth}, ${childrenPerNode}-ary tree`, () => {
      const tree = drawLatentTree(new Random(depth, 'tree'), depth, childrenPerNode, deltaLower);
      const numSamples = 20;
      const nodes = sampleTrees(tree, new Random(7, 'samples'), numSamples);
      const means = posteriorMeans(tree, nodes);
      for (let n = 0; n < numSamples; n++) {
        const exact = bruteForceMeans(tree, nodes, n * tree.numNodes);
        for (let v = 0; v < tree.numLatent; v++) {
          expect(means[n * tree.numLatent + v]).toBeCloseTo(exact[v]!, 10);
        }
      }
    });
  }

  it('ignores the latent values it is handed: only the leaves are evidence', () => {
    const tree = drawLatentTree(new Random(1, 'tree'), 3, 2, 0.5);
    const nodes = sampleTrees(tree, new Random(2, 'samples'), 5);
    const scrambled = nodes.slice();
    for (let n = 0; n < 5; n++) {
      for (let v = 0; v < tree.numLatent; v++) scrambled[n * tree.numNodes + v]! *= -1;
    }
    expect(posteriorMeans(tree, scrambled)).toEqual(posteriorMeans(tree, nodes));
  });
});
