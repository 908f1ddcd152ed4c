/**
 * Exact posterior means of the latent nodes given the leaves, by belief propagation on the
 * tree (an upward pass of subtree evidence, then a downward pass of the rest). Messages are
 * log-likelihood ratios `log P(evidence | +1) / P(evidence | -1)`; an edge of correlation
 * `delta` maps a ratio L to `2 atanh(delta tanh(L / 2))`. Every node's prior is uniform (the
 * root's is, and each symmetric channel keeps it so), so a posterior ratio L gives the mean
 * `E[z | leaves] = tanh(L / 2)`. The correlation of that mean with the node's value is the
 * largest any function of the leaves can reach: the Bayes ceiling of the order parameters.
 */
import type { LatentTree } from './tree.ts';

/** The ratio a node passes through its edge of correlation `delta`. */
function throughEdge(logRatio: number, delta: number): number {
  return 2 * Math.atanh(delta * Math.tanh(0.5 * logRatio));
}

/**
 * Posterior means `E[z_v | leaves]` of every latent node, `numSamples x numLatent`, for the
 * sampled trees `nodes` (`numSamples x numNodes`, +1/-1; only the leaves are read).
 * Edge strengths must satisfy `|delta| < 1`, as `drawLatentTree` guarantees: a deterministic
 * edge would make some ratios infinite.
 */
export function posteriorMeans(tree: LatentTree, nodes: Int8Array): Float64Array {
  const { numNodes, numLatent, childrenPerNode, deltas } = tree;
  const numSamples = (nodes.length / numNodes) | 0;
  const means = new Float64Array(numSamples * numLatent);
  const upward = new Float64Array(numLatent);
  const toParent = new Float64Array(numNodes);
  const posterior = new Float64Array(numLatent);

  for (let n = 0; n < numSamples; n++) {
    const row = n * numNodes;
    // An observed leaf is certain, so its ratio is infinite and its message 2 atanh(delta s).
    for (let v = numLatent; v < numNodes; v++) {
      toParent[v] = 2 * Math.atanh(deltas[v]! * nodes[row + v]!);
    }
    for (let v = numLatent - 1; v >= 0; v--) {
      let sum = 0;
      const firstChild = v * childrenPerNode + 1;
      for (let c = firstChild; c < firstChild + childrenPerNode; c++) sum += toParent[c]!;
      upward[v] = sum;
      if (v > 0) toParent[v] = throughEdge(sum, deltas[v]!);
    }

    posterior[0] = upward[0]!;
    for (let v = 1; v < numLatent; v++) {
      const parent = Math.floor((v - 1) / childrenPerNode);
      const restOfTree = posterior[parent]! - toParent[v]!;
      posterior[v] = upward[v]! + throughEdge(restOfTree, deltas[v]!);
    }
    for (let v = 0; v < numLatent; v++) means[n * numLatent + v] = Math.tanh(0.5 * posterior[v]!);
  }
  return means;
}
