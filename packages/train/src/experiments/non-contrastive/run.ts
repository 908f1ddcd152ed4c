/**
 * Trains one non-contrastive cell: a linear online encoder, a predictor (trained, DirectPred or
 * none) and a target (EMA or the encoder itself), on Gaussian inputs with two noisy views.
 * Plain Float64Array math rather than tensors: see `matrix.ts`.
 */
import { Random, randomOrthonormalColumns } from '@phasegrid/core';
import type { RunOptions, RunResult } from '@phasegrid/core';
import { CurveRecorder } from '../curve-recorder.ts';
import { inputVariances, type NonContrastiveConfig } from './config.ts';
import {
  addScaled, copy, identity, isFiniteMatrix, multiply, zeros, type Mat,
} from './matrix.ts';
import {
  objectiveGradient, squaredFromMoments, viewMoments, type LinearWeights, type ViewBatch,
  type ViewMoments,
} from './objective.ts';
import { sampleViewMoments } from './wishart.ts';
import { measureModes, modeReference, type ModeSettings } from './measure.ts';
import { directPredPredictor } from './spectra.ts';
import { PLAIN_JAVASCRIPT_BACKEND } from '../shared/run-result.ts';

const CURVE_NAMES = ['surviving_modes', 'surviving_modes_correlation', 'alignment', 'loss'];

/** Runs one cell; the seed fixes the initial weights and every sample. */
export async function runNonContrastive(
  config: NonContrastiveConfig,
  seed: number,
  options: RunOptions,
): Promise<RunResult> {
  const startMs = performance.now();
  const { training, evaluation, optimizer, target, predictor } = config;
  const variances = inputVariances(config);
  const dataRng = new Random(seed, 'non-contrastive/data');
  const initRng = new Random(seed, `non-contrastive/init/${config.data.dim}`);
  const curve = new CurveRecorder(CURVE_NAMES);

  const online = training.init === 'orthogonal'
    ? orthogonalMatrix(initRng, config.data.dim, training.initScale)
    : gaussianMatrix(initRng, config.data.dim, training.initScale);
  let weights: LinearWeights = {
    online,
    predictor: initialPredictor(config, initRng),
    target: target.kind === 'ema' ? copy(online) : online,
  };
  const settings: ModeSettings = { variances, noiseVariance: config.views.noiseVariance,
    relativeThreshold: evaluation.relativeThreshold };
  const reference = modeReference(weights.online, settings);
  const isTargetTrained = target.kind === 'online' && !target.stopGradient;
  let correlation: Mat | undefined;

  for (let step = 0; step < training.steps; step++) {
    options.signal?.throwIfAborted();
    const batch = drawBatch(config, variances, dataRng, training.batchSize);
    if (predictor.kind === 'directpred') {
      correlation = updateCorrelation(correlation, weights.online, batch.moments!,
        predictor.correlationDecay);
      // A diverging encoder makes F non-finite, which the eigendecomposition cannot take.
      if (!isFiniteMatrix(correlation)) return divergedResult(curve, step, startMs, options);
      const formula = predictor.formula === 'auto'
        ? (config.loss === 'cosine' ? 'official' : 'unnormalised')
        : predictor.formula;
      weights = { ...weights,
        predictor: directPredPredictor(correlation, formula, predictor.epsilon) };
    }

    const gradient = batch.views
      ? objectiveGradient(config.loss, weights, batch.views, isTargetTrained)
      : squaredFromMoments(weights, batch.moments!, isTargetTrained);
    if (!Number.isFinite(gradient.loss)) return divergedResult(curve, step, startMs, options);
    if (step % evaluation.everySteps === 0) {
      curve.add(step, { ...measureModes(weights, reference, settings), loss: gradient.loss });
    }

    const rate = optimizer.learningRate;
    const decay = optimizer.weightDecay;
    addScaled(weights.online, addScaled(gradient.online, weights.online, decay), -rate);
    if (predictor.kind === 'trained') {
      addScaled(weights.predictor, addScaled(gradient.predictor, weights.predictor, decay), -rate);
    }
    if (target.kind === 'ema') {
      const targetData = weights.target.data;
      for (let i = 0; i < targetData.length; i++) {
        targetData[i] = target.rate * targetData[i]! + (1 - target.rate) * weights.online.data[i]!;
      }
    }
  }

  if (!isFiniteMatrix(weights.online) || !isFiniteMatrix(weights.predictor)) {
    return divergedResult(curve, training.steps, startMs, options);
  }
  const finalBatch = drawBatch(config, variances, dataRng, evaluation.lossSamples);
  const finalLoss = finalBatch.views
    ? objectiveGradient(config.loss, weights, finalBatch.views, false).loss
    : squaredFromMoments(weights, finalBatch.moments!, false).loss;
  const modes = measureModes(weights, reference, settings);
  curve.add(training.steps, { ...modes, loss: finalLoss });

  return {
    outcome: 'finished',
    orderParameters: { ...modes, loss: finalLoss },
    curve: curve.toCurve(),
    steps: training.steps,
    seconds: elapsedSeconds(startMs),
    backend: PLAIN_JAVASCRIPT_BACKEND,
  };
}

interface Batch {
  /** The samples, when the loss needs them. */
  readonly views?: ViewBatch;
  /** Their second moments, when the loss or DirectPred needs them. */
  readonly moments?: ViewMoments;
}

/**
 * The squared-error loss sees a batch only through its moments, which are drawn directly
 * (`wishart.ts`); the cosine loss needs the samples themselves.
 */
function drawBatch(config: NonContrastiveConfig, variances: readonly number[], rng: Random,
  batchSize: number): Batch {
  const noiseVariance = config.views.noiseVariance;
  if (config.loss === 'squared' && batchSize >= 2 * variances.length) {
    return { moments: sampleViewMoments(rng, variances, noiseVariance, batchSize) };
  }
  const views = sampleViews(rng, variances, noiseVariance, batchSize);
  const needsMoments = config.loss === 'squared' || config.predictor.kind === 'directpred';
  return needsMoments ? { views, moments: viewMoments(views) } : { views };
}

/** DirectPred's running estimate `F <- decay F + (1 - decay) E[f f^T]` over both views. */
function updateCorrelation(previous: Mat | undefined, online: Mat, moments: ViewMoments,
  decay: number): Mat {
  const inputs = addScaled(copy(moments.firstFirst), moments.secondSecond, 1);
  const fresh = scaled(multiply(multiply(online, inputs), online, false, true), 0.5 * (1 - decay));
  return previous ? addScaled(scaled(previous, decay), fresh, 1) : fresh;
}

/** Inputs with the given variances (diagonal covariance) plus independent noise per view. */
function sampleViews(rng: Random, variances: readonly number[], noiseVariance: number,
  batchSize: number): ViewBatch {
  // Diagonal inputs lose nothing: the encoder's start (Haar-orthogonal or Gaussian) is
  // rotation-invariant, so a rotated input basis would only relabel the same dynamics.
  const dim = variances.length;
  const first = new Float64Array(batchSize * dim);
  const second = new Float64Array(batchSize * dim);
  const scales = variances.map(Math.sqrt);
  const noiseScale = Math.sqrt(noiseVariance);
  for (let n = 0; n < batchSize; n++) {
    for (let i = 0; i < dim; i++) {
      const clean = scales[i]! * rng.normal();
      first[n * dim + i] = clean + noiseScale * rng.normal();
      second[n * dim + i] = clean + noiseScale * rng.normal();
    }
  }
  return { first, second, batchSize, dim };
}

/** A trained predictor's start; the identity stands in for DirectPred until its first step. */
function initialPredictor(config: NonContrastiveConfig, rng: Random): Mat {
  const { predictor, data, training } = config;
  if (predictor.kind !== 'trained' || predictor.init === 'identity') return identity(data.dim);
  return predictor.init === 'gaussian'
    ? gaussianMatrix(rng, data.dim, training.initScale)
    : zeros(data.dim, data.dim);
}

function gaussianMatrix(rng: Random, size: number, scale: number): Mat {
  const out = zeros(size, size);
  rng.fillNormal(out.data, scale / Math.sqrt(size));
  return out;
}

/**
 * A Haar-random orthogonal matrix times `scale`: every singular value equals `scale` (to the
 * float32 precision of the core helper, ample for a starting point).
 */
function orthogonalMatrix(rng: Random, size: number, scale: number): Mat {
  const columns = randomOrthonormalColumns(rng, size, size);
  return { rows: size, cols: size, data: Float64Array.from(columns.data, (v) => v * scale) };
}

function scaled(a: Mat, factor: number): Mat {
  const out = copy(a);
  for (let i = 0; i < out.data.length; i++) out.data[i]! *= factor;
  return out;
}

function divergedResult(curve: CurveRecorder, divergedAtStep: number, startMs: number,
  options: RunOptions): RunResult {
  return {
    outcome: 'diverged',
    orderParameters: {},
    curve: curve.toCurve(),
    steps: divergedAtStep,
    seconds: elapsedSeconds(startMs),
    backend: PLAIN_JAVASCRIPT_BACKEND,
    divergedAtStep,
  };
}

/** Wall time since `startMs`, to the millisecond (finer digits are timer noise). */
function elapsedSeconds(startMs: number): number {
  return Math.round(performance.now() - startMs) / 1000;
}
