import {
  Random,
  SparseCodingModel,
  sparseCodingDataSchema,
  type DenseMatrix,
} from '@phasegrid/core';
import { describe, expect, it } from 'vitest';
import { measureDictionaryAlignment } from './dictionary-alignment.ts';

const model = new SparseCodingModel(sparseCodingDataSchema.parse({ atoms: 16, dim: 128 }), 1);
const atoms = model.atomRows;

function rowsOf(rows: Float32Array[], cols: number): DenseMatrix {
  const data = new Float32Array(rows.length * cols);
  rows.forEach((row, i) => data.set(row, i * cols));
  return { rows: rows.length, cols, data };
}

const atom = (j: number, scale = 1) =>
  atoms.data.subarray(j * 128, (j + 1) * 128).map((value) => value * scale);

describe('measureDictionaryAlignment', () => {
  it('gives coverage, signal fraction and best cosine 1 when the rows are the atoms', () => {
    // Rows set to atoms (some negated and rescaled: only the direction counts).
    const rows = Array.from({ length: 16 }, (_, j) => atom(j, j % 2 ? -3 : 0.5));
    const alignment = measureDictionaryAlignment(rowsOf(rows, 128), atoms, 0.9, [0.99]);
    expect(alignment.coverage).toBe(1);
    expect(alignment.coverageAt[0]).toBe(1);
    expect(alignment.signalFraction).toBeCloseTo(1, 5);
    expect(alignment.meanBestAtomCosine).toBeCloseTo(1, 5);
  });

  it('gives a signal fraction near d/d1 and no coverage for random rows', () => {
    const rng = new Random(5);
    const rows = Array.from({ length: 2000 }, () => rng.fillNormal(new Float32Array(128)));
    const alignment = measureDictionaryAlignment(rowsOf(rows, 128), atoms);
    // Each row's fraction is Beta(8, 56) with mean 1/8 and sd 0.041; mean of 2000: sd 0.0009.
    expect(alignment.signalFraction).toBeCloseTo(16 / 128, 2);
    expect(alignment.coverage).toBe(0);
  });

  it('counts an atom covered only when its best neuron reaches the cosine', () => {
    // Neuron 0 at cosine 0.85 with atom 0 (the rest of its weight orthogonal to all atoms'
    // span is hard to build; use atom 1 instead: cos(w, M0) = 0.85, cos(w, M1) = sqrt(1-0.85^2)).
    const c = 0.85;
    const mixed = atom(0, c).map((value, k) => value + Math.sqrt(1 - c * c) * atom(1)[k]!);
    const alignment = measureDictionaryAlignment(rowsOf([mixed], 128), atoms, 0.9, [0.8, 0.5]);
    expect(alignment.coverage).toBe(0);
    expect(alignment.coverageAt).toEqual([1 / 16, 2 / 16]);
    expect(alignment.meanBestAtomCosine).toBeCloseTo(0.85, 5);
    expect(alignment.signalFraction).toBeCloseTo(1, 5);
  });
});
