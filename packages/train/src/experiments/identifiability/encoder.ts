/**
 * The encoder `f`: an MLP with leaky ReLU between layers and a linear output, forward and
 * backward written by hand. Hand-written because the stock matMul gradient uses transposed
 * matMuls, 10-20x slower on the wasm backend than explicit transposes.
 */
import { Random } from '@phasegrid/core';
import * as tf from '@tensorflow/tfjs';

/** One layer: `out = in W (+ b)`, W `in x out`. A type, not an interface, so that `tf.tidy`
 * accepts it as a tensor container. */
export type EncoderLayer = {
  readonly weights: tf.Tensor2D;
  readonly bias?: tf.Tensor1D;
};

/** What the backward pass needs from the forward one. */
export interface EncoderForward {
  readonly output: tf.Tensor2D;
  /** The input of every layer (the first is the encoder's input). */
  readonly layerInputs: readonly tf.Tensor2D[];
  /** Every hidden layer's pre-activation. */
  readonly preActivations: readonly tf.Tensor2D[];
}

/**
 * Gaussian weights of variance 1/fan-in (or uniform ones in +-1/sqrt(fan-in)), zero biases,
 * drawn from the seed's own stream so that two cells with the same seed and widths start from
 * the same encoder.
 */
export function initialEncoder(
  seed: number,
  widths: readonly number[],
  hasBias: boolean,
  init: 'normal' | 'uniform' = 'normal',
): EncoderLayer[] {
  const rng = new Random(seed, `identifiability/encoder/${init}/${widths.join('x')}`);
  const layers: EncoderLayer[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const fanIn = widths[l]!;
    const fanOut = widths[l + 1]!;
    const values = new Float32Array(fanIn * fanOut);
    if (init === 'normal') rng.fillNormal(values, 1 / Math.sqrt(fanIn));
    else {
      for (let k = 0; k < values.length; k++) {
        values[k] = (2 * rng.uniform() - 1) / Math.sqrt(fanIn);
      }
    }
    const weights = tf.tensor2d(values, [fanIn, fanOut]);
    layers.push(hasBias ? { weights, bias: tf.zeros([fanOut]) as tf.Tensor1D } : { weights });
  }
  return layers;
}

/** Runs the encoder; call inside `tf.tidy`. */
export function encode(
  layers: readonly EncoderLayer[],
  inputs: tf.Tensor2D,
  negativeSlope: number,
): EncoderForward {
  const layerInputs: tf.Tensor2D[] = [];
  const preActivations: tf.Tensor2D[] = [];
  let current = inputs;
  for (let l = 0; l < layers.length; l++) {
    const layer = layers[l]!;
    layerInputs.push(current);
    const product = tf.matMul(current, layer.weights) as tf.Tensor2D;
    const pre = layer.bias ? tf.add(product, layer.bias) as tf.Tensor2D : product;
    if (l === layers.length - 1) return { output: pre, layerInputs, preActivations };
    preActivations.push(pre);
    current = tf.leakyRelu(pre, negativeSlope) as tf.Tensor2D;
  }
  throw new RangeError('encode: an encoder needs at least one layer');
}

/**
 * The gradient of every layer's parameters, given the gradient at the output; call inside
 * `tf.tidy`. Returned in the order of `layers`, bias gradients beside their weights.
 */
export function encoderGradients(
  layers: readonly EncoderLayer[],
  forward: EncoderForward,
  outputGradient: tf.Tensor2D,
  negativeSlope: number,
): EncoderLayer[] {
  const gradients: EncoderLayer[] = new Array(layers.length);
  let gradient = outputGradient;
  for (let l = layers.length - 1; l >= 0; l--) {
    const layer = layers[l]!;
    const weights = tf.matMul(tf.transpose(forward.layerInputs[l]!), gradient) as tf.Tensor2D;
    gradients[l] = layer.bias
      ? { weights, bias: tf.sum(gradient, 0) as tf.Tensor1D }
      : { weights };
    if (l === 0) break;

    // d leakyRelu = 1 above 0, slope below: `step` is one unary op, where a comparison
    // against a broadcast scalar is about 100x slower on wasm.
    const upstream = tf.matMul(gradient, tf.transpose(layer.weights));
    gradient = tf.mul(upstream, tf.step(forward.preActivations[l - 1]!, negativeSlope)) as
      tf.Tensor2D;
  }
  return gradients;
}

/** The encoder as plain arrays: `count x outDim`, for order parameters. */
export function encodeToArray(
  layers: readonly EncoderLayer[],
  inputs: Float32Array,
  count: number,
  negativeSlope: number,
): Float32Array {
  const inDim = layers[0]!.weights.shape[0];
  const output = tf.tidy(() =>
    encode(layers, tf.tensor2d(inputs, [count, inDim]), negativeSlope).output);
  const values = output.dataSync() as Float32Array;
  output.dispose();
  return values;
}

export function disposeEncoder(layers: readonly EncoderLayer[]): void {
  for (const layer of layers) {
    layer.weights.dispose();
    layer.bias?.dispose();
  }
}
