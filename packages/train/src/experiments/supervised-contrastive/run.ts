/**
 * Trains one supervised-contrastive cell: fresh labelled samples every step, two views, the
 * thresholded symmetric-ReLU encoder, the configured objective, then the order parameters.
 */
import { LabelledSparseCodingModel, Random, type DenseMatrix } from '@phasegrid/core';
import type { RunOptions, RunResult } from '@phasegrid/core';
import { makeViews } from '@phasegrid/augment';
import * as tf from '@tensorflow/tfjs';
import { Optimizer } from '../../optimizers/optimizer.ts';
import { measureDictionaryAlignment } from '../../order-parameters/dictionary-alignment.ts';
import { CurveRecorder } from '../curve-recorder.ts';
import { classProbeAccuracy } from './class-probe.ts';
import { COVERAGE_COSINE, type SupervisedContrastiveConfig } from './definition.ts';
import { gradientStep } from './gradient-step.ts';
import { divergedResult, elapsedSeconds } from '../shared/run-result.ts';
import { symmetricReluFeatures } from '../shared/features.ts';
import { normaliseRows, randomUnitRows, toDenseMatrix } from '../shared/weights.ts';

const STREAM = 'supervised-contrastive';

/** Runs one cell; the seed fixes the dictionary, initial weights, data, labels and masks. */
export async function runSupervisedContrastive(
  config: SupervisedContrastiveConfig,
  seed: number,
  options: RunOptions,
): Promise<RunResult> {
  const startMs = performance.now();
  const { data, training, evaluation, encoder } = config;
  const model = new LabelledSparseCodingModel(data, seed);
  const dataRng = new Random(seed, `${STREAM}/data`);
  const viewRng = new Random(seed, `${STREAM}/views`);
  const optimizer = new Optimizer(config.optimizer, training.steps);
  const headOptimizer = new Optimizer(config.optimizer, training.steps);
  const curve = new CurveRecorder(['class_atom_coverage', 'other_atom_coverage',
    'signal_fraction', 'loss']);
  let weights = initialWeights(encoder.width, data.dim, seed);
  // Zero head: the first step's head gradient is already informative, and zeros need no seed.
  let head = config.objective.kind === 'cross-entropy'
    ? tf.zeros([encoder.width + 1, data.classes]) as tf.Tensor2D
    : undefined;

  try {
    for (let step = 0; step < training.steps; step++) {
      options.signal?.throwIfAborted();
      const isEvaluationStep = step % evaluation.everySteps === 0;
      const batch = model.sample(dataRng, training.batchSize);
      const views = makeViews(config.views, batch.x, viewRng);
      const result = gradientStep(config, weights, head, views.first, views.second,
        batch.labels, isEvaluationStep);

      if (result.loss !== undefined) {
        const lossValue = (await result.loss.data())[0]!;
        result.loss.dispose();
        if (!Number.isFinite(lossValue)) {
          result.gradient.dispose();
          result.headGradient?.dispose();
          return divergedResult(curve, step, startMs, tf.getBackend());
        }
        curve.add(step, { loss: lossValue, ...alignmentAt(weights, model) });
      }

      const updated = optimizer.apply(weights, result.gradient);
      result.gradient.dispose();
      weights.dispose();
      weights = training.unitNormRows ? normaliseRows(updated) : updated;
      if (head && result.headGradient) {
        const updatedHead = headOptimizer.apply(head, result.headGradient);
        result.headGradient.dispose();
        head.dispose();
        head = updatedHead;
      }
    }

    if (!toDenseMatrix(weights).data.every(Number.isFinite)) {
      return divergedResult(curve, training.steps, startMs, tf.getBackend());
    }
    const finalLoss = lossAt(config, weights, head, model, dataRng, viewRng);
    const alignment = alignmentAt(weights, model);
    curve.add(training.steps, { loss: finalLoss, ...alignment });
    const probeRng = new Random(seed, `${STREAM}/probe`);

    return {
      outcome: 'finished',
      orderParameters: {
        class_probe_accuracy: probeAt(config, weights, model, probeRng),
        ...alignment,
        loss: finalLoss,
      },
      curve: curve.toCurve(),
      steps: training.steps,
      seconds: elapsedSeconds(startMs),
      backend: tf.getBackend(),
    };
  } finally {
    weights.dispose();
    head?.dispose();
    optimizer.dispose();
    headOptimizer.dispose();
  }
}

/** Coverage of the class atoms and of the others, and the signal fraction over all atoms. */
function alignmentAt(weights: tf.Tensor2D, model: LabelledSparseCodingModel) {
  const rows = toDenseMatrix(weights);
  const all = measureDictionaryAlignment(rows, model.atomRows, COVERAGE_COSINE);
  const classAtoms = measureDictionaryAlignment(rows, model.classAtomRows, COVERAGE_COSINE);
  const otherAtoms = model.otherAtomRows.rows > 0
    ? measureDictionaryAlignment(rows, model.otherAtomRows, COVERAGE_COSINE).coverage
    : 0;
  return {
    class_atom_coverage: classAtoms.coverage,
    other_atom_coverage: otherAtoms,
    signal_fraction: all.signalFraction,
  };
}

/** The loss of the final weights on one more fresh batch (no update). */
function lossAt(
  config: SupervisedContrastiveConfig,
  weights: tf.Tensor2D,
  head: tf.Tensor2D | undefined,
  model: LabelledSparseCodingModel,
  dataRng: Random,
  viewRng: Random,
): number {
  const batch = model.sample(dataRng, config.training.batchSize);
  const views = makeViews(config.views, batch.x, viewRng);
  const result = gradientStep(config, weights, head, views.first, views.second, batch.labels,
    true);
  result.gradient.dispose();
  result.headGradient?.dispose();
  const value = result.loss!.dataSync()[0]!;
  result.loss!.dispose();
  return value;
}

/** Class-probe accuracy of the encoder's outputs on clean held-out samples. */
function probeAt(
  config: SupervisedContrastiveConfig,
  weights: tf.Tensor2D,
  model: LabelledSparseCodingModel,
  rng: Random,
): number {
  const numSamples = config.evaluation.probeSamples;
  const features = (x: Float32Array): DenseMatrix =>
    symmetricReluFeatures(weights, x, config.encoder.thresholdScale);
  const fit = model.sample(rng, numSamples);
  const test = model.sample(rng, numSamples);
  return classProbeAccuracy(features(fit.x), fit.labels, features(test.x), test.labels,
    config.data.classes);
}

/** Unit-norm Gaussian rows from the seed's own initialisation stream. */
function initialWeights(width: number, dim: number, seed: number): tf.Tensor2D {
  return randomUnitRows(new Random(seed, `${STREAM}/init/${width}x${dim}`), width, dim);
}
