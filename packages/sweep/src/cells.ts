/**
 * Cells: one fully resolved configuration plus one seed, with an id derived from its content.
 * Planning is lazy: a sweep of millions of cells is walked, never held in memory.
 */
import * as crypto from 'node:crypto';
import { compileCanonicalTemplate, type CanonicalTemplate } from './canonical-template.ts';
import { canonicalJson } from './canonical.ts';
import { withValueAtSegments } from './config-paths.ts';
import { InputError } from './errors.ts';
import { zodIssuesToInputIssues } from './issues.ts';
import type { CellDescription } from './records.ts';
import type { Spec } from './spec.ts';

/** One unit of work. */
export interface Cell extends CellDescription {
  /** Content hash of experiment, version, resolved configuration and seed. */
  readonly id: string;
  /** Position in the plan (0-based), which sharding uses. */
  readonly index: number;
}

/**
 * The id of a cell. Equal for equal content whatever the key order or number spelling, and
 * different when the family's version changes (so old results are not reused for new code).
 */
export function cellId(
  experiment: string,
  experimentVersion: number,
  config: unknown,
  seed: number,
): string {
  return cellIdFromCanonical(experiment, experimentVersion, canonicalJson(config), seed);
}

function cellIdFromCanonical(
  experiment: string,
  experimentVersion: number,
  canonicalConfig: string,
  seed: number,
): string {
  const text = `phasegrid-cell/1\n${experiment}@${experimentVersion}\n${canonicalConfig}\n` +
    `seed=${seed}`;
  return sha256Hex(text).slice(0, 24);
}

/** One-shot `crypto.hash` where Node has it (20.12+), else a Hash object. */
const sha256Hex: (text: string) => string = typeof (crypto as { hash?: unknown }).hash ===
  'function'
  ? (text) => (crypto as unknown as { hash(a: string, t: string): string }).hash('sha256', text)
  : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** How many cells the spec has: the product of the axis lengths times the seeds. */
export function countCells(spec: Spec): number {
  return spec.axes.reduce((count, axis) => count * axis.values.length, spec.seeds.length);
}

/**
 * Walks every cell of the spec. Seeds are the slowest-moving index, so the first pass over the
 * diagram finishes one seed everywhere before the next seed starts: a partial sweep already
 * shows the whole picture. Memory does not grow with the number of cells.
 *
 * @throws InputError when a combination of axis values is invalid although each value alone
 *   is valid (a constraint between settings, such as more atoms than dimensions).
 */
export function* planCells(spec: Spec): Generator<Cell> {
  const numCombinations = spec.axes.reduce((count, axis) => count * axis.values.length, 1);
  const plan: PlanContext = {
    spec,
    template: compileCanonicalTemplate(spec.resolvedBase, spec.axes.map((axis) => axis.path)),
    slotTexts: spec.axes.map((axis) => axis.resolvedValues.map((value) => canonicalJson(value))),
    pathKeys: spec.axes.map((axis) => axis.path.split('.')),
  };
  let index = 0;
  for (let seedIndex = 0; seedIndex < spec.seeds.length; seedIndex++) {
    for (let combination = 0; combination < numCombinations; combination++) {
      yield resolveCell(plan, combination, spec.seeds[seedIndex]!, index, seedIndex === 0);
      index += 1;
    }
  }
}

/**
 * The cell at `combination` (mixed radix over the axes, the last axis fastest). Settings are
 * assembled from values parsed once per spec; the whole configuration goes through the
 * family's schema only for the first seed, which is enough to check every combination once
 * (the schemas' constraints between settings do not involve the seed).
 */
function resolveCell(
  plan: PlanContext,
  combination: number,
  seed: number,
  index: number,
  isFirstSeed: boolean,
): Cell {
  const { spec, template } = plan;
  const axisValues: Record<string, unknown> = {};
  const slotTexts: string[] = new Array<string>(spec.axes.length);
  let config = spec.resolvedBase;
  let remainder = combination;
  for (let a = spec.axes.length - 1; a >= 0; a--) {
    const axis = spec.axes[a]!;
    const valueIndex = remainder % axis.values.length;
    remainder = Math.floor(remainder / axis.values.length);
    axisValues[axis.path] = axis.values[valueIndex];
    slotTexts[a] = plan.slotTexts[a]![valueIndex]!;
    config = withValueAtSegments(config, plan.pathKeys[a]!, 0, axis.resolvedValues[valueIndex]);
  }

  const canonicalConfig = template ? template.render(slotTexts) : canonicalJson(config);
  if (isFirstSeed) {
    checkCombination(spec, config, axisValues);
    // The template is an optimisation: on every first-seed cell, prove it changed nothing.
    if (template && canonicalConfig !== canonicalJson(config)) {
      throw new Error(`internal error: canonical template disagrees for ${spec.name} ` +
        `cell ${JSON.stringify(axisValues)}`);
    }
  }

  const experiment = spec.experiment;
  return {
    id: cellIdFromCanonical(experiment.name, experiment.version, canonicalConfig, seed),
    index,
    experiment: experiment.name,
    experimentVersion: experiment.version,
    seed,
    axisValues: orderedAxisValues(spec, axisValues),
    config,
  };
}

interface PlanContext {
  readonly spec: Spec;
  readonly template: CanonicalTemplate | undefined;
  /** Each axis path split into keys. */
  readonly pathKeys: readonly (readonly string[])[];
  /** Canonical JSON of every resolved axis value, per axis. */
  readonly slotTexts: readonly (readonly string[])[];
}

function checkCombination(
  spec: Spec,
  config: Record<string, unknown>,
  axisValues: Record<string, unknown>,
): void {
  const result = spec.experiment.configSchema.safeParse(config);
  if (result.success) return;
  const where = spec.axes
    .map((axis) => `${axis.path} = ${JSON.stringify(axisValues[axis.path])}`).join(', ');
  throw new InputError(`spec "${spec.name}"`,
    zodIssuesToInputIssues(result.error.issues, config).map((issue) => ({
      path: `axes (${where})`,
      message: `this combination gives ${issue.path}: ${issue.message}`,
    })));
}

function orderedAxisValues(spec: Spec, values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(spec.axes.map((axis) => [axis.path, values[axis.path]]));
}

/** Whether the cell at plan position `index` belongs to shard `shard` of `numShards`. */
export function isInShard(index: number, shard: number, numShards: number): boolean {
  return index % numShards === shard;
}
