import { describe, expect, it } from 'vitest';
import {
  analyticSurvivingModes, geometricVariances, survivalWeightDecay,
} from './analytic.ts';
import { predictNonContrastive } from './config.ts';

describe('geometricVariances', () => {
  it('falls geometrically from the largest to the smallest variance', () => {
    const variances = geometricVariances(3, 1, 0.01);
    expect(variances[0]).toBeCloseTo(1, 12);
    expect(variances[1]).toBeCloseTo(0.1, 12);
    expect(variances[2]).toBeCloseTo(0.01, 12);
  });
});

describe('analyticSurvivingModes', () => {
  it('puts the threshold at d^2 / (4 (d + sigma^2))', () => {
    expect(survivalWeightDecay(1, 0)).toBeCloseTo(0.25, 12);
    expect(survivalWeightDecay(0.5, 0.5)).toBeCloseTo(0.0625, 12);
  });

  it('keeps identity-covariance modes exactly when 4 eta (1 + sigma^2) < 1', () => {
    const identity = [1, 1, 1];
    expect(analyticSurvivingModes(identity, 0.2, 0.1)).toBe(3); // 0.88 < 1
    expect(analyticSurvivingModes(identity, 0.24, 0.1)).toBe(0); // 1.056 > 1
    expect(analyticSurvivingModes(identity, 0.25, 0)).toBe(0); // exactly 1: growth rate zero
  });

  it('counts the modes above the threshold on a mixed spectrum', () => {
    // Thresholds 1 / 5.2 = 0.192 and 0.01 / 1.6 = 0.00625.
    expect(analyticSurvivingModes([1, 0.1], 0.01, 0.3)).toBe(1);
    expect(analyticSurvivingModes([1, 0.1], 0.005, 0.3)).toBe(2);
    expect(analyticSurvivingModes([1, 0.1], 0.2, 0.3)).toBe(0);
  });
});

describe('predictNonContrastive', () => {
  const cell = (weightDecay: number, noiseVariance: number, extra: object = {}) => ({
    optimizer: { weightDecay }, views: { noiseVariance }, ...extra });

  it('predicts the default 16-mode spectrum by hand', () => {
    // eta = 0.1, sigma^2 = 0.1: d^2 - 0.4 d - 0.04 > 0 for d > 0.483, i.e. 10^(-k/15) with
    // k <= 4: five modes. At sigma^2 = 3 it needs d > 1.31: none.
    expect(predictNonContrastive('surviving_modes', cell(0.1, 0.1))).toBe(5);
    expect(predictNonContrastive('surviving_modes', cell(0.1, 3))).toBe(0);
    expect(predictNonContrastive('surviving_modes', cell(0, 3))).toBe(16);
  });

  it('predicts nothing outside the theory or for other order parameters', () => {
    expect(predictNonContrastive('alignment', cell(0, 1))).toBeUndefined();
    expect(predictNonContrastive('surviving_modes', cell(0, 1, { loss: 'cosine' })))
      .toBeUndefined();
    expect(predictNonContrastive('surviving_modes', cell(0, 1, { predictor: { kind: 'none' } })))
      .toBeUndefined();
    const noStopGradient = { target: { kind: 'online', stopGradient: false } };
    expect(predictNonContrastive('surviving_modes', cell(0, 1, noStopGradient))).toBeUndefined();
    expect(predictNonContrastive('surviving_modes', { nonsense: true })).toBeUndefined();
  });
});
