/**
 * Trains one longitudinal cell: an MLP autoencoder on pairs of visits of one subject, with the
 * direction term weighted by `lambda`, in plain Float64Array math (see `dense-kernels.ts`).
 */
import { Random } from '@phasegrid/core';
import type { RunOptions, RunResult } from '@phasegrid/core';
import { FlatOptimizer } from '../../optimizers/flat-optimizer.ts';
import { CurveRecorder } from '../curve-recorder.ts';
import { divergedResult, elapsedSeconds, PLAIN_JAVASCRIPT_BACKEND } from '../shared/run-result.ts';
import { Autoencoder } from './autoencoder.ts';
import { drawCohort, type VisitPairs } from './cohort.ts';
import type { LongitudinalConfig } from './config.ts';
import { measureModel } from './measure.ts';
import { evaluateObjective } from './objective.ts';

const CURVE_NAMES = ['direction_cosine', 'age_correlation', 'reconstruction_error', 'loss'];

/**
 * Runs one cell; the seed fixes the mixing map and the subjects' latents (the same in every
 * cell of that seed), the observation noise, the initial weights and the batches.
 * @example
 *   const result = await runLongitudinal(longitudinalConfigSchema.parse({}), 0,
 *     { backend: 'none' });
 */
export async function runLongitudinal(
  config: LongitudinalConfig,
  seed: number,
  options: RunOptions,
): Promise<RunResult> {
  const startMs = performance.now();
  const { training, evaluation, objective } = config;
  const cohort = drawCohort(config.data, seed);
  const model = Autoencoder.create(config.model, config.data.observationDim,
    new Random(seed, 'longitudinal/init'));
  const batchRng = new Random(seed, 'longitudinal/batches');
  const isDecayed = Uint8Array.from(model.parameters, (_, i) => (model.isWeight(i) ? 1 : 0));
  const optimizer = new FlatOptimizer(config.optimizer, model.parameters.length,
    training.steps, isDecayed);
  const gradient = new Float64Array(model.parameters.length);
  const curve = new CurveRecorder(CURVE_NAMES);

  let lastLoss = Number.NaN;
  for (let step = 0; step < training.steps; step++) {
    options.signal?.throwIfAborted();
    const batch = drawBatch(cohort.train, training.batchPairs, batchRng);
    const value = evaluateObjective(model, batch.earlier, batch.later, training.batchPairs,
      objective.lambda, gradient);
    if (!Number.isFinite(value.total)) {
      return divergedResult(curve, step, startMs, PLAIN_JAVASCRIPT_BACKEND);
    }
    if (step % evaluation.everySteps === 0) {
      curve.add(step, { ...measureModel(model, cohort, objective.lambda), loss: value.total });
    }
    if (!applyStep(model, optimizer, gradient)) {
      return divergedResult(curve, step + 1, startMs, PLAIN_JAVASCRIPT_BACKEND);
    }
    lastLoss = value.total;
  }

  if (!model.parameters.every(Number.isFinite)) {
    return divergedResult(curve, training.steps, startMs, PLAIN_JAVASCRIPT_BACKEND);
  }
  const measured = measureModel(model, cohort, objective.lambda);
  curve.add(training.steps, { ...measured, loss: lastLoss });
  return {
    outcome: 'finished',
    orderParameters: { ...measured, loss: lastLoss },
    curve: curve.toCurve(),
    steps: training.steps,
    seconds: elapsedSeconds(startMs),
    backend: PLAIN_JAVASCRIPT_BACKEND,
  };
}

/**
 * One optimiser step from `gradient`, then `tau` back to unit length so it stays a direction.
 * @returns false when the step stopped being finite (see `FlatOptimizer.apply`).
 */
export function applyStep(model: Autoencoder, optimizer: FlatOptimizer,
  gradient: Float64Array): boolean {
  const isFinite = optimizer.apply(model.parameters, gradient);
  model.normaliseTau();
  return isFinite;
}

/** `numPairs` training subjects drawn with replacement, both visits of each. */
function drawBatch(train: VisitPairs, numPairs: number, rng: Random): {
  earlier: Float64Array; later: Float64Array;
} {
  const dim = train.observationDim;
  const earlier = new Float64Array(numPairs * dim);
  const later = new Float64Array(numPairs * dim);
  for (let i = 0; i < numPairs; i++) {
    const subject = rng.integer(train.numSubjects);
    earlier.set(train.earlier.subarray(subject * dim, (subject + 1) * dim), i * dim);
    later.set(train.later.subarray(subject * dim, (subject + 1) * dim), i * dim);
  }
  return { earlier, later };
}
