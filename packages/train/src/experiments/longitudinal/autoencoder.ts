/**
 * The MLP autoencoder and its learned direction `tau`, all parameters in one Float64Array so
 * the optimiser treats them as one vector. Gradients are written by hand (`backward`).
 */
import type { Random } from '@phasegrid/core';
import type { LongitudinalModelConfig } from './config.ts';
import { multiplyInto, multiplyTransposedInto, transposeInto } from './dense-kernels.ts';

/** What a layer applies after its affine map. */
export type Activation = 'tanh' | 'relu' | 'linear';

/** Where a fully connected layer's parameters sit in the flat vector. */
export interface DenseLayer {
  readonly inputSize: number;
  readonly outputSize: number;
  /** Start of the `inputSize x outputSize` row-major weights (`output = input W + b`). */
  readonly weightOffset: number;
  readonly biasOffset: number;
  readonly activation: Activation;
}

/** The encoder `x -> z` (tanh latent), the mirrored decoder `z -> x_hat`, and `tau`. */
export class Autoencoder {
  /** Every layer's weights and bias, then `tau`. */
  readonly parameters: Float64Array;
  /** Encoder layers first; the output of layer `latentLayerIndex` is z. */
  readonly layers: readonly DenseLayer[];
  readonly latentLayerIndex: number;
  readonly latentDim: number;
  /** Start of `tau` in `parameters`. */
  readonly tauOffset: number;

  private constructor(layers: DenseLayer[], latentLayerIndex: number, parameterCount: number) {
    this.layers = layers;
    this.latentLayerIndex = latentLayerIndex;
    this.latentDim = layers[latentLayerIndex]!.outputSize;
    this.tauOffset = parameterCount;
    this.parameters = new Float64Array(parameterCount + this.latentDim);
  }

  /**
   * A freshly initialised autoencoder for `observationDim`-dimensional inputs. Weights and
   * biases are `U(-1/sqrt(fanIn), 1/sqrt(fanIn))` (PyTorch's default for linear layers, as the
   * reference implementation used); `tau` is a uniformly random unit vector.
   */
  static create(config: LongitudinalModelConfig, observationDim: number,
    rng: Random): Autoencoder {
    const sizes = [observationDim, ...config.hiddenWidths, config.latentDim,
      ...[...config.hiddenWidths].reverse(), observationDim];
    const latentLayerIndex = config.hiddenWidths.length;
    const layers: DenseLayer[] = [];
    let offset = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const inputSize = sizes[l]!;
      const outputSize = sizes[l + 1]!;
      const activation: Activation = l === latentLayerIndex ? 'tanh'
        : l === sizes.length - 2 ? 'linear' : config.hiddenActivation;
      layers.push({ inputSize, outputSize, weightOffset: offset,
        biasOffset: offset + inputSize * outputSize, activation });
      offset += (inputSize + 1) * outputSize;
    }

    const model = new Autoencoder(layers, latentLayerIndex, offset);
    for (const layer of layers) {
      const bound = 1 / Math.sqrt(layer.inputSize);
      const end = layer.biasOffset + layer.outputSize;
      for (let i = layer.weightOffset; i < end; i++) {
        model.parameters[i] = bound * (2 * rng.uniform() - 1);
      }
    }
    rng.fillNormal(model.tau);
    model.normaliseTau();
    return model;
  }

  /** A view of `tau` inside `parameters`. */
  get tau(): Float64Array {
    return this.parameters.subarray(this.tauOffset, this.tauOffset + this.latentDim);
  }

  /** Rescales `tau` to unit length, as after every optimiser step. */
  normaliseTau(): void {
    const tau = this.tau;
    const norm = Math.hypot(...tau);
    for (let i = 0; i < tau.length; i++) tau[i]! /= norm;
  }

  /** Whether parameter `index` belongs to a weight matrix (the ones weight decay applies to). */
  isWeight(index: number): boolean {
    return this.layers.some((layer) => index >= layer.weightOffset && index < layer.biasOffset);
  }

  /**
   * Runs `numSamples` row-major inputs through the first `numLayers` layers (all by default);
   * returns every layer's output, the inputs first, so `[latentLayerIndex + 1]` is z.
   */
  forward(inputs: Float64Array, numSamples: number,
    numLayers = this.layers.length): Float64Array[] {
    const outputs = [inputs];
    for (let l = 0; l < numLayers; l++) {
      const layer = this.layers[l]!;
      const size = layer.outputSize;
      const out = new Float64Array(numSamples * size);
      multiplyInto(out, outputs[l]!, this.weights(layer), numSamples, layer.inputSize, size);
      for (let n = 0; n < numSamples; n++) {
        for (let j = 0; j < size; j++) {
          out[n * size + j]! += this.parameters[layer.biasOffset + j]!;
        }
      }
      activateInPlace(out, layer.activation);
      outputs.push(out);
    }
    return outputs;
  }

  /** The latents z of `numSamples` inputs. */
  encode(inputs: Float64Array, numSamples: number): Float64Array {
    return this.forward(inputs, numSamples, this.latentLayerIndex + 1).at(-1)!;
  }

  /**
   * Backpropagates through a full `forward`: `outputGradient` is dLoss/dx_hat and
   * `latentGradient` (optional) dLoss/dz from terms on the latents. Writes dLoss/dparameters of
   * the layers into `gradient` (same layout as `parameters`; the `tau` part is left alone).
   */
  backward(outputs: readonly Float64Array[], numSamples: number, outputGradient: Float64Array,
    latentGradient: Float64Array | undefined, gradient: Float64Array): void {
    let delta = Float64Array.from(outputGradient);
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const layer = this.layers[l]!;
      const { inputSize, outputSize } = layer;
      if (l === this.latentLayerIndex && latentGradient) {
        for (let i = 0; i < delta.length; i++) delta[i]! += latentGradient[i]!;
      }
      multiplyByDerivativeInPlace(delta, outputs[l + 1]!, layer.activation);

      multiplyTransposedInto(
        gradient.subarray(layer.weightOffset, layer.biasOffset),
        outputs[l]!, delta, numSamples, inputSize, outputSize);
      const biasGradient = gradient.subarray(layer.biasOffset, layer.biasOffset + outputSize);
      biasGradient.fill(0);
      for (let n = 0; n < numSamples; n++) {
        for (let j = 0; j < outputSize; j++) biasGradient[j]! += delta[n * outputSize + j]!;
      }

      if (l > 0) {
        const transposed = new Float64Array(inputSize * outputSize);
        transposeInto(transposed, this.weights(layer), inputSize, outputSize);
        const previous = new Float64Array(numSamples * inputSize);
        multiplyInto(previous, delta, transposed, numSamples, outputSize, inputSize);
        delta = previous;
      }
    }
  }

  private weights(layer: DenseLayer): Float64Array {
    return this.parameters.subarray(layer.weightOffset, layer.biasOffset);
  }
}

function activateInPlace(values: Float64Array, activation: Activation): void {
  switch (activation) {
    case 'tanh':
      for (let i = 0; i < values.length; i++) values[i] = Math.tanh(values[i]!);
      return;
    case 'relu':
      for (let i = 0; i < values.length; i++) if (values[i]! < 0) values[i] = 0;
      return;
    case 'linear':
      return;
  }
}

/** `delta *= f'(pre)`, written through the layer's output `f(pre)`. */
function multiplyByDerivativeInPlace(delta: Float64Array, output: Float64Array,
  activation: Activation): void {
  switch (activation) {
    case 'tanh':
      for (let i = 0; i < delta.length; i++) delta[i]! *= 1 - output[i]! * output[i]!;
      return;
    case 'relu':
      for (let i = 0; i < delta.length; i++) if (output[i]! <= 0) delta[i] = 0;
      return;
    case 'linear':
      return;
  }
}
