/**
 * The hierarchical latent tree model (HLTM) of Tian et al. (2020), section 6: a tree of binary
 * latent variables whose leaves are observed. Values are coded as +1/-1 (the official code
 * uses the indices 0/1; the coding changes no correlation, and +1/-1 makes every channel
 * `child = parent * sign` with a symmetric flip probability).
 *
 * Nodes are numbered level by level from the root (depth 0) to the leaves (depth `depth`), so
 * the children of node `j` at depth `d` are nodes `j * K ... j * K + K - 1` at depth `d + 1`,
 * where K is the number of children per node: a node's children are always contiguous.
 */
import type { Random } from '@phasegrid/core';

/** The shape and edge strengths of one tree; fixed for a seed (see `drawLatentTree`). */
export interface LatentTree {
  /** Edges from the root to a leaf; latent nodes sit at depths 0 ... depth - 1. */
  readonly depth: number;
  readonly childrenPerNode: number;
  /** Nodes at each depth 0 ... depth, leaves last. */
  readonly nodesAtDepth: readonly number[];
  /** Index of the first node of each depth in level order. */
  readonly depthOffsets: readonly number[];
  readonly numNodes: number;
  readonly numLeaves: number;
  /** Index of the first leaf; latent nodes are 0 ... numLatent - 1. */
  readonly numLatent: number;
  /**
   * Per node, the correlation `delta = E[child * parent]` of the edge to its parent, so the
   * child equals the parent with probability `(1 + delta) / 2`; 0 for the root.
   */
  readonly deltas: Float64Array;
}

/** Sizes of a tree without its edge strengths. */
function treeShape(depth: number, childrenPerNode: number) {
  const nodesAtDepth: number[] = [];
  const depthOffsets: number[] = [];
  let offset = 0;
  for (let d = 0; d <= depth; d++) {
    const count = childrenPerNode ** d;
    nodesAtDepth.push(count);
    depthOffsets.push(offset);
    offset += count;
  }
  const numLeaves = nodesAtDepth[depth]!;
  return { nodesAtDepth, depthOffsets, numNodes: offset, numLeaves, numLatent: offset - numLeaves };
}

/**
 * Draws a tree's edges: `|delta|` uniform in `[deltaLower, 1)`, sign +/- with probability 1/2.
 * The draws come from `rng` in level order, one uniform for the size and one for the sign per
 * edge, so two cells sharing a seed but not `deltaLower` get the same edges moved monotonically
 * (common random numbers), and deeper trees extend shallower ones.
 */
export function drawLatentTree(
  rng: Random,
  depth: number,
  childrenPerNode: number,
  deltaLower: number,
): LatentTree {
  const shape = treeShape(depth, childrenPerNode);
  const deltas = new Float64Array(shape.numNodes);
  for (let v = 1; v < shape.numNodes; v++) {
    const size = deltaLower + (1 - deltaLower) * rng.uniform();
    deltas[v] = rng.uniform() < 0.5 ? size : -size;
  }
  return { depth, childrenPerNode, ...shape, deltas };
}

/** A tree with given edge strengths (level order, index 0 ignored), for tests. */
export function latentTreeWithDeltas(
  depth: number,
  childrenPerNode: number,
  deltas: readonly number[],
): LatentTree {
  const shape = treeShape(depth, childrenPerNode);
  if (deltas.length !== shape.numNodes) {
    throw new RangeError(`expected ${shape.numNodes} deltas, received ${deltas.length}`);
  }
  return { depth, childrenPerNode, ...shape, deltas: Float64Array.from(deltas) };
}

/** Index of the parent of node `v > 0`. */
export function parentOf(tree: LatentTree, v: number): number {
  return Math.floor((v - 1) / tree.childrenPerNode);
}

/**
 * Samples the nodes below the root of one tree into `out[offset ... offset + numNodes)`, given
 * the root value already written at `out[offset]`. Level order makes every parent precede
 * its children, and `parentOf` holds because node v's parent is `floor((v - 1) / K)`.
 */
function sampleBelowRoot(tree: LatentTree, rng: Random, out: Int8Array, offset: number): void {
  const { deltas, childrenPerNode, numNodes } = tree;
  for (let v = 1; v < numNodes; v++) {
    const parent = out[offset + Math.floor((v - 1) / childrenPerNode)]!;
    const agreeProbability = 0.5 * (1 + deltas[v]!);
    out[offset + v] = rng.uniform() < agreeProbability ? parent : -parent;
  }
}

/** `numSamples` independent trees, every node's value, `numSamples x numNodes` row-major. */
export function sampleTrees(tree: LatentTree, rng: Random, numSamples: number): Int8Array {
  const out = new Int8Array(numSamples * tree.numNodes);
  for (let n = 0; n < numSamples; n++) {
    const offset = n * tree.numNodes;
    out[offset] = rng.uniform() < 0.5 ? 1 : -1;
    sampleBelowRoot(tree, rng, out, offset);
  }
  return out;
}

/**
 * Positive pairs: `numPairs` anchors, then their partners, each `numPairs x numNodes`. A
 * partner shares its anchor's root and redraws every other node given it (the two views of
 * the official code). Different pairs are independent trees, which is what lets other pairs
 * serve as negatives.
 */
export function samplePositivePairs(
  tree: LatentTree,
  rng: Random,
  numPairs: number,
): { anchors: Int8Array; positives: Int8Array } {
  const anchors = new Int8Array(numPairs * tree.numNodes);
  const positives = new Int8Array(numPairs * tree.numNodes);
  for (let n = 0; n < numPairs; n++) {
    const offset = n * tree.numNodes;
    const root = rng.uniform() < 0.5 ? 1 : -1;
    anchors[offset] = root;
    positives[offset] = root;
    sampleBelowRoot(tree, rng, anchors, offset);
    sampleBelowRoot(tree, rng, positives, offset);
  }
  return { anchors, positives };
}

/**
 * The leaves of sampled trees as network inputs, `numSamples x numLeaves` (+1/-1), written
 * into `out` at row `firstRow` so anchors and partners can share one input matrix.
 */
export function copyLeaves(
  tree: LatentTree,
  nodes: Int8Array,
  out: Float64Array,
  firstRow = 0,
): Float64Array {
  const numSamples = (nodes.length / tree.numNodes) | 0;
  for (let n = 0; n < numSamples; n++) {
    const source = n * tree.numNodes + tree.numLatent;
    const target = (firstRow + n) * tree.numLeaves;
    for (let i = 0; i < tree.numLeaves; i++) out[target + i] = nodes[source + i]!;
  }
  return out;
}
