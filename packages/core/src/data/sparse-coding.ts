/**
 * The sparse coding data model of Wen & Li (2021): `x = M z + xi` in `R^{d1}`.
 *
 * `M` has `d` orthonormal columns (the atoms) spread over all coordinates; `z` is in
 * `{-1, 0, +1}^d` with each coordinate active with probability `k/d` and a random sign; `xi` is
 * dense Gaussian noise of standard deviation `sigma` per coordinate.
 */
import { z } from 'zod';
import { randomOrthonormalColumns, type DenseMatrix } from '../linalg.ts';
import { Random } from '../random.ts';

/** Settings of the sparse coding data model. */
export const sparseCodingDataSchema = z.strictObject({
  /** Number of atoms `d`. */
  atoms: z.int().min(1).max(4096).default(16),
  /** Ambient dimension `d1`. */
  dim: z.int().min(1).max(65536).default(128),
  /** Expected number of active atoms per sample, `k`. */
  activeAtoms: z.number().positive().default(2),
  /** Standard deviation `sigma` of the dense noise, per coordinate. */
  noise: z.number().min(0).max(100).default(0.3),
}).refine((data) => data.atoms <= data.dim, {
  message: 'atoms must not exceed dim (the atoms are orthonormal columns of a dim x dim matrix)',
  path: ['atoms'],
}).refine((data) => data.activeAtoms <= data.atoms, {
  message: 'activeAtoms must not exceed atoms',
  path: ['activeAtoms'],
});

/** Settings of the sparse-coding data model, as `sparseCodingDataSchema` parses them. */
export type SparseCodingDataConfig = z.infer<typeof sparseCodingDataSchema>;

/** One batch drawn from the model. */
export interface SparseCodingBatch {
  /** Observations, `batchSize x dim`, row-major. */
  readonly x: Float32Array;
  /** Latent codes in {-1, 0, +1}, `batchSize x atoms`, row-major. */
  readonly codes: Int8Array;
  readonly batchSize: number;
}

/** A fixed dictionary plus a way to draw fresh samples from it. */
export class SparseCodingModel {
  readonly config: SparseCodingDataConfig;
  /** Atoms as rows: `atoms x dim`, row-major (row j is `M_j`). */
  readonly atomRows: DenseMatrix;

  /**
   * @param config the data model's settings.
   * @param dictionarySeed fixes `M`; the same seed gives the same dictionary in every cell.
   */
  constructor(config: SparseCodingDataConfig, dictionarySeed: number) {
    this.config = config;
    const columns = randomOrthonormalColumns(
      new Random(dictionarySeed, `sparse-coding/dictionary/${config.dim}x${config.atoms}`),
      config.dim,
      config.atoms,
    );
    const rows = new Float32Array(config.atoms * config.dim);
    for (let i = 0; i < config.dim; i++) {
      for (let j = 0; j < config.atoms; j++) {
        rows[j * config.dim + i] = columns.data[i * config.atoms + j]!;
      }
    }
    this.atomRows = { rows: config.atoms, cols: config.dim, data: rows };
  }

  /**
   * Draws `batchSize` fresh samples. Noise is drawn standard normal and then scaled, so runs
   * that differ only in `noise` see the same random numbers.
   */
  sample(rng: Random, batchSize: number): SparseCodingBatch {
    const { atoms, dim, activeAtoms, noise } = this.config;
    const activeProbability = activeAtoms / atoms;
    const x = new Float32Array(batchSize * dim);
    const codes = new Int8Array(batchSize * atoms);
    const atomData = this.atomRows.data;

    // All noise first, in one tight loop: normal draws dominate the cost of a batch.
    rng.fillNormal(x, noise);
    for (let n = 0; n < batchSize; n++) {
      const xRow = n * dim;
      for (let j = 0; j < atoms; j++) {
        const isActive = rng.uniform() < activeProbability;
        const sign = rng.uniform() < 0.5 ? -1 : 1;
        if (!isActive) continue;
        codes[n * atoms + j] = sign;
        const atomRow = j * dim;
        for (let i = 0; i < dim; i++) x[xRow + i]! += sign * atomData[atomRow + i]!;
      }
    }
    return { x, codes, batchSize };
  }
}
