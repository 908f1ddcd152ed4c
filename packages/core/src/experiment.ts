/**
 * The contract between an experiment family and the sweep machinery. A family is described by
 * an `ExperimentDefinition` (plain data plus a zod schema: no tensors, so the main thread can
 * validate specs without loading TensorFlow.js) and run by an `ExperimentRunner` inside a worker.
 */
import type { z } from 'zod';

/** What one order parameter means and how a phase diagram should draw it. */
export interface OrderParameterInfo {
  /** Column name, e.g. `coverage`. */
  readonly name: string;
  /** One line for legends and reports. */
  readonly description: string;
  /** Where the boundary is drawn by default; absent for quantities without a natural one. */
  readonly threshold?: number;
  /** `above`: reaching the threshold from below means learned (the default). */
  readonly direction?: 'above' | 'below';
  /** The colour scale's range when it is known in advance, e.g. [0, 1]. */
  readonly range?: readonly [number, number];
  /** Whether it is sampled on the learning curve. */
  readonly isOnCurve: boolean;
}

/** A finished cell as a family's report hooks see it. */
export interface FinishedCellView {
  readonly axisValues: Readonly<Record<string, unknown>>;
  /** The fully resolved configuration. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly seed: number;
  readonly orderParameters: Readonly<Record<string, number | null>>;
}

/** A table a family adds to its report, e.g. measured values beside published ones. */
export interface ReportTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<ReadonlyArray<string | number | null>>;
  /** Lines printed under the table (sources, caveats). */
  readonly notes?: readonly string[];
}

/** A family: its name, version, settings and order parameters. */
export interface ExperimentDefinition<Schema extends z.ZodType = z.ZodType> {
  /** Registry name, e.g. `sparse-coding`. */
  readonly name: string;
  /** Bumped whenever the computation changes, so old results are not mistaken for new ones. */
  readonly version: number;
  readonly description: string;
  /** Full settings with defaults; parsing `{}` gives the family's calibrated defaults. */
  readonly configSchema: Schema;
  readonly orderParameters: readonly OrderParameterInfo[];
  /** The order parameter a diagram shows when the spec does not say. */
  readonly defaultOrderParameter: string;
  /**
   * A theory's prediction of an order parameter for a configuration, if the family has one;
   * diagrams draw where the prediction crosses the threshold beside the measured boundary.
   */
  readonly predictOrderParameter?: (name: string, config: unknown) => number | undefined;
  /** Tables printed with the sweep's report, computed from its finished cells. */
  readonly reportTables?: (cells: readonly FinishedCellView[]) => ReportTable[];
}

/** Order parameters sampled during training, as parallel arrays. */
export interface LearningCurve {
  readonly steps: number[];
  readonly values: Record<string, number[]>;
}

/** How a run ended: `diverged` means the loss or weights became NaN or infinite. */
export type RunOutcome = 'finished' | 'diverged';

/** What one cell produced. */
export interface RunResult {
  readonly outcome: RunOutcome;
  /** Final order parameters; `null` where a value does not exist (e.g. never learned). */
  readonly orderParameters: Record<string, number | null>;
  readonly curve: LearningCurve;
  /** Training steps taken. */
  readonly steps: number;
  /** Wall time of the run in seconds, including evaluation. */
  readonly seconds: number;
  /** TensorFlow.js backend the run used. */
  readonly backend: string;
  /** Step at which the run diverged, when it did. */
  readonly divergedAtStep?: number;
}

/** Options a runner receives from whoever drives it. */
export interface RunOptions {
  /** Name of the TensorFlow.js backend already started in this thread. */
  readonly backend: string;
  /** Checked between steps; an aborted run throws. */
  readonly signal?: AbortSignal;
}

/** Runs one cell of a family: a validated configuration and a seed. */
export type ExperimentRunner<Config> = (
  config: Config,
  seed: number,
  options: RunOptions,
) => Promise<RunResult>;
