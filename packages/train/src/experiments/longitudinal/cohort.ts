/**
 * The synthetic longitudinal cohort: subjects with a fixed identity and an age that grows
 * between two visits, observed through a fixed random nonlinear map plus noise.
 */
import { Random } from '@phasegrid/core';
import type { LongitudinalDataConfig } from './config.ts';

/**
 * The fixed map from a visit's latent `l = (u, ageEffect a)` to its clean observation:
 * `mixingLayers` tanh layers `h <- tanh(A h + c)` then a linear read-out `B h`. Every `A` has
 * entries `N(0, mixingGain^2 / fanIn)`, so pre-activations have standard deviation
 * `mixingGain` when every input does; `c ~ N(0, 1/4)` breaks tanh's odd symmetry; `B` has
 * entries `N(0, 1/mixingWidth)`.
 */
export interface MixingMap {
  readonly latentDim: number;
  readonly width: number;
  readonly observationDim: number;
  /** Per hidden layer: `width x fanIn` row-major weights and `width` offsets. */
  readonly hiddenLayers: ReadonlyArray<{ readonly weights: Float64Array;
    readonly offsets: Float64Array; readonly fanIn: number }>;
  /** `observationDim x width`, row-major. */
  readonly outer: Float64Array;
}

/** Both visits of a group of subjects; row `i` of `earlier` and `later` is subject `i`. */
export interface VisitPairs {
  readonly numSubjects: number;
  readonly observationDim: number;
  /** `numSubjects x observationDim`, row-major: the first visit. */
  readonly earlier: Float64Array;
  /** The second visit, at age `laterAges[i] = earlierAges[i] + gap_i`. */
  readonly later: Float64Array;
  readonly earlierAges: Float64Array;
  readonly laterAges: Float64Array;
  /** `numSubjects x identityDim`, row-major: each subject's identity, shared by its visits. */
  readonly identities: Float64Array;
}

/** The mixing map, training subjects and held-out subjects of one seed. */
export interface Cohort {
  readonly map: MixingMap;
  readonly train: VisitPairs;
  readonly heldOut: VisitPairs;
}

/**
 * Draws the cohort of `seed`. Each part has its own named substream, so the map, the subjects'
 * latents and the noise of a seed are the same in every cell whatever `ageEffect` is (common
 * random numbers: cells of a diagram differ only by their settings), and the held-out subjects
 * do not change when `trainSubjects` does.
 */
export function drawCohort(config: LongitudinalDataConfig, seed: number): Cohort {
  const map = drawMixingMap(config, new Random(seed, 'longitudinal/mixing-map'));
  return {
    map,
    train: drawVisitPairs(config, map, config.trainSubjects,
      new Random(seed, 'longitudinal/train-subjects')),
    heldOut: drawVisitPairs(config, map, config.heldOutSubjects,
      new Random(seed, 'longitudinal/held-out-subjects')),
  };
}

/** A fresh random mixing map for `identityDim + 1` latents. */
export function drawMixingMap(config: LongitudinalDataConfig, rng: Random): MixingMap {
  const latentDim = config.identityDim + 1;
  const width = config.mixingWidth;
  const hiddenLayers = [];
  for (let layer = 0; layer < config.mixingLayers; layer++) {
    const fanIn = layer === 0 ? latentDim : width;
    hiddenLayers.push({
      fanIn,
      weights: rng.fillNormal(new Float64Array(width * fanIn),
        config.mixingGain / Math.sqrt(fanIn)),
      offsets: rng.fillNormal(new Float64Array(width), 0.5),
    });
  }
  return {
    latentDim,
    width,
    observationDim: config.observationDim,
    hiddenLayers,
    outer: rng.fillNormal(new Float64Array(config.observationDim * width), 1 / Math.sqrt(width)),
  };
}

/**
 * `numSubjects` subjects and their two noisy visits. Latents are drawn before any noise, so
 * the subjects of a stream do not depend on the noise level.
 */
export function drawVisitPairs(config: LongitudinalDataConfig, map: MixingMap,
  numSubjects: number, rng: Random): VisitPairs {
  const { identityDim, observationDim, minGap, maxGap } = config;
  const identities = rng.fillNormal(new Float64Array(numSubjects * identityDim));
  const earlierAges = rng.fillNormal(new Float64Array(numSubjects));
  const laterAges = new Float64Array(numSubjects);
  for (let i = 0; i < numSubjects; i++) {
    laterAges[i] = earlierAges[i]! + minGap + (maxGap - minGap) * rng.uniform();
  }

  const earlier = new Float64Array(numSubjects * observationDim);
  const later = new Float64Array(numSubjects * observationDim);
  const latent = new Float64Array(map.latentDim);
  for (let i = 0; i < numSubjects; i++) {
    latent.set(identities.subarray(i * identityDim, (i + 1) * identityDim));
    latent[identityDim] = config.ageEffect * earlierAges[i]!;
    mixInto(map, latent, earlier.subarray(i * observationDim, (i + 1) * observationDim));
    latent[identityDim] = config.ageEffect * laterAges[i]!;
    mixInto(map, latent, later.subarray(i * observationDim, (i + 1) * observationDim));
  }
  addNoise(earlier, config.observationNoise, rng);
  addNoise(later, config.observationNoise, rng);
  return { numSubjects, observationDim, earlier, later, earlierAges, laterAges, identities };
}

/** Writes the clean observation of one visit's latent into `out`. */
export function mixInto(map: MixingMap, latent: Float64Array, out: Float64Array): void {
  let input = latent;
  for (const layer of map.hiddenLayers) {
    const hidden = new Float64Array(map.width);
    for (let h = 0; h < map.width; h++) {
      let sum = layer.offsets[h]!;
      for (let j = 0; j < layer.fanIn; j++) sum += layer.weights[h * layer.fanIn + j]! * input[j]!;
      hidden[h] = Math.tanh(sum);
    }
    input = hidden;
  }
  for (let o = 0; o < map.observationDim; o++) {
    let sum = 0;
    for (let h = 0; h < map.width; h++) sum += map.outer[o * map.width + h]! * input[h]!;
    out[o] = sum;
  }
}

function addNoise(values: Float64Array, std: number, rng: Random): void {
  for (let i = 0; i < values.length; i++) values[i]! += std * rng.normal();
}
