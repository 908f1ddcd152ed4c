/**
 * Class-probe accuracy: a ridge regression (with intercept) from features to one-hot class
 * targets, fitted on one sample set and scored on another by the argmax of its predictions.
 */
import { ridgeRegression, withInterceptColumn, type DenseMatrix } from '@phasegrid/core';

/**
 * Fraction of held-out samples whose predicted class is right; chance is the largest class's
 * share (`1 / numClasses` for balanced labels).
 *
 * @param ridge added to the diagonal of the normal equations, relative to the sample count.
 */
export function classProbeAccuracy(
  trainFeatures: DenseMatrix,
  trainLabels: ArrayLike<number>,
  testFeatures: DenseMatrix,
  testLabels: ArrayLike<number>,
  numClasses: number,
  ridge = 1e-3,
): number {
  const targets = new Float32Array(trainFeatures.rows * numClasses);
  for (let n = 0; n < trainFeatures.rows; n++) targets[n * numClasses + trainLabels[n]!] = 1;
  const coefficients = ridgeRegression(
    withInterceptColumn(trainFeatures),
    { rows: trainFeatures.rows, cols: numClasses, data: targets },
    ridge * trainFeatures.rows,
  );

  const test = withInterceptColumn(testFeatures);
  const p = test.cols;
  let correct = 0;
  for (let n = 0; n < test.rows; n++) {
    let bestClass = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < numClasses; c++) {
      let score = 0;
      for (let i = 0; i < p; i++) {
        score += test.data[n * p + i]! * coefficients.data[i * numClasses + c]!;
      }
      if (score > bestScore) {
        bestScore = score;
        bestClass = c;
      }
    }
    if (bestClass === testLabels[n]) correct += 1;
  }
  return correct / test.rows;
}
