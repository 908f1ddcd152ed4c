/**
 * The fixed data-generating map `g`: an invertible MLP of three bias-free square layers with
 * leaky ReLU between them, each layer the best-conditioned of many random draws. Drawn and
 * evaluated in plain JavaScript on doubles (for probes and tests), and as tensors for training,
 * where a batch of it costs a few ops.
 */
import { Random } from '@phasegrid/core';
import * as tf from '@tensorflow/tfjs';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import type { LatentBatch } from './latent-space.ts';

const NUM_LAYERS = 3;

/** The generator's layers, row-major `dim x dim` (x_out = W x_in), and their conditioning. */
export interface Generator {
  readonly dim: number;
  readonly layers: readonly Float64Array[];
  readonly conditionNumbers: readonly number[];
  readonly negativeSlope: number;
}

/**
 * Draws the generator of `seed`: every layer from its own substream, so it depends only on the
 * seed, the dimension and the number of candidate draws.
 */
export function makeGenerator(
  seed: number,
  dim: number,
  candidateDraws: number,
  negativeSlope: number,
): Generator {
  const layers: Float64Array[] = [];
  const conditionNumbers: number[] = [];
  for (let layer = 0; layer < NUM_LAYERS; layer++) {
    const rng = new Random(seed, `identifiability/generator/${dim}/${layer}`);
    let best: Float64Array | undefined;
    let bestCondition = Infinity;
    for (let draw = 0; draw < candidateDraws; draw++) {
      // Entries of variance 1/dim keep the activations' scale roughly constant across layers.
      const weights = rng.fillNormal(new Float64Array(dim * dim), 1 / Math.sqrt(dim));
      const condition = conditionNumber(weights, dim);
      if (condition < bestCondition) {
        best = weights;
        bestCondition = condition;
      }
    }
    layers.push(best!);
    conditionNumbers.push(bestCondition);
  }
  return { dim, layers, conditionNumbers, negativeSlope };
}

/** The ratio of the largest to the smallest singular value (Infinity when singular). */
export function conditionNumber(weights: Float64Array, dim: number): number {
  const matrix = new Matrix(dim, dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < dim; j++) matrix.set(i, j, weights[i * dim + j]!);
  }
  const values = new SingularValueDecomposition(matrix, {
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
  }).diagonal;
  const smallest = Math.min(...values);
  return smallest > 0 ? Math.max(...values) / smallest : Infinity;
}

/** `x = g(z)` for every row, as 32-bit floats ready for the encoder. */
export function generate(generator: Generator, latents: LatentBatch): Float32Array {
  const { dim, layers, negativeSlope } = generator;
  const count = latents.count;
  // Layer by layer over the whole batch, ping-ponging between two buffers: one tight loop per
  // layer is what V8 compiles well (a per-row loop with swaps ran about 10x slower).
  let current = Float64Array.from(latents.values);
  let next = new Float64Array(count * dim);
  for (let layer = 0; layer < layers.length; layer++) {
    const weights = layers[layer]!;
    const slope = layer === layers.length - 1 ? 1 : negativeSlope;
    for (let n = 0; n < count; n++) {
      const offset = n * dim;
      for (let i = 0; i < dim; i++) {
        let sum = 0;
        for (let j = 0; j < dim; j++) sum += weights[i * dim + j]! * current[offset + j]!;
        next[offset + i] = sum > 0 ? sum : slope * sum;
      }
    }
    const previous = current;
    current = next;
    next = previous;
  }
  return Float32Array.from(current);
}

/**
 * The generator's layers as tensors, transposed for row-major batches (`x W^T`), so a training
 * step can generate inside its own tidy: a few ops instead of a JavaScript loop over the batch.
 * The caller disposes them.
 */
export function generatorTensors(generator: Generator): tf.Tensor2D[] {
  const { dim } = generator;
  return tf.tidy(() => generator.layers.map((weights) =>
    tf.transpose(tf.tensor2d(Float32Array.from(weights), [dim, dim])) as tf.Tensor2D));
}

/** `g(z)` for a batch of latents as a tensor; call inside `tf.tidy`. */
export function generateTensor(
  layers: readonly tf.Tensor2D[],
  latents: tf.Tensor2D,
  negativeSlope: number,
): tf.Tensor2D {
  let current = latents;
  for (let layer = 0; layer < layers.length; layer++) {
    current = tf.matMul(current, layers[layer]!) as tf.Tensor2D;
    if (layer < layers.length - 1) current = tf.leakyRelu(current, negativeSlope) as tf.Tensor2D;
  }
  return current;
}
