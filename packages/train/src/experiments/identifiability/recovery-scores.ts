/**
 * How well features recover the latents: R^2 of a linear regression (with intercept) fitted on
 * one sample set and scored on another, and the mean correlation coefficient (MCC) after the
 * best one-to-one matching of dimensions.
 */
import { ridgeRegression, type DenseMatrix } from '@phasegrid/core';

/** Row-major `rows x cols` values of any float precision. */
export interface Samples {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array | Float64Array;
}

/**
 * Mean over latent dimensions of the held-out coefficient of determination
 * `1 - SSE / SST` (SST around the test set's own mean), as scikit-learn's `r2_score`.
 * @param ridge added to the normal equations' diagonal, per fitting sample; only there to
 *   keep the solve stable when features are collinear.
 */
export function heldOutR2(
  fitFeatures: Samples,
  fitLatents: Samples,
  testFeatures: Samples,
  testLatents: Samples,
  ridge = 1e-8,
): number {
  const coefficients = ridgeRegression(withIntercept(fitFeatures), toDense(fitLatents),
    ridge * fitFeatures.rows);
  const test = withIntercept(testFeatures);
  const numLatents = testLatents.cols;
  const p = test.cols;

  let total = 0;
  for (let j = 0; j < numLatents; j++) {
    let mean = 0;
    for (let n = 0; n < test.rows; n++) mean += testLatents.data[n * numLatents + j]!;
    mean /= test.rows;
    let residual = 0;
    let spread = 0;
    for (let n = 0; n < test.rows; n++) {
      let prediction = 0;
      for (let i = 0; i < p; i++) {
        prediction += test.data[n * p + i]! * coefficients.data[i * numLatents + j]!;
      }
      const target = testLatents.data[n * numLatents + j]!;
      residual += (target - prediction) ** 2;
      spread += (target - mean) ** 2;
    }
    total += 1 - residual / spread;
  }
  return total / numLatents;
}

/**
 * Mean |Pearson correlation| between feature and latent dimensions under the matching that
 * maximises it (exact, by the Hungarian method). Needs as many features as latents or more.
 */
export function meanCorrelationCoefficient(features: Samples, latents: Samples): number {
  const correlations = absoluteCorrelations(features, latents);
  const cost = correlations.map((row) => row.map((value) => -value));
  const assignment = solveAssignment(cost);
  let total = 0;
  for (let j = 0; j < latents.cols; j++) total += correlations[j]![assignment[j]!]!;
  return total / latents.cols;
}

/** `|corr(latent j, feature i)|` as rows j, columns i. */
function absoluteCorrelations(features: Samples, latents: Samples): number[][] {
  const centred = (samples: Samples): Float64Array[] => {
    const columns: Float64Array[] = [];
    for (let c = 0; c < samples.cols; c++) {
      const column = new Float64Array(samples.rows);
      let mean = 0;
      for (let n = 0; n < samples.rows; n++) {
        column[n] = samples.data[n * samples.cols + c]!;
        mean += column[n]!;
      }
      mean /= samples.rows;
      let norm = 0;
      for (let n = 0; n < samples.rows; n++) norm += (column[n]! -= mean) ** 2;
      const inverse = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let n = 0; n < samples.rows; n++) column[n]! *= inverse;
      columns.push(column);
    }
    return columns;
  };
  const featureColumns = centred(features);
  return centred(latents).map((latent) => featureColumns.map((feature) => {
    let dot = 0;
    for (let n = 0; n < latent.length; n++) dot += latent[n]! * feature[n]!;
    return Math.abs(dot);
  }));
}

/**
 * The minimum-cost assignment of rows to distinct columns (`rows <= cols`), by the Hungarian
 * method with potentials, O(rows^2 cols). Returns the column of every row.
 */
export function solveAssignment(cost: readonly (readonly number[])[]): number[] {
  const numRows = cost.length;
  const numCols = cost[0]?.length ?? 0;
  if (numRows > numCols) {
    throw new RangeError(`solveAssignment: ${numRows} rows cannot match ${numCols} columns`);
  }
  // 1-based arrays with a virtual column 0, the usual formulation of the shortest
  // augmenting path version.
  const rowPotential = new Float64Array(numRows + 1);
  const colPotential = new Float64Array(numCols + 1);
  const rowOfCol = new Int32Array(numCols + 1);
  const previousCol = new Int32Array(numCols + 1);

  for (let row = 1; row <= numRows; row++) {
    rowOfCol[0] = row;
    let col = 0;
    const slack = new Float64Array(numCols + 1).fill(Infinity);
    const isUsed = new Uint8Array(numCols + 1);
    do {
      isUsed[col] = 1;
      const currentRow = rowOfCol[col]!;
      let delta = Infinity;
      let nextCol = 0;
      for (let c = 1; c <= numCols; c++) {
        if (isUsed[c]) continue;
        const reduced =
          cost[currentRow - 1]![c - 1]! - rowPotential[currentRow]! - colPotential[c]!;
        if (reduced < slack[c]!) {
          slack[c] = reduced;
          previousCol[c] = col;
        }
        if (slack[c]! < delta) {
          delta = slack[c]!;
          nextCol = c;
        }
      }
      for (let c = 0; c <= numCols; c++) {
        if (isUsed[c]) {
          rowPotential[rowOfCol[c]!]! += delta;
          colPotential[c]! -= delta;
        } else {
          slack[c]! -= delta;
        }
      }
      col = nextCol;
    } while (rowOfCol[col] !== 0);
    do {
      const previous = previousCol[col]!;
      rowOfCol[col] = rowOfCol[previous]!;
      col = previous;
    } while (col !== 0);
  }

  const assignment = new Array<number>(numRows).fill(-1);
  for (let c = 1; c <= numCols; c++) {
    if (rowOfCol[c]! > 0) assignment[rowOfCol[c]! - 1] = c - 1;
  }
  return assignment;
}

function toDense(samples: Samples): DenseMatrix {
  return { rows: samples.rows, cols: samples.cols, data: Float32Array.from(samples.data) };
}

function withIntercept(samples: Samples): DenseMatrix {
  const cols = samples.cols + 1;
  const data = new Float32Array(samples.rows * cols);
  for (let n = 0; n < samples.rows; n++) {
    for (let c = 0; c < samples.cols; c++) data[n * cols + c] = samples.data[n * samples.cols + c]!;
    data[n * cols + samples.cols] = 1;
  }
  return { rows: samples.rows, cols, data };
}
