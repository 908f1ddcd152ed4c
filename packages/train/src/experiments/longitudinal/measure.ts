/**
 * The family's order parameters on held-out subjects. Which direction each one reads:
 * - `tau`: the learned direction. With `lambda = 0` nothing trains it, so it stays the random
 *   unit vector it started as: a chance-level control, not a baseline.
 * - the mean-difference direction: the normalised mean of `z_t - z_s` over the training pairs,
 *   from the encoder alone (no ages on either side), available for every `lambda`.
 * - the headline direction: `tau` when `lambda > 0`, the mean-difference direction at
 *   `lambda = 0`. `direction_cosine` and `age_correlation` use it, so a diagram compares the
 *   trained direction against the plain autoencoder's best unsupervised guess.
 */
import { ridgeRegression, withInterceptColumn } from '@phasegrid/core';
import type { Autoencoder } from './autoencoder.ts';
import type { Cohort, VisitPairs } from './cohort.ts';
import { pearsonCorrelation } from '../shared/correlation.ts';

/** Ridge penalty of the supervised age probe: only there to keep the solve well posed. */
const PROBE_RIDGE = 1e-6;

/** The order parameters of one trained model, keyed by their column names. */
export interface LongitudinalMeasurement {
  readonly direction_cosine: number;
  readonly age_correlation: number;
  readonly age_correlation_tau: number;
  readonly age_correlation_mean_difference: number;
  readonly age_probe_correlation: number;
  readonly reconstruction_error: number;
}

/** Every order parameter of `model` on `cohort`. */
export function measureModel(model: Autoencoder, cohort: Cohort,
  lambda: number): LongitudinalMeasurement {
  const { heldOut, train } = cohort;
  const trainVisits = stackVisits(train);
  const trainLatents = model.encode(trainVisits.observations, trainVisits.numVisits);
  const meanDifference = meanChangeDirection(trainLatents, train.numSubjects, model.latentDim);
  const headline = lambda > 0 ? model.tau : meanDifference;

  const heldOutVisits = stackVisits(heldOut);
  const outputs = model.forward(heldOutVisits.observations, heldOutVisits.numVisits);
  const latents = outputs[model.latentLayerIndex + 1]!;

  return {
    direction_cosine: meanChangeCosine(latents, heldOut.numSubjects, headline),
    age_correlation: projectionAgeCorrelation(latents, heldOutVisits.ages, headline),
    age_correlation_tau: projectionAgeCorrelation(latents, heldOutVisits.ages, model.tau),
    age_correlation_mean_difference:
      projectionAgeCorrelation(latents, heldOutVisits.ages, meanDifference),
    age_probe_correlation: probeAgeCorrelation(trainLatents, trainVisits.ages, latents,
      heldOutVisits.ages, model.latentDim),
    reconstruction_error: meanSquaredError(outputs.at(-1)!, heldOutVisits.observations),
  };
}

/**
 * The normalised mean of `z_t - z_s` over pairs: the direction in which latents move. The
 * latents are stacked earlier visits first, `numPairs` rows each, `dim` columns.
 */
export function meanChangeDirection(latents: Float64Array, numPairs: number,
  dim: number): Float64Array {
  const mean = new Float64Array(dim);
  const laterStart = numPairs * dim;
  for (let i = 0; i < laterStart; i++) mean[i % dim]! += latents[laterStart + i]! - latents[i]!;
  const norm = Math.hypot(...mean);
  // Latents that never move have no direction; zeros make every correlation 0.
  if (norm > 0) for (let k = 0; k < dim; k++) mean[k]! /= norm;
  return mean;
}

/**
 * Mean of `cos(z_t - z_s, direction)` over pairs, with latents stacked earlier visits first
 * (`numPairs` rows each) and `direction` of unit length.
 */
export function meanChangeCosine(latents: Float64Array, numPairs: number,
  direction: Float64Array): number {
  const dim = direction.length;
  let sum = 0;
  for (let i = 0; i < numPairs; i++) {
    let dot = 0;
    let squaredNorm = 0;
    for (let k = 0; k < dim; k++) {
      const change = latents[(numPairs + i) * dim + k]! - latents[i * dim + k]!;
      dot += change * direction[k]!;
      squaredNorm += change * change;
    }
    sum += squaredNorm > 0 ? dot / Math.sqrt(squaredNorm) : 0;
  }
  return sum / numPairs;
}

/** `|corr(z^T direction, age)|` over the rows of `latents`; 0 when either is constant. */
export function projectionAgeCorrelation(latents: Float64Array, ages: Float64Array,
  direction: Float64Array): number {
  const dim = direction.length;
  const projections = new Float64Array(ages.length);
  for (let n = 0; n < ages.length; n++) {
    let dot = 0;
    for (let k = 0; k < dim; k++) dot += latents[n * dim + k]! * direction[k]!;
    projections[n] = dot;
  }
  return Math.abs(pearsonCorrelation(projections, ages));
}

/** Both visits of every subject as one batch, earlier visits first, with their ages. */
function stackVisits(pairs: VisitPairs): {
  observations: Float64Array; ages: Float64Array; numVisits: number;
} {
  const observations = new Float64Array(2 * pairs.earlier.length);
  observations.set(pairs.earlier);
  observations.set(pairs.later, pairs.earlier.length);
  const ages = new Float64Array(2 * pairs.numSubjects);
  ages.set(pairs.earlierAges);
  ages.set(pairs.laterAges, pairs.numSubjects);
  return { observations, ages, numVisits: 2 * pairs.numSubjects };
}

/**
 * The supervised ceiling: a linear readout of age from all of z (with intercept), fitted on
 * the training visits and their ages, correlated with the ages of the held-out visits. It
 * shows how much age the latents hold, whichever direction it lies in.
 */
function probeAgeCorrelation(trainLatents: Float64Array, trainAges: Float64Array,
  testLatents: Float64Array, testAges: Float64Array, dim: number): number {
  const design = withInterceptColumn({ rows: trainAges.length, cols: dim,
    data: Float32Array.from(trainLatents) });
  const target = { rows: trainAges.length, cols: 1, data: Float32Array.from(trainAges) };
  const coefficients = ridgeRegression(design, target, PROBE_RIDGE).data;
  const predictions = new Float64Array(testAges.length);
  for (let n = 0; n < testAges.length; n++) {
    let sum = coefficients[dim]!;
    for (let k = 0; k < dim; k++) sum += testLatents[n * dim + k]! * coefficients[k]!;
    predictions[n] = sum;
  }
  return pearsonCorrelation(predictions, testAges);
}

function meanSquaredError(reconstructed: Float64Array, observations: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < observations.length; i++) {
    sum += (reconstructed[i]! - observations[i]!) ** 2;
  }
  return sum / observations.length;
}
