/**
 * The longitudinal objective of Zhao et al. (2021) on a batch of visit pairs:
 * `rec(x_s) + rec(x_t) + lambda mean_i (1 - cos(z_t,i - z_s,i, tau))`, with `rec` the mean
 * squared error per coordinate (the official code's `mean((x - x_hat)^2)`), and its gradient.
 */
import type { Autoencoder } from './autoencoder.ts';

/**
 * Below this length a latent change has no direction; the cosine treats it as this long
 * (PyTorch's cosine similarity clamps the same way), which bounds its gradient.
 */
const MIN_CHANGE_NORM = 1e-8;

/** The terms of the objective on one batch. */
export interface ObjectiveValue {
  /** `rec(x_s) + rec(x_t)`. */
  readonly reconstruction: number;
  /** `mean_i (1 - cos(z_t,i - z_s,i, tau))`, before the factor lambda. */
  readonly direction: number;
  readonly total: number;
}

/**
 * The objective on `numPairs` pairs (rows of `earlier` and `later`) and, when `gradient` is
 * given, its gradient in every parameter, `tau` included (same layout as `parameters`).
 * With `lambda = 0` the direction term is still reported but adds nothing to the gradient.
 */
export function evaluateObjective(model: Autoencoder, earlier: Float64Array, later: Float64Array,
  numPairs: number, lambda: number, gradient?: Float64Array): ObjectiveValue {
  // One pass over both visits stacked (earlier rows first) halves the per-call overhead.
  const dim = model.layers[0]!.inputSize;
  const inputs = new Float64Array(2 * numPairs * dim);
  inputs.set(earlier.subarray(0, numPairs * dim));
  inputs.set(later.subarray(0, numPairs * dim), numPairs * dim);
  const outputs = model.forward(inputs, 2 * numPairs);
  const reconstructed = outputs.at(-1)!;

  // Each visit's MSE averages over numPairs * dim entries: d/dx_hat = 2 (x_hat - x) / that.
  const entryCount = numPairs * dim;
  const outputGradient = new Float64Array(inputs.length);
  let squaredError = 0;
  for (let i = 0; i < inputs.length; i++) {
    const residual = reconstructed[i]! - inputs[i]!;
    squaredError += residual * residual;
    outputGradient[i] = (2 * residual) / entryCount;
  }
  const reconstruction = squaredError / entryCount;

  const latents = outputs[model.latentLayerIndex + 1]!;
  const hasDirectionGradient = gradient !== undefined && lambda > 0;
  const latentGradient = hasDirectionGradient ? new Float64Array(latents.length) : undefined;
  const tauGradient = hasDirectionGradient ? new Float64Array(model.latentDim) : undefined;
  const direction = directionTerm(latents, numPairs, model.tau, latentGradient, tauGradient);
  const total = reconstruction + lambda * direction;
  if (!gradient) return { reconstruction, direction, total };

  model.backward(outputs, 2 * numPairs, outputGradient,
    latentGradient && scaleInPlace(latentGradient, lambda), gradient);
  for (let k = 0; k < model.latentDim; k++) {
    gradient[model.tauOffset + k] = lambda * (tauGradient?.[k] ?? 0);
  }
  return { reconstruction, direction, total };
}

/**
 * `mean_i (1 - cos(d_i, tau))` with `d_i = z[numPairs + i] - z[i]`. When given, adds its
 * gradient in the latents to `latentGradient` and writes its gradient in `tau` to
 * `tauGradient`. The cosine divides by `|tau|` too, as `tau` is a free parameter between the
 * renormalisations: its gradient is then tangent to the sphere.
 */
export function directionTerm(latents: Float64Array, numPairs: number, tau: Float64Array,
  latentGradient: Float64Array | undefined, tauGradient: Float64Array | undefined): number {
  const dim = tau.length;
  const tauNorm = Math.hypot(...tau);
  const change = new Float64Array(dim);
  let sum = 0;
  for (let i = 0; i < numPairs; i++) {
    const earlierRow = i * dim;
    const laterRow = (numPairs + i) * dim;
    let dot = 0;
    let squaredNorm = 0;
    for (let k = 0; k < dim; k++) {
      change[k] = latents[laterRow + k]! - latents[earlierRow + k]!;
      dot += change[k]! * tau[k]!;
      squaredNorm += change[k]! * change[k]!;
    }
    const changeNorm = Math.max(Math.sqrt(squaredNorm), MIN_CHANGE_NORM);
    const cosine = dot / (changeNorm * tauNorm);
    sum += 1 - cosine;

    // d(1 - cos)/d(change) = -(tau/|tau| - cos change/|change|) / |change|, over numPairs.
    if (latentGradient) {
      for (let k = 0; k < dim; k++) {
        const along = (tau[k]! / tauNorm - (cosine * change[k]!) / changeNorm)
          / (changeNorm * numPairs);
        latentGradient[laterRow + k]! -= along;
        latentGradient[earlierRow + k]! += along;
      }
    }
    if (tauGradient) {
      for (let k = 0; k < dim; k++) {
        tauGradient[k]! -= (change[k]! / changeNorm - (cosine * tau[k]!) / tauNorm)
          / (tauNorm * numPairs);
      }
    }
  }
  return sum / numPairs;
}

function scaleInPlace(values: Float64Array, factor: number): Float64Array {
  for (let i = 0; i < values.length; i++) values[i]! *= factor;
  return values;
}
