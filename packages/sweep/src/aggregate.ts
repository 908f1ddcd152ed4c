/**
 * Turns finished cells into phase-diagram points: one point per combination of axis values (all
 * seeds pooled) and order parameter, with the seed statistics a diagram draws.
 */
import type { OrderParameterInfo, RunResult } from '@phasegrid/core';
import { canonicalJson } from './canonical.ts';
import { InputError, type InputIssue } from './errors.ts';

/** Which two axes a diagram spans, what it colours by, and where its boundary lies. */
export interface DiagramSpec {
  /** Dotted axis path drawn as columns, e.g. `views.strength`. */
  readonly x: string;
  /** Dotted axis path drawn as rows, e.g. `data.noise`. */
  readonly y: string;
  /** Axis path that splits the diagram into one heatmap per value. */
  readonly facet?: string;
  /** Name of the order parameter that colours the cells. */
  readonly order: string;
  /** Overrides the threshold of `order` (and only of `order`). */
  readonly threshold?: number;
}

/** The parts of a run result aggregation reads. */
export type AggregateResult = Pick<RunResult, 'outcome' | 'orderParameters' | 'curve'>;

/** One finished cell: its value on every swept axis (by path), its seed and its result. */
export interface AggregateInput {
  readonly axisValues: Readonly<Record<string, unknown>>;
  readonly seed: number;
  readonly result: AggregateResult;
  /** The cell's resolved configuration, for a family's predictions. */
  readonly config?: Readonly<Record<string, unknown>>;
}

/** A theory's value of an order parameter for a configuration (see ExperimentDefinition). */
export type OrderParameterPrediction = (name: string, config: unknown) => number | undefined;

/** Seed statistics of one order parameter at one combination of axis values. */
export interface PhasePoint {
  /** Value of every swept axis except the seed, by path. */
  readonly axisValues: Readonly<Record<string, unknown>>;
  /** Order parameter name. */
  readonly order: string;
  /** Mean over the seeds with a finite value; null when there are none. */
  readonly mean: number | null;
  /** Sample standard deviation (n - 1); 0 when n = 1, null when n = 0. */
  readonly std: number | null;
  /** Number of seeds with a finite value. */
  readonly n: number;
  /** Fraction of all seeds whose final value is past the threshold; null without threshold. */
  readonly learnedFraction: number | null;
  /** Median first curve step past the threshold, over all seeds (see `aggregatePhase`). */
  readonly learningStep: number | null;
  /** Number of seeds whose run diverged. */
  readonly divergedCount: number;
  /** The family's theoretical value at this point, when it has one. */
  readonly predicted: number | null;
}

/** A threshold and the side of it that counts as learned. */
export interface ResolvedThreshold {
  readonly value: number;
  readonly direction: 'above' | 'below';
}

/**
 * The threshold that applies to `info` in `diagram`: the diagram's own threshold for the order
 * parameter it shows, the family's default otherwise; null when neither exists.
 */
export function resolveThreshold(
  diagram: Pick<DiagramSpec, 'order' | 'threshold'>,
  info: OrderParameterInfo,
): ResolvedThreshold | null {
  const direction = info.direction ?? 'above';
  if (info.name === diagram.order && diagram.threshold !== undefined) {
    return { value: diagram.threshold, direction };
  }
  return info.threshold === undefined ? null : { value: info.threshold, direction };
}

/** Whether `value` is on the learned side of `threshold`; reaching it exactly counts. */
export function isPastThreshold(value: number, threshold: ResolvedThreshold): boolean {
  return threshold.direction === 'above' ? value >= threshold.value : value <= threshold.value;
}

/**
 * A text key for an axis value, equal for values that mean the same: canonical JSON, so `1`,
 * `1.0` and `1e0` (one JS number) or objects with keys in another order give one key.
 */
export function axisValueKey(value: unknown): string {
  return value === undefined ? '' : canonicalJson(value);
}

/**
 * Orders axis values for display and files: numbers ascending first, then strings by code
 * unit, then everything else by canonical JSON, with null and undefined last.
 */
export function compareAxisValues(a: unknown, b: unknown): number {
  const rank = (value: unknown): number =>
    typeof value === 'number' ? 0 : typeof value === 'string' ? 1 : value == null ? 3 : 2;
  const rankA = rank(a);
  const rankB = rank(b);
  if (rankA !== rankB) return rankA - rankB;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const keyA = typeof a === 'string' ? a : canonicalJson(a);
  const keyB = typeof b === 'string' ? b : canonicalJson(b);
  return keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
}

/** An axis value as text: strings as they are, numbers as JS prints them, others as JSON. */
export function formatAxisValue(value: unknown): string {
  if (value == null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return canonicalJson(value);
}

/**
 * An axis value for people to read: a flat object such as `{ kind: 'supcon', variant: 'out' }`
 * shows its fields' values (`supcon out`); anything else as `formatAxisValue` writes it.
 */
export function displayAxisValue(value: unknown): string {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const entries = Object.values(value);
    const isFlat = entries.length > 0 &&
      entries.every((entry) => ['string', 'number', 'boolean'].includes(typeof entry));
    if (isFlat) return entries.join(' ');
  }
  return formatAxisValue(value);
}

/**
 * Pools the seeds of every combination of axis values and summarises each order parameter.
 *
 * Diverged seeds give no value but count in `divergedCount` and, as not learned, in the
 * denominators of `learnedFraction` and `learningStep`. `learningStep` is the lower median over
 * all seeds of the first curve step past the threshold (a seed that never gets there counts as
 * +infinity), so it is always a step on the curve and is null exactly when fewer than half the
 * seeds got there. Points come sorted by axis values (paths in name order), then in the order
 * of `orderParameters`.
 *
 * Throws `InputError` when `diagram.order` is not one of `orderParameters` or when a seed
 * appears twice at the same axis values (pick one record per cell before aggregating).
 *
 * @example
 * const points = aggregatePhase({ x: 'views.strength', y: 'data.noise', order: 'coverage' },
 *   definition.orderParameters, cells);
 */
export function aggregatePhase(
  diagram: DiagramSpec,
  orderParameters: readonly OrderParameterInfo[],
  inputs: readonly AggregateInput[],
  predict?: OrderParameterPrediction,
): PhasePoint[] {
  const issues: InputIssue[] = [];
  if (!orderParameters.some((info) => info.name === diagram.order)) {
    const known = orderParameters.map((info) => info.name).join(', ');
    issues.push({
      path: 'diagram.order',
      message: `expected one of [${known}], received ${JSON.stringify(diagram.order)}`,
    });
  }
  const groups = groupByAxisValues(inputs, issues);
  if (issues.length > 0) throw new InputError('phase diagram', issues);

  const points: PhasePoint[] = [];
  for (const group of groups) {
    for (const info of orderParameters) {
      const config = group.cells[0]?.config;
      const predicted = predict && config ? predict(info.name, config) : undefined;
      points.push({ ...summarise(group, info, resolveThreshold(diagram, info)),
        predicted: predicted !== undefined && Number.isFinite(predicted) ? predicted : null });
    }
  }
  return points;
}

interface Group {
  readonly key: string;
  readonly axisValues: Readonly<Record<string, unknown>>;
  readonly cells: AggregateInput[];
}

function groupByAxisValues(inputs: readonly AggregateInput[], issues: InputIssue[]): Group[] {
  const groups = new Map<string, Group>();
  for (const input of inputs) {
    const key = canonicalJson(input.axisValues);
    let group = groups.get(key);
    if (group === undefined) {
      group = { key, axisValues: { ...input.axisValues }, cells: [] };
      groups.set(key, group);
    }
    if (group.cells.some((cell) => cell.seed === input.seed)) {
      issues.push({
        path: `cells[${key}].seed`,
        message: `seed ${input.seed} appears more than once; keep one finished record per cell`,
      });
      continue;
    }
    group.cells.push(input);
  }

  // Sorting on the values (not on input order) keeps outputs identical however shards are read.
  return [...groups.values()].sort((a, b) => compareGroups(a, b));
}

function compareGroups(a: Group, b: Group): number {
  const paths = [...new Set([...Object.keys(a.axisValues), ...Object.keys(b.axisValues)])].sort();
  for (const path of paths) {
    const order = compareAxisValues(a.axisValues[path], b.axisValues[path]);
    if (order !== 0) return order;
  }
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function summarise(
  group: Group,
  info: OrderParameterInfo,
  threshold: ResolvedThreshold | null,
): Omit<PhasePoint, 'predicted'> {
  const values: number[] = [];
  let divergedCount = 0;
  for (const cell of group.cells) {
    if (cell.result.outcome === 'diverged') {
      divergedCount += 1;
      continue;
    }
    const value = cell.result.orderParameters[info.name];
    if (typeof value === 'number' && Number.isFinite(value)) values.push(value);
  }

  const { mean, std } = meanAndStd(values);
  const seedCount = group.cells.length;
  let learnedFraction: number | null = null;
  if (threshold !== null && seedCount > 0) {
    const learnedCount = values.filter((value) => isPastThreshold(value, threshold)).length;
    learnedFraction = learnedCount / seedCount;
  }
  const learningStep =
    threshold !== null && info.isOnCurve ? medianLearningStep(group.cells, info.name, threshold)
      : null;

  return {
    axisValues: group.axisValues,
    order: info.name,
    mean,
    std,
    n: values.length,
    learnedFraction,
    learningStep,
    divergedCount,
  };
}

function meanAndStd(values: readonly number[]): { mean: number | null; std: number | null } {
  if (values.length === 0) return { mean: null, std: null };
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  if (values.length === 1) return { mean, std: 0 };

  // Two passes: summing squared deviations from the mean avoids the cancellation of E[x^2]-m^2.
  const squares = values.reduce((sum, value) => sum + (value - mean) ** 2, 0);
  return { mean, std: Math.sqrt(squares / (values.length - 1)) };
}

function medianLearningStep(
  cells: readonly AggregateInput[],
  name: string,
  threshold: ResolvedThreshold,
): number | null {
  if (cells.length === 0) return null;
  const steps = cells.map((cell) => firstStepPast(cell.result, name, threshold)).sort(
    (a, b) => a - b,
  );
  const median = steps[Math.ceil(steps.length / 2) - 1] ?? Number.POSITIVE_INFINITY;
  return Number.isFinite(median) ? median : null;
}

/** First curve step past the threshold; +infinity when never, or when the run diverged. */
function firstStepPast(result: AggregateResult, name: string, threshold: ResolvedThreshold):
  number {
  if (result.outcome === 'diverged') return Number.POSITIVE_INFINITY;
  const values = result.curve.values[name] ?? [];
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    const step = result.curve.steps[i];
    if (value === undefined || step === undefined || !Number.isFinite(value)) continue;
    if (isPastThreshold(value, threshold)) return step;
  }
  return Number.POSITIVE_INFINITY;
}
