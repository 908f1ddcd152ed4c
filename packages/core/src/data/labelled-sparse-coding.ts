/**
 * Labelled sparse coding data: the sparse coding model of Wen & Li (2021) with a class label.
 *
 * Each of `C` classes owns one atom (atoms `0..C-1` of the dictionary). A sample of class `c`
 * has its class atom active with sign +1 and amplitude `a`; the other class atoms are inactive;
 * every remaining atom is active with probability `k/d` and a random sign, as in the unlabelled
 * model; dense Gaussian noise is added on top. The class atom's sign is fixed because the odd
 * symmetric-ReLU encoder maps `+M_c` and `-M_c` to opposite features: with random signs no
 * linear probe could tell the class from the encoder's outputs.
 */
import { z } from 'zod';
import type { DenseMatrix } from '../linalg.ts';
import type { Random } from '../random.ts';
import { SparseCodingModel } from './sparse-coding.ts';

/** Settings of the labelled sparse coding model. */
export const labelledSparseCodingDataSchema = z.strictObject({
  /** Number of atoms `d`, class atoms included. */
  atoms: z.int().min(1).max(4096).default(16),
  /** Ambient dimension `d1`. */
  dim: z.int().min(1).max(65536).default(128),
  /** Expected number of active atoms per sample among the `d` atoms, `k` (rate `k/d`). */
  activeAtoms: z.number().positive().default(2),
  /** Standard deviation `sigma` of the dense noise, per coordinate. */
  noise: z.number().min(0).max(100).default(0.25),
  /** Number of classes `C`; class `c` owns atom `c`. */
  classes: z.int().min(2).max(4096).default(4),
  /** Amplitude `a` of the class atom, which is always active with sign +1. */
  classAmplitude: z.number().min(0).max(100).default(0.5),
}).refine((data) => data.atoms <= data.dim, {
  message: 'atoms must not exceed dim (the atoms are orthonormal columns of a dim x dim matrix)',
  path: ['atoms'],
}).refine((data) => data.activeAtoms <= data.atoms, {
  message: 'activeAtoms must not exceed atoms',
  path: ['activeAtoms'],
}).refine((data) => data.classes <= data.atoms, {
  message: 'classes must not exceed atoms (each class owns one atom)',
  path: ['classes'],
});

/** Settings of the labelled sparse-coding model, as its schema parses them. */
export type LabelledSparseCodingDataConfig = z.infer<typeof labelledSparseCodingDataSchema>;

/** One labelled batch. */
export interface LabelledSparseCodingBatch {
  /** Observations, `batchSize x dim`, row-major. */
  readonly x: Float32Array;
  /** Latent codes in {-1, 0, +1} (signs, amplitude aside), `batchSize x atoms`, row-major. */
  readonly codes: Int8Array;
  /** Class of every sample, in `[0, classes)`. */
  readonly labels: Int32Array;
  readonly batchSize: number;
}

/** A fixed dictionary (the unlabelled model's, for the same seed) plus labelled samples. */
export class LabelledSparseCodingModel {
  readonly config: LabelledSparseCodingDataConfig;
  /** Atoms as rows: `atoms x dim`; rows `0..classes-1` are the class atoms. */
  readonly atomRows: DenseMatrix;

  /** @param dictionarySeed fixes `M`, which equals the unlabelled model's for this seed. */
  constructor(config: LabelledSparseCodingDataConfig, dictionarySeed: number) {
    this.config = config;
    const { atoms, dim, activeAtoms, noise } = config;
    this.atomRows = new SparseCodingModel({ atoms, dim, activeAtoms, noise }, dictionarySeed)
      .atomRows;
  }

  /** The class atoms as rows, `classes x dim`. */
  get classAtomRows(): DenseMatrix {
    return this.atomSlice(0, this.config.classes);
  }

  /** The atoms no class owns, as rows, `(atoms - classes) x dim`. */
  get otherAtomRows(): DenseMatrix {
    return this.atomSlice(this.config.classes, this.config.atoms);
  }

  /**
   * Draws `batchSize` fresh samples with uniformly drawn labels. Noise is drawn standard
   * normal and then scaled, and every draw is made whatever the settings, so runs that differ
   * only in `noise` or `classAmplitude` see the same random numbers.
   */
  sample(rng: Random, batchSize: number): LabelledSparseCodingBatch {
    const { atoms, dim, activeAtoms, noise, classes, classAmplitude } = this.config;
    const activeProbability = activeAtoms / atoms;
    const x = new Float32Array(batchSize * dim);
    const codes = new Int8Array(batchSize * atoms);
    const labels = new Int32Array(batchSize);

    rng.fillNormal(x, noise);
    for (let n = 0; n < batchSize; n++) {
      const label = rng.integer(classes);
      labels[n] = label;
      codes[n * atoms + label] = 1;
      this.addAtom(x, n, label, classAmplitude);
      for (let j = classes; j < atoms; j++) {
        const isActive = rng.uniform() < activeProbability;
        const sign = rng.uniform() < 0.5 ? -1 : 1;
        if (!isActive) continue;
        codes[n * atoms + j] = sign;
        this.addAtom(x, n, j, sign);
      }
    }
    return { x, codes, labels, batchSize };
  }

  private addAtom(x: Float32Array, sample: number, atom: number, scale: number): void {
    const { dim } = this.config;
    const xRow = sample * dim;
    const atomRow = atom * dim;
    for (let i = 0; i < dim; i++) x[xRow + i]! += scale * this.atomRows.data[atomRow + i]!;
  }

  private atomSlice(from: number, to: number): DenseMatrix {
    const { dim } = this.config;
    return { rows: to - from, cols: dim, data: this.atomRows.data.slice(from * dim, to * dim) };
  }
}
