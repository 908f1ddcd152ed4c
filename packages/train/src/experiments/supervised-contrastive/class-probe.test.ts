import { Random } from '@phasegrid/core';
import { describe, expect, it } from 'vitest';
import { classProbeAccuracy } from './class-probe.ts';

function randomLabels(rng: Random, count: number, numClasses: number): Int32Array {
  return Int32Array.from({ length: count }, () => rng.integer(numClasses));
}

describe('classProbeAccuracy', () => {
  it('is 1 when each class sits at its own corner of the feature space, plus small noise', () => {
    const rng = new Random(1);
    const features = (labels: Int32Array) => ({
      rows: labels.length,
      cols: 5,
      // Class c lights feature c (feature 4 is pure noise); class 0 at the origin except noise,
      // so the probe needs its intercept.
      data: Float32Array.from({ length: labels.length * 5 }, (_, k) =>
        (k % 5 === labels[Math.floor(k / 5)]! && k % 5 !== 0 ? 2 : 0) + 0.1 * rng.normal()),
    });
    const fit = randomLabels(rng, 400, 4);
    const test = randomLabels(rng, 400, 4);
    expect(classProbeAccuracy(features(fit), fit, features(test), test, 4)).toBe(1);
  });

  it('sits at chance when the features carry nothing about the class', () => {
    const rng = new Random(2);
    const noise = (rows: number) => ({ rows, cols: 8,
      data: rng.fillNormal(new Float32Array(rows * 8)) });
    const fit = randomLabels(rng, 4000, 4);
    const test = randomLabels(rng, 4000, 4);
    // Chance 0.25; sd of an accuracy over 4,000 samples about 0.007.
    const accuracy = classProbeAccuracy(noise(4000), fit, noise(4000), test, 4);
    expect(Math.abs(accuracy - 0.25)).toBeLessThan(0.03);
  });

  it('scores a linear but not one-hot code: the class is the sign of one feature', () => {
    const rng = new Random(3);
    const features = (labels: Int32Array) => ({ rows: labels.length, cols: 2,
      data: Float32Array.from({ length: labels.length * 2 }, (_, k) =>
        k % 2 === 0 ? (labels[k >> 1] ? 1 : -1) + 0.2 * rng.normal() : rng.normal()) });
    const fit = randomLabels(rng, 500, 2);
    const test = randomLabels(rng, 500, 2);
    expect(classProbeAccuracy(features(fit), fit, features(test), test, 2)).toBe(1);
  });
});
