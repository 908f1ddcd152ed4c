import { describe, expect, it } from 'vitest';
import { multiply, transpose, zeros, type Mat } from './matrix.ts';
import {
  countModes, directPredPredictor, eigenspaceAlignment, symmetricEigen,
} from './spectra.ts';

function fromRows(rows: number[][]): Mat {
  const out = zeros(rows.length, rows[0]!.length);
  rows.flat().forEach((value, i) => { out.data[i] = value; });
  return out;
}

/** A rotation by `angle` in the (0, 1) plane of a 3-dimensional space. */
function rotation(angle: number): Mat {
  const [c, s] = [Math.cos(angle), Math.sin(angle)];
  return fromRows([[c, -s, 0], [s, c, 0], [0, 0, 1]]);
}

function diagonal(values: number[]): Mat {
  return fromRows(values.map((value, i) => values.map((_, j) => (i === j ? value : 0))));
}

/** `basis diag(values) basis^T`. */
function planted(basis: Mat, values: number[]): Mat {
  return multiply(multiply(basis, diagonal(values)), transpose(basis));
}

describe('symmetricEigen', () => {
  it('recovers planted eigenvalues in descending order and their eigenvectors', () => {
    const basis = multiply(rotation(0.4), fromRows([[1, 0, 0], [0, 0, 1], [0, 1, 0]]));
    const { values, vectors } = symmetricEigen(planted(basis, [1, 4, 0.25]));
    expect(values[0]).toBeCloseTo(4, 10);
    expect(values[1]).toBeCloseTo(1, 10);
    expect(values[2]).toBeCloseTo(0.25, 10);
    // The eigenvector of 4 is the basis' second column, up to sign.
    const overlap = [0, 1, 2]
      .reduce((sum, i) => sum + vectors.data[i * 3]! * basis.data[i * 3 + 1]!, 0);
    expect(Math.abs(overlap)).toBeCloseTo(1, 10);
  });
});

describe('directPredPredictor', () => {
  const basis = rotation(0.7);
  const correlation = planted(basis, [4, 1, 0.25]);

  it('sets eigenvalues sqrt(s_j) + eps sqrt(s_max) on the correlation\'s eigenvectors', () => {
    const predictor = directPredPredictor(correlation, 'unnormalised', 0.01);
    const expected = planted(basis, [2.02, 1.02, 0.52]);
    predictor.data.forEach((value, i) => expect(value).toBeCloseTo(expected.data[i]!, 10));
  });

  it('sets eigenvalues sqrt(s_j / s_max) + eps with the official formula', () => {
    const predictor = directPredPredictor(correlation, 'official', 0.01);
    const expected = planted(basis, [1.01, 0.51, 0.26]);
    predictor.data.forEach((value, i) => expect(value).toBeCloseTo(expected.data[i]!, 10));
  });
});

describe('eigenspaceAlignment', () => {
  const basis = rotation(0.3);

  it('is 1 for a predictor diagonal in the correlation\'s eigenbasis', () => {
    expect(eigenspaceAlignment(planted(basis, [3, -1, 0.5]), basis)).toBeCloseTo(1, 12);
    expect(eigenspaceAlignment(zeros(3, 3), basis)).toBe(1);
  });

  it('is c^4 + s^4 for a rank-one predictor rotated by theta', () => {
    // U^T W_p U = 2 [[c^2, cs], [cs, s^2]]: diagonal share (c^4 + s^4) / (c^2 + s^2)^2.
    const angle = Math.PI / 4;
    const rotated = planted(multiply(basis, rotation(angle)), [2, 0, 0]);
    expect(eigenspaceAlignment(rotated, basis)).toBeCloseTo(0.5, 12);
    const slight = planted(multiply(basis, rotation(0.2)), [2, 0, 0]);
    expect(eigenspaceAlignment(slight, basis))
      .toBeCloseTo(Math.cos(0.2) ** 4 + Math.sin(0.2) ** 4, 12);
  });
});

describe('countModes', () => {
  it('counts eigenvalues strictly above the fraction of the reference', () => {
    expect(countModes([2, 0.01, 0.0021, 0.0019, 0, -1e-9], 2, 1e-3)).toBe(3);
    expect(countModes([1e-3], 1, 1e-3)).toBe(0);
    expect(countModes([], 1, 1e-3)).toBe(0);
  });
});
