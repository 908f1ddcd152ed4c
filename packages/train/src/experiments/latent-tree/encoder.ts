/**
 * The encoder that mirrors the tree: every latent node owns `hid` ReLU neurons fed by its
 * children's outputs (the raw +1/-1 leaves for the lowest latent level), with weights and
 * bias; the root's `hid` pre-activations, normalised, are the representation.
 *
 * Plain Float64Array loops rather than TensorFlow.js tensors: the net is 31 small affine maps
 * (20 inputs, 10 outputs at the defaults), so a tensor version would be dominated by per-op
 * overhead (about 7 us an op on the wasm backend and several hundred ops a step, one per
 * node and pass), while these loops run a forward pass of 256 trees at the defaults in about
 * 1.2 ms (measured on an idle core). Activations are laid out `[sample][node][neuron]` per
 * depth, so the inputs of a node, its children's outputs, are one contiguous run of memory.
 */
import type { Random } from '@phasegrid/core';
import type { LatentTree } from './tree.ts';

/** Shapes and parameter offsets of an encoder for one tree; the weights live apart. */
export interface EncoderLayout {
  readonly tree: LatentTree;
  readonly hid: number;
  /** Inputs of each latent depth's nodes: K leaves at the lowest level, K * hid above. */
  readonly inputsAtDepth: readonly number[];
  /** Offset of the first parameter of each latent depth in the flat parameter vector. */
  readonly paramOffsets: readonly number[];
  /** Per node at a depth: `hid x inputs` weights (row-major) then `hid` biases. */
  readonly paramsPerNode: readonly number[];
  readonly numParams: number;
  /** `f = h / sqrt(|h|^2 + epsilon^2)`, smooth where the official code's `h / (|h| + eps)`
   * has a kink at 0. */
  readonly normEpsilon: number;
}

/** What a forward pass keeps for the backward pass and for measuring. */
export interface EncoderForward {
  readonly numSamples: number;
  /** Pre-activations per latent depth, `numSamples x nodesAtDepth[d] x hid`. */
  readonly preActivations: Float64Array[];
  /** Their ReLUs, the inputs of the depth above (none at the root, whose output is not
   * rectified), same shapes. */
  readonly activations: Float64Array[];
  /** The normalised root output, `numSamples x hid`. */
  readonly output: Float64Array;
  /** The inputs: leaves, `numSamples x numLeaves`. */
  readonly leaves: Float64Array;
}

/** The layout of an encoder with `hid` neurons per latent node. */
export function encoderLayout(tree: LatentTree, hid: number, normEpsilon: number): EncoderLayout {
  const inputsAtDepth: number[] = [];
  const paramOffsets: number[] = [];
  const paramsPerNode: number[] = [];
  let offset = 0;
  for (let d = 0; d < tree.depth; d++) {
    const inputs = tree.childrenPerNode * (d === tree.depth - 1 ? 1 : hid);
    inputsAtDepth.push(inputs);
    paramOffsets.push(offset);
    paramsPerNode.push(hid * inputs + hid);
    offset += tree.nodesAtDepth[d]! * (hid * inputs + hid);
  }
  return { tree, hid, inputsAtDepth, paramOffsets, paramsPerNode, numParams: offset, normEpsilon };
}

/**
 * Initial parameters as PyTorch's `nn.Linear` draws them (the official code's start, which the
 * untrained baseline describes): weights and biases uniform in `+/- 1 / sqrt(inputs)`.
 */
export function initialParameters(layout: EncoderLayout, rng: Random): Float64Array {
  const params = new Float64Array(layout.numParams);
  for (let d = 0; d < layout.tree.depth; d++) {
    const bound = 1 / Math.sqrt(layout.inputsAtDepth[d]!);
    const end = layout.paramOffsets[d]! + layout.tree.nodesAtDepth[d]! * layout.paramsPerNode[d]!;
    for (let i = layout.paramOffsets[d]!; i < end; i++) params[i] = bound * (2 * rng.uniform() - 1);
  }
  return params;
}

/** Runs the encoder on `leaves` (`numSamples x numLeaves`, +1/-1). */
export function encode(
  layout: EncoderLayout,
  params: Float64Array,
  leaves: Float64Array,
): EncoderForward {
  const { tree, hid } = layout;
  // Integer division kept an integer (`| 0`) so V8 indexes with small ints, not doubles.
  const numSamples = (leaves.length / tree.numLeaves) | 0;
  const preActivations: Float64Array[] = new Array<Float64Array>(tree.depth);
  const activations: Float64Array[] = new Array<Float64Array>(tree.depth);

  for (let d = tree.depth - 1; d >= 0; d--) {
    const numNodes = tree.nodesAtDepth[d]!;
    const numInputs = layout.inputsAtDepth[d]!;
    const pre = new Float64Array(numSamples * numNodes * hid);
    const below = d === tree.depth - 1 ? leaves : activations[d + 1]!;
    const inputRow = numNodes * numInputs;
    for (let j = 0; j < numNodes; j++) {
      const base = layout.paramOffsets[d]! + j * layout.paramsPerNode[d]!;
      const biasBase = base + hid * numInputs;
      for (let n = 0; n < numSamples; n++) {
        const inputBase = n * inputRow + j * numInputs;
        const outBase = (n * numNodes + j) * hid;
        // Two neurons per pass share each input load and run two independent sums, which
        // halves the time of the add-latency-bound single sum (measured 2.5 -> 1.3 ms).
        let u = 0;
        for (; u + 1 < hid; u += 2) {
          const first = base + u * numInputs;
          const second = first + numInputs;
          let firstSum = params[biasBase + u]!;
          let secondSum = params[biasBase + u + 1]!;
          for (let i = 0; i < numInputs; i++) {
            const input = below[inputBase + i]!;
            firstSum += params[first + i]! * input;
            secondSum += params[second + i]! * input;
          }
          pre[outBase + u] = firstSum;
          pre[outBase + u + 1] = secondSum;
        }
        if (u < hid) {
          const last = base + u * numInputs;
          let sum = params[biasBase + u]!;
          for (let i = 0; i < numInputs; i++) sum += params[last + i]! * below[inputBase + i]!;
          pre[outBase + u] = sum;
        }
      }
    }
    preActivations[d] = pre;
    if (d > 0) activations[d] = rectify(pre);
  }

  const output = normaliseRows(preActivations[0]!, hid, layout.normEpsilon);
  return { numSamples, preActivations, activations, output, leaves };
}

function rectify(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    out[i] = value > 0 ? value : 0;
  }
  return out;
}

function normaliseRows(values: Float64Array, width: number, epsilon: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let base = 0; base < values.length; base += width) {
    let squares = epsilon * epsilon;
    for (let u = 0; u < width; u++) squares += values[base + u]! ** 2;
    const scale = 1 / Math.sqrt(squares);
    for (let u = 0; u < width; u++) out[base + u] = values[base + u]! * scale;
  }
  return out;
}

/**
 * The gradient of a loss in every parameter, given its gradient in the normalised output
 * (`numSamples x hid`), by back-propagation through the forward pass `forward`.
 */
export function encoderGradient(
  layout: EncoderLayout,
  params: Float64Array,
  forward: EncoderForward,
  outputGradient: Float64Array,
): Float64Array {
  const { tree, hid } = layout;
  const { numSamples, preActivations } = forward;
  const gradient = new Float64Array(layout.numParams);
  let preGradient = normalisationGradient(preActivations[0]!, outputGradient, hid,
    layout.normEpsilon);

  for (let d = 0; d < tree.depth; d++) {
    const numNodes = tree.nodesAtDepth[d]!;
    const numInputs = layout.inputsAtDepth[d]!;
    const isBelowLatent = d < tree.depth - 1;
    const below = isBelowLatent ? forward.activations[d + 1]! : forward.leaves;
    const belowGradient = isBelowLatent ? new Float64Array(below.length) : undefined;
    const inputRow = numNodes * numInputs;
    for (let j = 0; j < numNodes; j++) {
      const base = layout.paramOffsets[d]! + j * layout.paramsPerNode[d]!;
      const biasBase = base + hid * numInputs;
      for (let n = 0; n < numSamples; n++) {
        const inputBase = n * inputRow + j * numInputs;
        const outBase = (n * numNodes + j) * hid;
        // Neurons in pairs, as in `encode`: each input and input gradient is touched once
        // per pair rather than once per neuron.
        let u = 0;
        for (; u + 1 < hid; u += 2) {
          const firstGradient = preGradient[outBase + u]!;
          const secondGradient = preGradient[outBase + u + 1]!;
          if (firstGradient === 0 && secondGradient === 0) continue;
          gradient[biasBase + u]! += firstGradient;
          gradient[biasBase + u + 1]! += secondGradient;
          const first = base + u * numInputs;
          const second = first + numInputs;
          for (let i = 0; i < numInputs; i++) {
            const input = below[inputBase + i]!;
            gradient[first + i]! += firstGradient * input;
            gradient[second + i]! += secondGradient * input;
          }
          if (!belowGradient) continue;
          for (let i = 0; i < numInputs; i++) {
            belowGradient[inputBase + i]! += firstGradient * params[first + i]!
              + secondGradient * params[second + i]!;
          }
        }
        if (u < hid) {
          const g = preGradient[outBase + u]!;
          const last = base + u * numInputs;
          gradient[biasBase + u]! += g;
          for (let i = 0; i < numInputs; i++) {
            gradient[last + i]! += g * below[inputBase + i]!;
            if (belowGradient) belowGradient[inputBase + i]! += g * params[last + i]!;
          }
        }
      }
    }
    if (belowGradient) {
      // Through the ReLU of depth d + 1: its gradient passes where the neuron was active.
      const belowPre = preActivations[d + 1]!;
      for (let i = 0; i < belowGradient.length; i++) {
        if (!(belowPre[i]! > 0)) belowGradient[i] = 0;
      }
      preGradient = belowGradient;
    }
  }
  return gradient;
}

/** Back-propagates through `f = h / s`, `s = sqrt(|h|^2 + eps^2)`: `g / s - h (h.g) / s^3`. */
function normalisationGradient(
  pre: Float64Array,
  outputGradient: Float64Array,
  width: number,
  epsilon: number,
): Float64Array {
  const out = new Float64Array(pre.length);
  for (let base = 0; base < pre.length; base += width) {
    let squares = epsilon * epsilon;
    let dot = 0;
    for (let u = 0; u < width; u++) {
      squares += pre[base + u]! ** 2;
      dot += pre[base + u]! * outputGradient[base + u]!;
    }
    const inverseNorm = 1 / Math.sqrt(squares);
    const projection = dot * inverseNorm ** 3;
    for (let u = 0; u < width; u++) {
      out[base + u] = outputGradient[base + u]! * inverseNorm - pre[base + u]! * projection;
    }
  }
  return out;
}
