/**
 * Trains one identifiability cell: fresh latent pairs every step, observations through the
 * seed's fixed generator, the encoder trained with InfoNCE, then the recovery scores.
 */
import { Random } from '@phasegrid/core';
import type { RunOptions, RunResult } from '@phasegrid/core';
import * as tf from '@tensorflow/tfjs';
import { Optimizer } from '../../optimizers/optimizer.ts';
import { CurveRecorder } from '../curve-recorder.ts';
import { divergedResult, elapsedSeconds } from '../shared/run-result.ts';
import type { IdentifiabilityConfig } from './definition.ts';
import {
  disposeEncoder,
  encode,
  encodeToArray,
  encoderGradients,
  initialEncoder,
  type EncoderLayer,
} from './encoder.ts';
import { generate, generateTensor, generatorTensors, makeGenerator } from './generator.ts';
import { sampleLatentPairs, sampleMarginal } from './latent-space.ts';
import { contrastiveObjective } from './objective.ts';
import { heldOutR2, meanCorrelationCoefficient, type Samples } from './recovery-scores.ts';

/** Runs one cell; the seed fixes the generator, the initial encoder and every sample. */
export async function runIdentifiability(
  config: IdentifiabilityConfig,
  seed: number,
  options: RunOptions,
): Promise<RunResult> {
  const startMs = performance.now();
  const { latent, training, evaluation } = config;
  const generator = makeGenerator(seed, latent.dim, config.generator.candidateDraws,
    config.generator.negativeSlope);
  const probe = makeProbe(config, generator, seed);
  const dataRng = new Random(seed, 'identifiability/data');
  const generatorLayers = generatorTensors(generator);
  const widths = [latent.dim, ...config.encoder.hiddenWidths, latent.dim];
  let layers = initialEncoder(seed, widths, config.encoder.hasBias, config.encoder.init);
  const optimizers = layers.map((layer) => ({
    weights: new Optimizer(config.optimizer, training.steps),
    bias: layer.bias ? new Optimizer(config.optimizer, training.steps) : undefined,
  }));
  const curve = new CurveRecorder(['r2', 'mcc', 'loss']);

  try {
    for (let step = 0; step < training.steps; step++) {
      options.signal?.throwIfAborted();
      const isEvaluationStep = step % evaluation.everySteps === 0;
      const { gradients, loss } = gradientStep(config, layers, generatorLayers,
        samplePairs(config, dataRng), isEvaluationStep);
      if (loss !== undefined) {
        const lossValue = (await loss.data())[0]!;
        loss.dispose();
        if (!Number.isFinite(lossValue)) {
          disposeEncoder(gradients);
          return divergedResult(curve, step, startMs, tf.getBackend());
        }
        curve.add(step, { loss: lossValue, ...probe.score(layers) });
      }

      const updated = layers.map((layer, l) => ({
        weights: optimizers[l]!.weights.apply(layer.weights, gradients[l]!.weights),
        ...(layer.bias
          ? { bias: optimizers[l]!.bias!.apply(layer.bias, gradients[l]!.bias!) }
          : {}),
      }));
      disposeEncoder(gradients);
      disposeEncoder(layers);
      layers = updated;
    }

    const finalLoss = lossAt(config, layers, generatorLayers, samplePairs(config, dataRng));
    const scores = probe.score(layers);
    if (!Number.isFinite(finalLoss) || !Number.isFinite(scores.r2)) {
      return divergedResult(curve, training.steps, startMs, tf.getBackend());
    }
    curve.add(training.steps, { loss: finalLoss, ...scores });
    return {
      outcome: 'finished',
      orderParameters: { ...scores, ...probe.baseline, loss: finalLoss },
      curve: curve.toCurve(),
      steps: training.steps,
      seconds: elapsedSeconds(startMs),
      backend: tf.getBackend(),
    };
  } finally {
    disposeEncoder(layers);
    tf.dispose(generatorLayers);
    for (const optimizer of optimizers) {
      optimizer.weights.dispose();
      optimizer.bias?.dispose();
    }
  }
}

/** `tau` as the objective asks: `matched` is 1/kappa under a vMF conditional, else 1. */
export function resolveTemperature(config: IdentifiabilityConfig): number {
  const { temperature } = config.objective;
  if (temperature !== 'matched') return temperature;
  const { latent } = config;
  return latent.kind === 'sphere' && latent.conditional.kind === 'vmf'
    ? 1 / latent.conditional.concentration
    : 1;
}

/** Latents of a batch of pairs: anchors' rows, then positives' rows. */
function samplePairs(config: IdentifiabilityConfig, rng: Random): Float32Array {
  const batchSize = config.training.batchSize;
  const pairs = sampleLatentPairs(config.latent, rng, batchSize);
  const stacked = new Float32Array(2 * batchSize * config.latent.dim);
  stacked.set(pairs.anchors.values, 0);
  stacked.set(pairs.positives.values, batchSize * config.latent.dim);
  return stacked;
}

interface GradientStep {
  readonly gradients: EncoderLayer[];
  readonly loss?: tf.Scalar;
}

function gradientStep(
  config: IdentifiabilityConfig,
  layers: readonly EncoderLayer[],
  generatorLayers: readonly tf.Tensor2D[],
  latents: Float32Array,
  wantsLoss: boolean,
): GradientStep {
  const slope = config.encoder.negativeSlope;
  return tf.tidy(() => {
    const inputs = generateTensor(generatorLayers,
      tf.tensor2d(latents, [2 * config.training.batchSize, config.latent.dim]),
      config.generator.negativeSlope);
    const forward = encode(layers, inputs, slope);
    const objective = contrastiveObjective(config.objective, resolveTemperature(config),
      forward.output, wantsLoss);
    const gradients = encoderGradients(layers, forward, objective.outputGradient, slope);
    return objective.loss ? { gradients, loss: objective.loss } : { gradients };
  });
}

/** The loss of the final encoder on one more fresh batch (no update). */
function lossAt(
  config: IdentifiabilityConfig,
  layers: readonly EncoderLayer[],
  generatorLayers: readonly tf.Tensor2D[],
  latents: Float32Array,
): number {
  const { gradients, loss } = gradientStep(config, layers, generatorLayers, latents, true);
  disposeEncoder(gradients);
  const value = loss!.dataSync()[0]!;
  loss!.dispose();
  return value;
}

interface Probe {
  /** The generator's own scores: the baseline an encoder must beat. */
  readonly baseline: { readonly generator_r2: number; readonly generator_mcc: number };
  score(layers: readonly EncoderLayer[]): { r2: number; mcc: number };
}

/** Held-out latents from the marginal, one set to fit the regression and one to score it. */
function makeProbe(
  config: IdentifiabilityConfig,
  generator: ReturnType<typeof makeGenerator>,
  seed: number,
): Probe {
  const { dim } = config.latent;
  const count = config.evaluation.probeSamples;
  const rng = new Random(seed, 'identifiability/probe');
  const fitLatents = sampleMarginal(config.latent, rng, count);
  const testLatents = sampleMarginal(config.latent, rng, count);
  const asSamples = (latents: typeof fitLatents): Samples =>
    ({ rows: count, cols: dim, data: latents.values });
  const fitZ = asSamples(fitLatents);
  const testZ = asSamples(testLatents);
  const fitX: Samples = { rows: count, cols: dim, data: generate(generator, fitLatents) };
  const testX: Samples = { rows: count, cols: dim, data: generate(generator, testLatents) };

  return {
    baseline: {
      generator_r2: heldOutR2(fitX, fitZ, testX, testZ),
      generator_mcc: meanCorrelationCoefficient(testX, testZ),
    },
    score: (layers) => {
      const slope = config.encoder.negativeSlope;
      const fitF: Samples = { rows: count, cols: dim,
        data: encodeToArray(layers, fitX.data as Float32Array, count, slope) };
      const testF: Samples = { rows: count, cols: dim,
        data: encodeToArray(layers, testX.data as Float32Array, count, slope) };
      // With dot logits the encoder's output is its normalised output: score that.
      if (config.objective.logits === 'dot') {
        normaliseRows(fitF.data, dim);
        normaliseRows(testF.data, dim);
      }
      return {
        r2: heldOutR2(fitF, fitZ, testF, testZ),
        mcc: meanCorrelationCoefficient(testF, testZ),
      };
    },
  };
}

function normaliseRows(values: Float32Array | Float64Array, dim: number): void {
  for (let start = 0; start < values.length; start += dim) {
    const row = values.subarray(start, start + dim);
    const inverse = 1 / Math.hypot(...row);
    for (let i = 0; i < dim; i++) row[i]! *= inverse;
  }
}
