/**
 * How well a layer's neurons align with a dictionary of unit-norm atoms: the order parameters
 * of the sparse-coding family. Plain arrays, no tensors.
 */
import type { DenseMatrix } from '@phasegrid/core';

/** Alignment of every neuron with every atom, and the summaries derived from it. */
export interface DictionaryAlignment {
  /** Fraction of atoms matched by some neuron with |cosine| >= `coverageCosine`. */
  readonly coverage: number;
  /** Coverage at each extra cosine asked for, in the same order. */
  readonly coverageAt: readonly number[];
  /** Mean over neurons of `|M^T w_i|^2 / |w_i|^2` (chance level `atoms / dim`). */
  readonly signalFraction: number;
  /** Mean over neurons of `max_j |<w_i, M_j>| / |w_i|`. */
  readonly meanBestAtomCosine: number;
}

/**
 * Measures how well neurons (rows of `weights`) align with the dictionary atoms.
 * @param weights neurons as rows, `width x dim`.
 * @param atoms unit-norm atoms as rows, `atoms x dim`.
 * @param coverageCosine the cosine an atom's best neuron must reach to count as covered
 *   (default 0.9).
 * @param extraCosines further cosines to report coverage at.
 */
export function measureDictionaryAlignment(
  weights: DenseMatrix,
  atoms: DenseMatrix,
  coverageCosine = 0.9,
  extraCosines: readonly number[] = [],
): DictionaryAlignment {
  if (weights.cols !== atoms.cols) {
    throw new RangeError(`weights have ${weights.cols} columns but atoms have ${atoms.cols}`);
  }
  const dim = weights.cols;
  const bestCosinePerAtom = new Float64Array(atoms.rows);
  let signalFractionSum = 0;
  let bestCosineSum = 0;

  for (let i = 0; i < weights.rows; i++) {
    const row = i * dim;
    let squaredNorm = 0;
    for (let k = 0; k < dim; k++) squaredNorm += weights.data[row + k]! ** 2;
    const norm = Math.sqrt(squaredNorm);
    if (norm === 0) continue;

    let projectedEnergy = 0;
    let bestCosine = 0;
    for (let j = 0; j < atoms.rows; j++) {
      const atomRow = j * dim;
      let dot = 0;
      for (let k = 0; k < dim; k++) dot += weights.data[row + k]! * atoms.data[atomRow + k]!;
      projectedEnergy += dot * dot;
      const cosine = Math.abs(dot) / norm;
      if (cosine > bestCosine) bestCosine = cosine;
      if (cosine > bestCosinePerAtom[j]!) bestCosinePerAtom[j] = cosine;
    }
    signalFractionSum += projectedEnergy / squaredNorm;
    bestCosineSum += bestCosine;
  }

  const coverageAbove = (cosine: number) =>
    bestCosinePerAtom.reduce((count, best) => count + (best >= cosine ? 1 : 0), 0) / atoms.rows;
  return {
    coverage: coverageAbove(coverageCosine),
    coverageAt: extraCosines.map(coverageAbove),
    signalFraction: signalFractionSum / weights.rows,
    meanBestAtomCosine: bestCosineSum / weights.rows,
  };
}
