/**
 * Linear-probe accuracy for ternary codes: a ridge regression (with intercept) from features
 * to codes in {-1, 0, +1}, fitted on one sample set and scored on another by rounding each
 * prediction to the nearest code.
 */
import { ridgeRegression, withInterceptColumn, type DenseMatrix } from '@phasegrid/core';

/**
 * Fraction of held-out code entries predicted exactly. Predicting 0 everywhere scores the
 * fraction of inactive entries (`1 - k/d` for the sparse-coding model), which is the baseline.
 *
 * @param ridge added to the diagonal of the normal equations, relative to the sample count
 *   (default 1e-3).
 */
export function ternaryProbeAccuracy(
  trainFeatures: DenseMatrix,
  trainCodes: Int8Array,
  testFeatures: DenseMatrix,
  testCodes: Int8Array,
  ridge = 1e-3,
): number {
  const numCodes = trainCodes.length / trainFeatures.rows;
  const coefficients = ridgeRegression(
    withInterceptColumn(trainFeatures),
    { rows: trainFeatures.rows, cols: numCodes, data: Float32Array.from(trainCodes) },
    ridge * trainFeatures.rows,
  );

  const test = withInterceptColumn(testFeatures);
  const p = test.cols;
  let correct = 0;
  for (let n = 0; n < test.rows; n++) {
    for (let j = 0; j < numCodes; j++) {
      let prediction = 0;
      for (let i = 0; i < p; i++) {
        prediction += test.data[n * p + i]! * coefficients.data[i * numCodes + j]!;
      }
      const rounded = prediction > 0.5 ? 1 : prediction < -0.5 ? -1 : 0;
      if (rounded === testCodes[n * numCodes + j]) correct += 1;
    }
  }
  return correct / (test.rows * numCodes);
}
