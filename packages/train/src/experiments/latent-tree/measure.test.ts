import { Random } from '@phasegrid/core';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import type { EncoderForward } from './encoder.ts';
import {
  bayesCorrelationByDepth, bestNeuronCorrelationByDepth, effectiveRank, effectiveRankOfSymmetric,
} from './measure.ts';
import { posteriorMeans } from './posterior.ts';
import { drawLatentTree, latentTreeWithDeltas, sampleTrees } from './tree.ts';

describe('effective rank', () => {
  it('is k for the k x k identity and 1 for a rank-one matrix', () => {
    expect(effectiveRankOfSymmetric(Matrix.eye(4, 4))).toBeCloseTo(4, 10);
    expect(effectiveRankOfSymmetric(Matrix.diag([2, 0, 0]))).toBeCloseTo(1, 10);
    expect(effectiveRankOfSymmetric(Matrix.diag([1, 1, 0, 0]))).toBeCloseTo(2, 10);
  });

  it('is exp of the entropy of the normalised eigenvalues, whatever the basis', () => {
    // Eigenvalues 3 and 1: shares 3/4 and 1/4.
    const expected = Math.exp(-(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)));
    expect(effectiveRankOfSymmetric(Matrix.diag([3, 1]))).toBeCloseTo(expected, 10);
    const [c, s] = [Math.cos(0.7), Math.sin(0.7)];
    const rotation = new Matrix([[c, -s], [s, c]]);
    const rotated = rotation.mmul(Matrix.diag([3, 1])).mmul(rotation.transpose());
    expect(effectiveRankOfSymmetric(rotated)).toBeCloseTo(expected, 10);
  });

  it('measures the covariance of rows: +/-e1 and +/-e2 in equal numbers give 2', () => {
    const rows = Float64Array.from([1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0]);
    expect(effectiveRank(rows, 3)).toBeCloseTo(2, 10);
    // A constant offset changes no covariance.
    expect(effectiveRank(rows.map((value) => value + 5), 3)).toBeCloseTo(2, 10);
    expect(effectiveRank(new Float64Array(12).fill(0.3), 3)).toBe(0);
  });
});

describe('correlations', () => {
  it('finds, per node, the one neuron that copies it among noise neurons', () => {
    const tree = drawLatentTree(new Random(0, 'tree'), 2, 2, 0.5);
    const hid = 3;
    const numSamples = 2000;
    const nodes = sampleTrees(tree, new Random(1, 'samples'), numSamples);
    const noise = new Random(2, 'noise');
    const preActivations = [0, 1].map((d) => {
      const numNodes = tree.nodesAtDepth[d]!;
      const values = noise.fillNormal(new Float64Array(numSamples * numNodes * hid));
      for (let n = 0; n < numSamples; n++) {
        for (let j = 0; j < numNodes; j++) {
          // Neuron 1 of every node is -3 times the node: |corr| = 1.
          values[(n * numNodes + j) * hid + 1] = -3 * nodes[n * tree.numNodes
            + tree.depthOffsets[d]! + j]!;
        }
      }
      return values;
    });
    const forward = { numSamples, preActivations } as unknown as EncoderForward;
    const perDepth = bestNeuronCorrelationByDepth(tree, hid, nodes, forward);
    expect(perDepth[0]).toBeCloseTo(1, 12);
    expect(perDepth[1]).toBeCloseTo(1, 12);
  });

  it('puts the Bayes ceiling of a one-level tree at its exact value', () => {
    // Root with two leaves, both edges delta = 0.6: the posterior mean is
    // 2 delta / (1 + delta^2) times the leaves' common sign when they agree (probability
    // (1 + delta^2) / 2), else 0, and its correlation with the root is sqrt(E[mean^2]) =
    // sqrt(2 delta^2 / (1 + delta^2)).
    const delta = 0.6;
    const tree = latentTreeWithDeltas(1, 2, [0, delta, delta]);
    const nodes = sampleTrees(tree, new Random(3, 'samples'), 100_000);
    const ceiling = bayesCorrelationByDepth(tree, nodes, posteriorMeans(tree, nodes));
    // About 3 standard errors of a correlation over 100,000 samples.
    expect(Math.abs(ceiling[0]! - Math.sqrt(2 * delta ** 2 / (1 + delta ** 2)))).toBeLessThan(0.01);
  });
});
