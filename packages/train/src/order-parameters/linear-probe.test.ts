import { Random } from '@phasegrid/core';
import { describe, expect, it } from 'vitest';
import { ternaryProbeAccuracy } from './linear-probe.ts';

function randomCodes(rng: Random, rows: number, cols: number, activeProbability: number) {
  return Int8Array.from({ length: rows * cols }, () =>
    rng.uniform() < activeProbability ? (rng.uniform() < 0.5 ? -1 : 1) : 0);
}

describe('ternaryProbeAccuracy', () => {
  it('is 1 when the features are a linear image of the codes', () => {
    const rng = new Random(1);
    const encode = (codes: Int8Array) => ({
      rows: codes.length / 4,
      cols: 4,
      data: Float32Array.from(codes, (value, i) => 3 * value + (i % 4)),
    });
    const fit = randomCodes(rng, 500, 4, 0.3);
    const test = randomCodes(rng, 500, 4, 0.3);
    expect(ternaryProbeAccuracy(encode(fit), fit, encode(test), test)).toBe(1);
  });

  it('falls to the majority baseline when the features carry nothing about the codes', () => {
    const rng = new Random(2);
    const noise = (rows: number) => ({ rows, cols: 6,
      data: rng.fillNormal(new Float32Array(rows * 6)) });
    const fit = randomCodes(rng, 2000, 4, 0.125);
    const test = randomCodes(rng, 2000, 4, 0.125);
    // Predicting 0 everywhere scores 0.875.
    const accuracy = ternaryProbeAccuracy(noise(2000), fit, noise(2000), test);
    expect(accuracy).toBeGreaterThan(0.86);
    expect(accuracy).toBeLessThan(0.89);
  });
});
