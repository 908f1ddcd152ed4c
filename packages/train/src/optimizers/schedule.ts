/** Learning-rate schedules, as plain functions of the step. */

/** `constant` keeps the rate; `cosine` decays it to 0 over the run: lr/2 (1 + cos(pi t/T)). */
export type ScheduleKind = 'constant' | 'cosine';

/** The learning rate to use at `step` (0-based) of a run of `numSteps` steps. */
export function scheduledLearningRate(
  kind: ScheduleKind,
  baseRate: number,
  step: number,
  numSteps: number,
): number {
  switch (kind) {
    case 'constant':
      return baseRate;
    case 'cosine':
      return 0.5 * baseRate * (1 + Math.cos((Math.PI * step) / numSteps));
  }
}
