/**
 * The order parameters of a latent-tree encoder: per depth, how well the best neuron of each
 * latent node tracks the node's true value, against the Bayes ceiling; and the effective rank
 * of the root representation.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { stridedPearsonCorrelation } from '../shared/correlation.ts';
import type { EncoderForward } from './encoder.ts';
import type { LatentTree } from './tree.ts';

/**
 * Per latent depth 0 ... depth - 1, the mean over its nodes of the best absolute correlation
 * between the node's value (`nodes`, `numSamples x numNodes`) and any of its neurons'
 * pre-activations (as the official code measures them; the root's before normalising).
 */
export function bestNeuronCorrelationByDepth(
  tree: LatentTree,
  hid: number,
  nodes: Int8Array,
  forward: EncoderForward,
): number[] {
  const numSamples = forward.numSamples;
  const perDepth: number[] = [];
  for (let d = 0; d < tree.depth; d++) {
    const numNodes = tree.nodesAtDepth[d]!;
    const pre = forward.preActivations[d]!;
    let sum = 0;
    for (let j = 0; j < numNodes; j++) {
      const node = tree.depthOffsets[d]! + j;
      let best = 0;
      for (let u = 0; u < hid; u++) {
        const correlation = stridedPearsonCorrelation(pre, numNodes * hid, j * hid + u,
          nodes, tree.numNodes, node, numSamples);
        best = Math.max(best, Math.abs(correlation));
      }
      sum += best;
    }
    perDepth.push(sum / numNodes);
  }
  return perDepth;
}

/**
 * Per latent depth, the mean over its nodes of the correlation between the node's value and
 * its exact posterior mean given the leaves (`means`, `numSamples x numLatent`).
 */
export function bayesCorrelationByDepth(
  tree: LatentTree,
  nodes: Int8Array,
  means: Float64Array,
): number[] {
  const numSamples = (nodes.length / tree.numNodes) | 0;
  const perDepth: number[] = [];
  for (let d = 0; d < tree.depth; d++) {
    let sum = 0;
    for (let j = 0; j < tree.nodesAtDepth[d]!; j++) {
      const node = tree.depthOffsets[d]! + j;
      sum += stridedPearsonCorrelation(means, tree.numLatent, node, nodes, tree.numNodes, node,
        numSamples);
    }
    perDepth.push(sum / tree.nodesAtDepth[d]!);
  }
  return perDepth;
}

/**
 * The entropy effective rank (Roy & Vetterli 2007) of the covariance of `rows`
 * (`numRows x width`): `exp(-sum p_i log p_i)` with `p_i` the eigenvalues over their sum.
 * It is 1 for a rank-one covariance and `width` for an isotropic one; 0 when the rows are
 * all equal (no variance at all).
 */
export function effectiveRank(rows: Float64Array, width: number): number {
  const numRows = (rows.length / width) | 0;
  const means = new Float64Array(width);
  for (let n = 0; n < numRows; n++) {
    for (let u = 0; u < width; u++) means[u]! += rows[n * width + u]! / numRows;
  }
  const covariance = Matrix.zeros(width, width);
  for (let n = 0; n < numRows; n++) {
    for (let a = 0; a < width; a++) {
      const da = rows[n * width + a]! - means[a]!;
      for (let b = 0; b <= a; b++) {
        const value = covariance.get(a, b) + da * (rows[n * width + b]! - means[b]!);
        covariance.set(a, b, value);
        covariance.set(b, a, value);
      }
    }
  }
  return effectiveRankOfSymmetric(covariance);
}

/** The entropy effective rank of a symmetric positive semi-definite matrix. */
export function effectiveRankOfSymmetric(matrix: Matrix): number {
  const eigenvalues = new EigenvalueDecomposition(matrix, { assumeSymmetric: true })
    .realEigenvalues.map((value) => Math.max(value, 0));
  const total = eigenvalues.reduce((sum, value) => sum + value, 0);
  if (!(total > 0)) return 0;
  let entropy = 0;
  for (const value of eigenvalues) {
    const share = value / total;
    if (share > 0) entropy -= share * Math.log(share);
  }
  return Math.exp(entropy);
}
