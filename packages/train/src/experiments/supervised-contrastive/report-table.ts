/**
 * The family's report table: measured class-probe accuracy beside the Bayes ceiling of the
 * data, so a reader sees how much of the attainable accuracy each objective reaches.
 */
import type { FinishedCellView, ReportTable } from '@phasegrid/core';

/**
 * Accuracy of the Bayes-optimal classifier for the labelled sparse coding model:
 * `integral phi(x) Phi(x + a / sigma)^(C - 1) dx`. With orthonormal atoms and isotropic noise
 * the class atoms' projections `a e_c + N(0, sigma^2 I)` carry all the information about the
 * class (the other atoms and the noise outside their span are independent of it), and the best
 * rule picks the largest projection. No classifier of the clean samples does better, the
 * linear probe on an encoder's outputs included.
 */
export function bayesClassAccuracy(numClasses: number, amplitude: number, noise: number): number {
  if (noise === 0) return amplitude > 0 ? 1 : 1 / numClasses;
  const separation = amplitude / noise;
  const stepX = 0.005;
  let sum = 0;
  // phi is below 1e-14 beyond |x| = 8; a rectangle rule on so smooth an integrand is exact
  // to far below the precision reported.
  for (let x = -8; x <= 8; x += stepX) {
    sum += Math.exp(-0.5 * x * x) * normalCdf(x + separation) ** (numClasses - 1);
  }
  return (sum * stepX) / Math.sqrt(2 * Math.PI);
}

/** Standard normal CDF from a Chebyshev-fitted erfc (fractional error below 1.2e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const polynomial = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
    t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(-z * z + polynomial);
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

interface Group {
  readonly objective: string;
  readonly amplitude: number;
  readonly noise: number;
  readonly classes: number;
  readonly accuracies: number[];
}

/** One row per objective, class amplitude and noise level, means over seeds. */
export function supervisedContrastiveReportTables(cells: readonly FinishedCellView[]):
  ReportTable[] {
  const groups = new Map<string, Group>();
  for (const cell of cells) {
    const accuracy = cell.orderParameters.class_probe_accuracy;
    if (accuracy === null || accuracy === undefined) continue;
    const data = cell.config.data as { classAmplitude: number; noise: number; classes: number };
    const objective = objectiveLabel(cell.config.objective as Record<string, unknown>);
    const key = JSON.stringify([objective, data.classAmplitude, data.noise, data.classes]);
    const group = groups.get(key) ?? { objective, amplitude: data.classAmplitude,
      noise: data.noise, classes: data.classes, accuracies: [] };
    group.accuracies.push(accuracy);
    groups.set(key, group);
  }
  if (groups.size === 0) return [];

  const rows = [...groups.values()]
    .sort((a, b) => a.noise - b.noise || a.amplitude - b.amplitude ||
      a.objective.localeCompare(b.objective))
    .map((group) => {
      const mean = group.accuracies.reduce((s, v) => s + v, 0) / group.accuracies.length;
      const ceiling = bayesClassAccuracy(group.classes, group.amplitude, group.noise);
      return [group.objective, group.amplitude, group.noise, group.accuracies.length,
        round3(mean), round3(ceiling)];
    });
  return [{
    title: 'Class-probe accuracy against the Bayes ceiling',
    columns: ['objective', 'classAmplitude', 'noise', 'seeds', 'class_probe_accuracy',
      'bayes_ceiling'],
    rows,
    notes: [
      'class_probe_accuracy: mean over seeds of a ridge probe on the encoder\'s outputs for'
        + ' clean held-out samples; chance is 1/classes.',
      'bayes_ceiling: the best accuracy any classifier of the clean samples can reach, from'
        + ' the class atoms\' projections (computed, not measured).',
    ],
  }];
}

function objectiveLabel(objective: Record<string, unknown>): string {
  return objective.kind === 'supcon' ? `supcon (${String(objective.variant)})`
    : String(objective.kind);
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
