/** Collects order parameters sampled during training into a `LearningCurve`. */
import type { LearningCurve } from '@phasegrid/core';

/** Collects order parameters sampled during training into a `LearningCurve`. */
export class CurveRecorder {
  private readonly steps: number[] = [];
  private readonly values: Record<string, number[]> = {};

  /** @param names the order parameters every sample must carry. */
  constructor(private readonly names: readonly string[]) {
    for (const name of names) this.values[name] = [];
  }

  /** Adds one sample; a repeated step replaces nothing and is ignored. */
  add(step: number, sample: Readonly<Record<string, number>>): void {
    if (this.steps.at(-1) === step) return;
    this.steps.push(step);
    for (const name of this.names) {
      const value = sample[name];
      if (value === undefined) throw new Error(`curve sample at step ${step} lacks ${name}`);
      this.values[name]!.push(value);
    }
  }

  /** The first sampled step at which `name` reached `threshold`, or null if it never did. */
  firstStepReaching(name: string, threshold: number): number | null {
    const series = this.values[name] ?? [];
    const index = series.findIndex((value) => value >= threshold);
    return index < 0 ? null : this.steps[index]!;
  }

  toCurve(): LearningCurve {
    return { steps: [...this.steps], values: structuredClone(this.values) };
  }
}
