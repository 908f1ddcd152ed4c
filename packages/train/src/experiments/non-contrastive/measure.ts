/** The order parameters of a non-contrastive model at one moment of training. */
import { multiply, zeros, type Mat } from './matrix.ts';
import type { LinearWeights } from './objective.ts';
import { countModes, eigenspaceAlignment, symmetricEigen } from './spectra.ts';

/** The initial largest eigenvalues that mode counts are relative to. */
export interface ModeReference {
  /** Of W W^T. */
  readonly encoderTop: number;
  /** Of the online correlation F = W (C + sigma^2 I) W^T. */
  readonly correlationTop: number;
}

export interface ModeSettings {
  readonly variances: readonly number[];
  readonly noiseVariance: number;
  readonly relativeThreshold: number;
}

export interface ModeMeasures {
  readonly surviving_modes: number;
  readonly surviving_modes_correlation: number;
  readonly alignment: number;
}

/** Both spectra of an encoder; F uses the known input covariance, not a sample estimate. */
function spectra(online: Mat, settings: ModeSettings) {
  const gram = multiply(online, online, false, true);
  const weighted = zeros(online.rows, online.cols);
  for (let i = 0; i < online.rows; i++) {
    for (let j = 0; j < online.cols; j++) {
      const index = i * online.cols + j;
      const variance = settings.variances[j]! + settings.noiseVariance;
      weighted.data[index] = online.data[index]! * variance;
    }
  }
  const correlation = multiply(weighted, online, false, true);
  return { encoder: symmetricEigen(gram), correlation: symmetricEigen(correlation) };
}

/** The largest eigenvalues of the initial encoder, for the counts' thresholds. */
export function modeReference(online: Mat, settings: ModeSettings): ModeReference {
  const { encoder, correlation } = spectra(online, settings);
  return { encoderTop: encoder.values[0]!, correlationTop: correlation.values[0]! };
}

export function measureModes(
  weights: LinearWeights,
  reference: ModeReference,
  settings: ModeSettings,
): ModeMeasures {
  const { encoder, correlation } = spectra(weights.online, settings);
  const threshold = settings.relativeThreshold;
  return {
    surviving_modes: countModes(encoder.values, reference.encoderTop, threshold),
    surviving_modes_correlation: countModes(correlation.values, reference.correlationTop,
      threshold),
    alignment: eigenspaceAlignment(weights.predictor, correlation.vectors),
  };
}
