import { describe, expect, it } from 'vitest';
import { Random } from '../random.ts';
import { SparseCodingModel, sparseCodingDataSchema } from './sparse-coding.ts';

const config = sparseCodingDataSchema.parse({ atoms: 16, dim: 128, activeAtoms: 2, noise: 0.3 });

describe('SparseCodingModel', () => {
  it('has orthonormal atoms spread over all coordinates', () => {
    const model = new SparseCodingModel(config, 3);
    const { rows, cols, data } = model.atomRows;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < rows; j++) {
        let dot = 0;
        for (let k = 0; k < cols; k++) dot += data[i * cols + k]! * data[j * cols + k]!;
        expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-5);
      }
    }
    // Spread out: no atom puts more than half its energy in 8 coordinates (a random unit
    // vector in R^128 puts about 8/128 there).
    for (let i = 0; i < rows; i++) {
      const energies = Array.from(data.subarray(i * cols, (i + 1) * cols), (v) => v * v)
        .sort((a, b) => b - a);
      expect(energies.slice(0, 8).reduce((a, b) => a + b, 0)).toBeLessThan(0.5);
    }
  });

  it('activates atoms with probability k/d, fair signs, noise of variance sigma^2', () => {
    const model = new SparseCodingModel(config, 3);
    const rng = new Random(11);
    const numSamples = 20_000;
    const batch = model.sample(rng, numSamples);
    const { atoms, dim } = config;

    let active = 0;
    let positive = 0;
    for (const code of batch.codes) {
      if (code !== 0) active += 1;
      if (code > 0) positive += 1;
    }
    // k/d = 0.125; standard error sqrt(p(1-p)/N) with N = 320,000 entries is 5.8e-4.
    expect(Math.abs(active / batch.codes.length - 2 / 16)).toBeLessThan(3e-3);
    expect(Math.abs(positive / active - 0.5)).toBeLessThan(6e-3);

    let residualSquares = 0;
    const atomData = model.atomRows.data;
    for (let n = 0; n < numSamples; n++) {
      for (let i = 0; i < dim; i++) {
        let signal = 0;
        for (let j = 0; j < atoms; j++) {
          signal += batch.codes[n * atoms + j]! * atomData[j * dim + i]!;
        }
        residualSquares += (batch.x[n * dim + i]! - signal) ** 2;
      }
    }
    // 2.56 million noise draws: the variance estimate has relative error about 1e-3.
    expect(residualSquares / (numSamples * dim)).toBeCloseTo(0.09, 3);
  });

  it('uses common random numbers: the same seed gives the same dictionary and scaled noise', () => {
    const quiet = new SparseCodingModel({ ...config, noise: 0.1 }, 5);
    const loud = new SparseCodingModel({ ...config, noise: 0.4 }, 5);
    expect(loud.atomRows.data).toEqual(quiet.atomRows.data);

    const quietBatch = quiet.sample(new Random(9), 4);
    const loudBatch = loud.sample(new Random(9), 4);
    expect(loudBatch.codes).toEqual(quietBatch.codes);
    const signal = quietBatch.x.map((value, i) => (4 * value - loudBatch.x[i]!) / 3);
    const loudNoise = loudBatch.x.map((value, i) => value - signal[i]!);
    const quietNoise = quietBatch.x.map((value, i) => value - signal[i]!);
    loudNoise.forEach((value, i) => expect(value).toBeCloseTo(4 * quietNoise[i]!, 4));
  });

  it('rejects more atoms than dimensions', () => {
    const result = sparseCodingDataSchema.safeParse({ atoms: 200, dim: 128 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['atoms']);
  });
});
