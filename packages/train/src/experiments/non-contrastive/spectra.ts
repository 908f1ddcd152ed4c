/**
 * Eigen-quantities of the non-contrastive family: mode counts, the predictor's alignment with
 * the correlation's eigenbasis, and DirectPred's predictor. Eigendecompositions use ml-matrix
 * (TensorFlow.js has none).
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { multiply, transpose, zeros, type Mat } from './matrix.ts';

/** Eigenvalues (descending) and unit eigenvectors (columns of `vectors`) of a symmetric matrix. */
export interface SymmetricEigen {
  readonly values: number[];
  readonly vectors: Mat;
}

export function symmetricEigen(a: Mat): SymmetricEigen {
  const n = a.rows;
  const symmetric = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      // Symmetrise explicitly: round-off asymmetry would send ml-matrix down its general path.
      symmetric.set(i, j, 0.5 * (a.data[i * n + j]! + a.data[j * n + i]!));
    }
  }
  const decomposition = new EigenvalueDecomposition(symmetric, { assumeSymmetric: true });
  const raw = decomposition.realEigenvalues;
  const order = raw.map((_, i) => i).sort((i, j) => raw[j]! - raw[i]!);
  const vectors = zeros(n, n);
  const source = decomposition.eigenvectorMatrix;
  order.forEach((from, to) => {
    for (let i = 0; i < n; i++) vectors.data[i * n + to] = source.get(i, from);
  });
  return { values: order.map((i) => raw[i]!), vectors };
}

/** How many eigenvalues exceed `relativeThreshold * reference` (e.g. 1e-3 of the initial top). */
export function countModes(
  eigenvalues: readonly number[],
  reference: number,
  relativeThreshold: number,
): number {
  return eigenvalues.filter((value) => value > relativeThreshold * reference).length;
}

/**
 * The share of the predictor's squared Frobenius norm on the diagonal of `U^T W_p U`, where U
 * is the correlation's eigenbasis: 1 exactly when the predictor is diagonal in that basis.
 * Limitation: within a degenerate eigenspace of the correlation the basis is arbitrary, so a
 * predictor that commutes with the correlation but is not diagonal in the chosen basis scores
 * below 1; with distinct input variances this arises only among collapsed modes, where weight
 * decay shrinks the trained predictor's entries anyway. The zero predictor, diagonal in every
 * basis, scores 1.
 */
export function eigenspaceAlignment(predictor: Mat, correlationBasis: Mat): number {
  const rotated = multiply(multiply(correlationBasis, predictor, true), correlationBasis);
  const n = rotated.rows;
  let diagonal = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const square = rotated.data[i * n + j]! ** 2;
      total += square;
      if (i === j) diagonal += square;
    }
  }
  return total > 0 ? diagonal / total : 1;
}

/**
 * Which DirectPred formula sets the predictor's eigenvalues from the correlation's `s_j`:
 * `official` is `sqrt(s_j / s_max) + epsilon` (made for the cosine loss); `unnormalised` is
 * `sqrt(s_j) + epsilon sqrt(s_max)`, the same shape at the scale the squared-error loss needs.
 */
export type DirectPredFormula = 'official' | 'unnormalised';

/** DirectPred's predictor `U diag(p) U^T` for the running correlation estimate. */
export function directPredPredictor(
  correlation: Mat,
  formula: DirectPredFormula,
  epsilon: number,
): Mat {
  const { values, vectors } = symmetricEigen(correlation);
  // Round-off can leave tiny negative eigenvalues on a positive semi-definite matrix.
  const clipped = values.map((value) => Math.max(value, 0));
  const top = clipped[0]!;
  const eigenvalues = clipped.map((s) => formula === 'official'
    ? (top > 0 ? Math.sqrt(s / top) : 0) + epsilon
    : Math.sqrt(s) + epsilon * Math.sqrt(top));

  const n = correlation.rows;
  const scaled = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) scaled.data[i * n + j] = vectors.data[i * n + j]! * eigenvalues[j]!;
  }
  return multiply(scaled, transpose(vectors));
}
