/** Pearson correlations for order parameters, on plain arrays. */

/**
 * Pearson correlation of two series read with a stride and offset from larger arrays (e.g. one
 * neuron's column of a batch of activations); 0 when either is constant: a dead or constant
 * neuron carries no information, which is what an order parameter should say.
 */
export function stridedPearsonCorrelation(
  x: ArrayLike<number>, xStride: number, xOffset: number,
  y: ArrayLike<number>, yStride: number, yOffset: number,
  numSamples: number,
): number {
  let sumX = 0;
  let sumY = 0;
  for (let n = 0; n < numSamples; n++) {
    sumX += x[xOffset + n * xStride]!;
    sumY += y[yOffset + n * yStride]!;
  }
  const meanX = sumX / numSamples;
  const meanY = sumY / numSamples;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let n = 0; n < numSamples; n++) {
    const dx = x[xOffset + n * xStride]! - meanX;
    const dy = y[yOffset + n * yStride]! - meanY;
    covariance += dx * dy;
    varianceX += dx * dx;
    varianceY += dy * dy;
  }
  // Relative cut: a neuron whose spread is round-off of its mean is constant.
  const isConstantX = varianceX <= 1e-24 * (1 + meanX * meanX) * numSamples;
  const isConstantY = varianceY <= 1e-24 * (1 + meanY * meanY) * numSamples;
  if (isConstantX || isConstantY) return 0;
  return covariance / Math.sqrt(varianceX * varianceY);
}

/** Pearson correlation of two equally long series; 0 when either is constant. */
export function pearsonCorrelation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return stridedPearsonCorrelation(a, 1, 0, b, 1, 0, a.length);
}
