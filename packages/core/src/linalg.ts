/**
 * Small dense linear algebra on plain arrays, for the parts of experiments that happen
 * outside tensors (dictionaries, order parameters, probes). Matrices are row-major.
 */
import { CholeskyDecomposition, Matrix, QrDecomposition } from 'ml-matrix';
import type { Random } from './random.ts';

/** A row-major dense matrix of 32-bit floats. */
export interface DenseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;
}

/** Allocates a zero matrix. */
export function zerosMatrix(rows: number, cols: number): DenseMatrix {
  return { rows, cols, data: new Float32Array(rows * cols) };
}

/**
 * The first `cols` columns of a Haar-random orthogonal `rows x rows` matrix: QR of a Gaussian
 * matrix with the signs of R's diagonal folded into Q, which makes the distribution uniform.
 */
export function randomOrthonormalColumns(rng: Random, rows: number, cols: number): DenseMatrix {
  if (cols > rows) {
    throw new RangeError(`randomOrthonormalColumns: ${cols} columns do not fit in ${rows} rows`);
  }
  const gaussian = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) gaussian.set(i, j, rng.normal());
  }
  const qr = new QrDecomposition(gaussian);
  const q = qr.orthogonalMatrix;
  const r = qr.upperTriangularMatrix;

  const out = zerosMatrix(rows, cols);
  for (let j = 0; j < cols; j++) {
    const sign = r.get(j, j) < 0 ? -1 : 1;
    for (let i = 0; i < rows; i++) out.data[i * cols + j] = sign * q.get(i, j);
  }
  return out;
}

/**
 * Solves the ridge regression `min |X B - Y|^2 + lambda |B|^2` for B, with X `n x p` and
 * Y `n x q` row-major; returns B as `p x q`. The intercept, if wanted, is a column of ones in X.
 */
export function ridgeRegression(
  x: DenseMatrix,
  y: DenseMatrix,
  lambda: number,
): DenseMatrix {
  if (x.rows !== y.rows) {
    throw new RangeError(`ridgeRegression: X has ${x.rows} rows but Y has ${y.rows}`);
  }
  const p = x.cols;
  const q = y.cols;
  const gram = new Float64Array(p * p);
  const cross = new Float64Array(p * q);
  for (let n = 0; n < x.rows; n++) {
    const xRow = n * p;
    const yRow = n * q;
    for (let i = 0; i < p; i++) {
      const xi = x.data[xRow + i]!;
      if (xi === 0) continue;
      for (let j = i; j < p; j++) gram[i * p + j]! += xi * x.data[xRow + j]!;
      for (let k = 0; k < q; k++) cross[i * q + k]! += xi * y.data[yRow + k]!;
    }
  }
  const gramMatrix = new Matrix(p, p);
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      const value = gram[i * p + j]! + (i === j ? lambda : 0);
      gramMatrix.set(i, j, value);
      gramMatrix.set(j, i, value);
    }
  }
  const crossMatrix = new Matrix(p, q);
  for (let i = 0; i < p; i++) {
    for (let k = 0; k < q; k++) crossMatrix.set(i, k, cross[i * q + k]!);
  }

  const solution = new CholeskyDecomposition(gramMatrix).solve(crossMatrix);
  const out = zerosMatrix(p, q);
  for (let i = 0; i < p; i++) {
    for (let k = 0; k < q; k++) out.data[i * q + k] = solution.get(i, k);
  }
  return out;
}

/** `features` with a column of ones appended, so a regression on it fits an intercept. */
export function withInterceptColumn(features: DenseMatrix): DenseMatrix {
  const cols = features.cols + 1;
  const data = new Float32Array(features.rows * cols);
  for (let n = 0; n < features.rows; n++) {
    data.set(features.data.subarray(n * features.cols, (n + 1) * features.cols), n * cols);
    data[n * cols + features.cols] = 1;
  }
  return { rows: features.rows, cols, data };
}
