/**
 * Trains one sparse-coding cell: fresh samples every step, two views, the thresholded
 * symmetric-ReLU encoder, InfoNCE, then the order parameters.
 */
import { Random, SparseCodingModel, type DenseMatrix } from '@phasegrid/core';
import type { RunOptions, RunResult } from '@phasegrid/core';
import { encodeSymmetricRelu, symmetricReluWeightGradient } from '@phasegrid/core/nn';
import { makeViews } from '@phasegrid/augment';
import * as tf from '@tensorflow/tfjs';
import { infoNce } from '../../objectives/info-nce.ts';
import { Optimizer } from '../../optimizers/optimizer.ts';
import { measureDictionaryAlignment } from '../../order-parameters/dictionary-alignment.ts';
import { ternaryProbeAccuracy } from '../../order-parameters/linear-probe.ts';
import { CurveRecorder } from '../curve-recorder.ts';
import { COVERAGE_COSINE, type SparseCodingConfig } from './definition.ts';
import { divergedResult, elapsedSeconds } from '../shared/run-result.ts';
import { symmetricReluFeatures } from '../shared/features.ts';
import { normaliseRows, randomUnitRows, toDenseMatrix } from '../shared/weights.ts';

/** Runs one cell; the seed fixes the dictionary, initial weights, data and view masks. */
export async function runSparseCoding(
  config: SparseCodingConfig,
  seed: number,
  options: RunOptions,
): Promise<RunResult> {
  const startMs = performance.now();
  const { data, training, evaluation, encoder } = config;
  const model = new SparseCodingModel(data, seed);
  const dataRng = new Random(seed, 'sparse-coding/data');
  const viewRng = new Random(seed, 'sparse-coding/views');
  const optimizer = new Optimizer(config.optimizer, training.steps);
  const curve = new CurveRecorder(['coverage', 'coverage_at_cosine', 'signal_fraction',
    'mean_best_cosine', 'loss']);
  let weights = initialWeights(encoder.width, data.dim, seed);
  let divergedAtStep: number | undefined;

  try {
    for (let step = 0; step < training.steps; step++) {
      options.signal?.throwIfAborted();
      const isEvaluationStep = step % evaluation.everySteps === 0;
      const batch = model.sample(dataRng, training.batchSize);
      const views = makeViews(config.views, batch.x, viewRng);

      const { gradient, loss } = gradientStep(config, weights, views.first, views.second,
        isEvaluationStep);
      if (loss !== undefined) {
        const lossValue = (await loss.data())[0]!;
        loss.dispose();
        if (!Number.isFinite(lossValue)) {
          gradient.dispose();
          divergedAtStep = step;
          break;
        }
        curve.add(step, { loss: lossValue, ...alignmentAt(config, weights, model.atomRows) });
      }

      const updated = optimizer.apply(weights, gradient);
      gradient.dispose();
      weights.dispose();
      weights = training.unitNormRows ? normaliseRows(updated) : updated;
    }

    const finalWeights = toDenseMatrix(weights);
    if (divergedAtStep === undefined && !finalWeights.data.every(Number.isFinite)) {
      divergedAtStep = training.steps;
    }
    if (divergedAtStep !== undefined) {
      return divergedResult(curve, divergedAtStep, startMs, tf.getBackend());
    }

    const finalLoss = lossAt(config, weights, model, dataRng, viewRng);
    const alignment = alignmentAt(config, weights, model.atomRows);
    curve.add(training.steps, { loss: finalLoss, ...alignment });
    const probeAccuracy = probeAt(config, weights, model, new Random(seed, 'sparse-coding/probe'));

    return {
      outcome: 'finished',
      orderParameters: {
        ...alignment,
        probe_accuracy: probeAccuracy,
        learning_time: curve.firstStepReaching('coverage', evaluation.learnedCoverage),
        loss: finalLoss,
      },
      curve: curve.toCurve(),
      steps: training.steps,
      seconds: elapsedSeconds(startMs),
      backend: tf.getBackend(),
    };
  } finally {
    weights.dispose();
    optimizer.dispose();
  }
}

interface GradientStep {
  readonly gradient: tf.Tensor2D;
  readonly loss?: tf.Scalar;
}

/** Both views go through the encoder as one stacked batch, with thresholds per view. */
function gradientStep(
  config: SparseCodingConfig,
  weights: tf.Tensor2D,
  first: Float32Array,
  second: Float32Array,
  wantsLoss: boolean,
): GradientStep {
  const batchSize = config.training.batchSize;
  const dim = config.data.dim;
  const stackedViews = new Float32Array(2 * batchSize * dim);
  stackedViews.set(first, 0);
  stackedViews.set(second, batchSize * dim);

  return tf.tidy(() => {
    const inputs = tf.tensor2d(stackedViews, [2 * batchSize, dim]);
    const forward = encodeSymmetricRelu(inputs, tf.transpose(weights),
      config.encoder.thresholdScale, 2);
    const objective = infoNce(config.objective, forward.output, wantsLoss);
    const outputGradient = objective.outputGradient;
    const gradient = symmetricReluWeightGradient(inputs, forward, outputGradient);
    return objective.loss ? { gradient, loss: objective.loss } : { gradient };
  });
}

function alignmentAt(config: SparseCodingConfig, weights: tf.Tensor2D, atoms: DenseMatrix) {
  const alignment = measureDictionaryAlignment(toDenseMatrix(weights), atoms, COVERAGE_COSINE,
    [config.evaluation.coverageCosine]);
  return {
    coverage: alignment.coverage,
    coverage_at_cosine: alignment.coverageAt[0]!,
    signal_fraction: alignment.signalFraction,
    mean_best_cosine: alignment.meanBestAtomCosine,
  };
}

/** The loss of the final weights on one more fresh batch (no update). */
function lossAt(
  config: SparseCodingConfig,
  weights: tf.Tensor2D,
  model: SparseCodingModel,
  dataRng: Random,
  viewRng: Random,
): number {
  const batch = model.sample(dataRng, config.training.batchSize);
  const views = makeViews(config.views, batch.x, viewRng);
  const { gradient, loss } = gradientStep(config, weights, views.first, views.second, true);
  gradient.dispose();
  const value = loss!.dataSync()[0]!;
  loss!.dispose();
  return value;
}

/** Linear-probe accuracy of the encoder's outputs on clean held-out samples. */
function probeAt(
  config: SparseCodingConfig,
  weights: tf.Tensor2D,
  model: SparseCodingModel,
  rng: Random,
): number {
  const numSamples = config.evaluation.probeSamples;
  const features = (x: Float32Array): DenseMatrix =>
    symmetricReluFeatures(weights, x, config.encoder.thresholdScale);
  const fit = model.sample(rng, numSamples);
  const test = model.sample(rng, numSamples);
  return ternaryProbeAccuracy(features(fit.x), fit.codes, features(test.x), test.codes);
}

/** Unit-norm Gaussian rows from the seed's own initialisation stream. */
function initialWeights(width: number, dim: number, seed: number): tf.Tensor2D {
  return randomUnitRows(new Random(seed, `sparse-coding/init/${width}x${dim}`), width, dim);
}
