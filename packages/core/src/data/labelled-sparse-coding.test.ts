import { describe, expect, it } from 'vitest';
import { Random } from '../random.ts';
import {
  LabelledSparseCodingModel,
  labelledSparseCodingDataSchema,
} from './labelled-sparse-coding.ts';
import { SparseCodingModel } from './sparse-coding.ts';

const config = labelledSparseCodingDataSchema.parse({
  atoms: 16, dim: 128, activeAtoms: 2, noise: 0.3, classes: 4, classAmplitude: 0.5,
});

/** Projections `M^T x` of every sample, `batch x atoms`. */
function projections(model: LabelledSparseCodingModel, x: Float32Array): Float64Array {
  const { atoms, dim } = model.config;
  const numSamples = x.length / dim;
  const out = new Float64Array(numSamples * atoms);
  for (let n = 0; n < numSamples; n++) {
    for (let j = 0; j < atoms; j++) {
      let dot = 0;
      for (let i = 0; i < dim; i++) dot += x[n * dim + i]! * model.atomRows.data[j * dim + i]!;
      out[n * atoms + j] = dot;
    }
  }
  return out;
}

describe('LabelledSparseCodingModel', () => {
  it('uses the unlabelled model\'s dictionary for the same seed', () => {
    const labelled = new LabelledSparseCodingModel(config, 7);
    const plain = new SparseCodingModel({ atoms: 16, dim: 128, activeAtoms: 2, noise: 0.3 }, 7);
    expect(labelled.atomRows.data).toEqual(plain.atomRows.data);
    expect(labelled.classAtomRows.rows).toBe(4);
    expect(labelled.otherAtomRows.rows).toBe(12);
    expect(labelled.otherAtomRows.data).toEqual(plain.atomRows.data.slice(4 * 128));
  });

  it('puts the class atom at +amplitude, other class atoms at 0, without noise', () => {
    const model = new LabelledSparseCodingModel({ ...config, noise: 0 }, 2);
    const batch = model.sample(new Random(3), 500);
    const projected = projections(model, batch.x);
    for (let n = 0; n < 500; n++) {
      const label = batch.labels[n]!;
      for (let j = 0; j < 16; j++) {
        const code = batch.codes[n * 16 + j]!;
        const expected = j < 4 ? (j === label ? 0.5 : 0) : code;
        expect(Math.abs(projected[n * 16 + j]! - expected)).toBeLessThan(1e-5);
        if (j < 4) expect(code).toBe(j === label ? 1 : 0);
      }
    }
  });

  it('draws balanced labels, other atoms at rate k/d with fair signs, noise of sd sigma', () => {
    const model = new LabelledSparseCodingModel(config, 3);
    const numSamples = 20_000;
    const batch = model.sample(new Random(11), numSamples);

    const labelCounts = [0, 0, 0, 0];
    for (const label of batch.labels) labelCounts[label]! += 1;
    // Each count is Binomial(20000, 1/4): sd 61, so 5,000 +- 300 is a 5-sd band.
    for (const count of labelCounts) expect(Math.abs(count - 5000)).toBeLessThan(300);

    let active = 0;
    let positive = 0;
    for (let n = 0; n < numSamples; n++) {
      for (let j = 4; j < 16; j++) {
        const code = batch.codes[n * 16 + j]!;
        if (code !== 0) active += 1;
        if (code > 0) positive += 1;
      }
    }
    // Rate k/d = 0.125 over 240,000 entries: standard error 6.8e-4.
    expect(Math.abs(active / (numSamples * 12) - 0.125)).toBeLessThan(0.004);
    // Half of 30,000 active entries are positive: standard error 0.0029.
    expect(Math.abs(positive / active - 0.5)).toBeLessThan(0.015);

    // The residual after removing the signal is the noise; its sd should be sigma.
    let sumSquares = 0;
    for (let n = 0; n < 2000; n++) {
      for (let i = 0; i < 128; i++) {
        let signal = 0;
        for (let j = 0; j < 16; j++) {
          const amplitude = j < 4 ? 0.5 : 1;
          signal += amplitude * batch.codes[n * 16 + j]! * model.atomRows.data[j * 128 + i]!;
        }
        sumSquares += (batch.x[n * 128 + i]! - signal) ** 2;
      }
    }
    expect(Math.sqrt(sumSquares / (2000 * 128))).toBeCloseTo(0.3, 2);
  });

  it('uses common random numbers: amplitude and noise change only their own terms', () => {
    const base = new LabelledSparseCodingModel(config, 5);
    const louder = new LabelledSparseCodingModel({ ...config, classAmplitude: 1.5 }, 5);
    const first = base.sample(new Random(9), 8);
    const second = louder.sample(new Random(9), 8);
    expect(second.labels).toEqual(first.labels);
    expect(second.codes).toEqual(first.codes);
    const difference = projections(base, second.x.map((value, i) => value - first.x[i]!));
    for (let n = 0; n < 8; n++) {
      for (let j = 0; j < 16; j++) {
        const expected = j === first.labels[n] ? 1 : 0;
        expect(difference[n * 16 + j]!).toBeCloseTo(expected, 4);
      }
    }
  });

  it('rejects more classes than atoms', () => {
    const result = labelledSparseCodingDataSchema.safeParse({ atoms: 4, classes: 5 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['classes']);
  });
});
