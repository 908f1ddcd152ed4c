/**
 * Sweep specs: a base configuration, axes (dotted paths to lists of values), seeds, and the
 * phase diagram to draw. `parseSpec` checks everything it can before any cell runs and reports
 * every problem at once, each with its path.
 */
import { findExperiment, experimentDefinitions } from '@phasegrid/train/definitions';
import type { ExperimentDefinition } from '@phasegrid/core';
import { z } from 'zod';
import { canonicalJson } from './canonical.ts';
import {
  isPlainObject,
  listConfigPaths,
  mergeConfig,
  valueAtPath,
  withValueAtPath,
} from './config-paths.ts';
import { InputError, type InputIssue } from './errors.ts';
import { describe, zodIssuesToInputIssues } from './issues.ts';
import { nearest } from './suggest.ts';

/** Limits that keep a typo from planning a sweep nobody meant. */
export const SPEC_LIMITS = {
  maxValuesPerAxis: 10_000,
  maxAxes: 16,
  maxSeeds: 10_000,
  maxCells: 10_000_000,
} as const;

const SWEEP_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** The largest seed: seeds are 32-bit signed integers. */
const MAX_SEED = 2 ** 31 - 1;

const axisValueSchema = z.union([
  z.number(),
  z.string(),
  z.boolean(),
  z.record(z.string(), z.unknown()),
], {
  // JSON turns a number too large for a double, such as 1e999, into Infinity.
  error: (issue) => typeof issue.input === 'number'
    ? 'must be a finite number'
    : 'must be a number, a string, true or false, or an object of settings',
});

export const diagramSchema = z.strictObject({
  /** Axis path drawn left to right. */
  x: z.string(),
  /** Axis path drawn bottom to top. */
  y: z.string(),
  /** Optional axis path: one diagram per value. */
  facet: z.string().optional(),
  /** The headline order parameter (defaults to the family's). */
  order: z.string().optional(),
  /** Where the boundary is drawn for `order` (defaults to the family's threshold). */
  threshold: z.number().optional(),
});

/**
 * The shape of a sweep spec before the family checks its settings: name, family, base, axes,
 * seeds and diagram. Use `parseSpec` for the full validation.
 */
export const specSchema = z.strictObject({
  /** Names the results folder: `results/<name>/`. */
  name: z.string().regex(SWEEP_NAME, {
    message: 'must be 1-100 characters of letters, digits, ".", "_" or "-", starting with a ' +
      'letter or digit (it names a folder: no path separators or "..")',
  }),
  experiment: z.string(),
  description: z.string().optional(),
  /** Settings shared by every cell, overriding the family's defaults. */
  base: z.record(z.string(), z.unknown()).default({}),
  /** Dotted path -> values. */
  axes: z.record(z.string(), z.array(axisValueSchema)).default({}),
  /** A count (seeds 0..n-1) or an explicit list of seeds. */
  seeds: z.union([
    z.int().min(1).max(SPEC_LIMITS.maxSeeds),
    z.array(z.int().min(0).max(MAX_SEED)).min(1).max(SPEC_LIMITS.maxSeeds),
  ], {
    error: `must be a count of seeds, a whole number from 1 to ${SPEC_LIMITS.maxSeeds}, or a ` +
      `list of seeds, whole numbers from 0 to ${MAX_SEED}`,
  }).default(1),
  diagram: diagramSchema.optional(),
});

type RawSpec = z.infer<typeof specSchema>;

const SPEC_KEY_PATHS = [
  ...Object.keys(specSchema.shape),
  ...Object.keys(diagramSchema.shape).map((key) => `diagram.${key}`),
];

/** One swept setting. */
export interface SpecAxis {
  /** Dotted path into the configuration, e.g. `views.strength`. */
  readonly path: string;
  /** The values as the spec wrote them. */
  readonly values: readonly unknown[];
  /** Each value as the family's schema parses it at `path` (objects get their defaults). */
  readonly resolvedValues: readonly unknown[];
}

/** A validated spec, with the diagram resolved and seeds listed. */
export interface Spec {
  readonly name: string;
  readonly experiment: ExperimentDefinition;
  readonly description?: string;
  readonly base: Record<string, unknown>;
  /** The family's defaults with `base` laid over them: what axis values are set into. */
  readonly baseInput: Record<string, unknown>;
  /** The base fully parsed: every setting present, defaults filled in. */
  readonly resolvedBase: Record<string, unknown>;
  /** Axes in the order the spec lists them. */
  readonly axes: readonly SpecAxis[];
  readonly seeds: readonly number[];
  readonly diagram: Required<Pick<z.infer<typeof diagramSchema>, 'x' | 'y' | 'order'>> & {
    readonly facet?: string;
    readonly threshold?: number;
  };
  /** The spec as written, for provenance and reports. */
  readonly source: unknown;
}

/**
 * Validates a parsed JSON value as a spec. `source` names it in errors (usually the file).
 * @throws InputError listing every problem.
 */
export function parseSpec(value: unknown, source: string): Spec {
  if (!isPlainObject(value)) {
    throw new InputError(source, [{ path: '', message: 'a spec must be a JSON object, e.g. ' +
      `{ "name": ..., "experiment": ..., "axes": { ... } } (received ${describe(value)})` }]);
  }
  const issues: InputIssue[] = [];
  const parsed = specSchema.safeParse(value);
  if (!parsed.success) {
    issues.push(...zodIssuesToInputIssues(parsed.error.issues, value, '', SPEC_KEY_PATHS));
  }
  // Keep checking what did parse, so one run reports every problem, not just the first layer.
  const raw = parsed.success ? parsed.data : parseFieldByField(value);

  const experiment = findExperiment(raw.experiment);
  if (!experiment) {
    if (parsed.success || raw.experiment !== '') {
      const known = [...experimentDefinitions.keys()];
      const hint = nearest(raw.experiment, known);
      issues.push({
        path: 'experiment',
        message: `unknown experiment "${raw.experiment}"` +
          (hint ? `; did you mean "${hint}"?` : `; known: ${known.join(', ')}`),
      });
    }
    throw new InputError(source, issues);
  }

  const resolved = checkAxes(raw, experiment, issues);
  const seeds = typeof raw.seeds === 'number'
    ? Array.from({ length: raw.seeds }, (_, i) => i)
    : raw.seeds;
  if (new Set(seeds).size !== seeds.length) {
    issues.push({ path: 'seeds', message: 'lists a seed more than once' });
  }
  const axesAsWritten = value.axes === undefined
    ? []
    : isPlainObject(value.axes) ? Object.keys(value.axes) : undefined;
  const diagram = resolveDiagram(raw, experiment, axesAsWritten, issues);
  if (issues.length > 0) throw new InputError(source, issues);

  return {
    name: raw.name,
    experiment,
    ...(raw.description !== undefined ? { description: raw.description } : {}),
    base: raw.base,
    baseInput: resolveBaseInput(experiment, raw.base),
    resolvedBase: resolved.base!,
    axes: Object.entries(raw.axes).map(([path, values]) =>
      ({ path, values, resolvedValues: resolved.axisValues.get(path)! })),
    seeds,
    diagram,
    source: value,
  };
}

/**
 * Each top-level field parsed on its own, a failed one replaced by a harmless stand-in, so
 * the deeper checks can still run. An axis keeps its invalid values, so that the indices in
 * later problems are the file's; `checkAxisValues` skips them.
 */
function parseFieldByField(value: Record<string, unknown>): RawSpec {
  const field = <T>(schema: z.ZodType<T>, input: unknown, fallback: T): T => {
    const result = schema.safeParse(input);
    return result.success ? result.data : fallback;
  };
  const shape = specSchema.shape;
  const diagram = field(shape.diagram, value.diagram, undefined);
  return {
    name: field(shape.name, value.name, 'invalid'),
    experiment: field(shape.experiment, value.experiment, ''),
    base: field(shape.base, value.base, {}),
    axes: isPlainObject(value.axes)
      ? Object.fromEntries(Object.entries(value.axes)
        .filter((entry): entry is [string, RawSpec['axes'][string]] => Array.isArray(entry[1])))
      : {},
    seeds: field(shape.seeds, value.seeds, 1),
    ...(diagram ? { diagram } : {}),
  };
}

interface ResolvedParts {
  /** The parsed base, when it is valid. */
  readonly base: Record<string, unknown> | undefined;
  /** Parsed values per axis path, for the axes whose every value is valid. */
  readonly axisValues: Map<string, unknown[]>;
}

function checkAxes(raw: RawSpec, experiment: ExperimentDefinition, issues: InputIssue[]):
  ResolvedParts {
  const axisValues = new Map<string, unknown[]>();
  const validPaths = listConfigPaths(experiment.configSchema);
  const entries = Object.entries(raw.axes);
  if (entries.length > SPEC_LIMITS.maxAxes) {
    issues.push({ path: 'axes', message: `has ${entries.length} axes; the limit is ` +
      `${SPEC_LIMITS.maxAxes}` });
  }

  const baseInput = resolveBaseInput(experiment, raw.base);
  const baseResult = experiment.configSchema.safeParse(baseInput);
  const baseIssues = baseResult.success
    ? []
    : zodIssuesToInputIssues(baseResult.error.issues, baseInput, '', validPaths);
  issues.push(...baseIssues.map((issue) => ({ ...issue, path: `base.${issue.path}` })));
  const baseIssueKeys = new Set(baseIssues.map((issue) => `${issue.path}|${issue.message}`));

  let numCells = typeof raw.seeds === 'number' ? raw.seeds : raw.seeds.length;
  for (const [path, values] of entries) {
    const axisPath = `axes[${JSON.stringify(path)}]`;
    if (!validPaths.includes(path)) {
      const hint = nearest(path, validPaths);
      issues.push({
        path: axisPath,
        message: `"${path}" is not a setting of ${experiment.name}` +
          (hint ? `; did you mean "${hint}"?` : '') +
          `; valid paths: ${validPaths.join(', ')}`,
      });
      continue;
    }
    if (values.length === 0) {
      issues.push({ path: axisPath, message: 'has no values; give at least one' });
      continue;
    }
    if (values.length > SPEC_LIMITS.maxValuesPerAxis) {
      issues.push({ path: axisPath, message: `has ${values.length} values; the limit is ` +
        `${SPEC_LIMITS.maxValuesPerAxis}` });
      continue;
    }
    numCells *= values.length;
    const resolvedValues = checkAxisValues(experiment,
      { path, values, axisPath, baseInput, baseIssueKeys }, issues);
    if (resolvedValues) axisValues.set(path, resolvedValues);
  }
  if (numCells > SPEC_LIMITS.maxCells) {
    issues.push({ path: 'axes', message: `the axes and seeds make ${numCells} cells; the limit ` +
      `is ${SPEC_LIMITS.maxCells}` });
  }
  return {
    base: baseResult.success ? baseResult.data as Record<string, unknown> : undefined,
    axisValues,
  };
}

interface AxisToCheck {
  readonly path: string;
  readonly values: readonly unknown[];
  /** How the axis is named in errors, e.g. `axes["views.strength"]`. */
  readonly axisPath: string;
  readonly baseInput: Record<string, unknown>;
  /** Problems the base has already reported, not to be repeated for every value. */
  readonly baseIssueKeys: ReadonlySet<string>;
}

/**
 * Each value alone on top of the base must give a valid configuration. Returns every value as
 * parsed at the axis path, or undefined if any value is invalid.
 */
function checkAxisValues(
  experiment: ExperimentDefinition,
  axis: AxisToCheck,
  issues: InputIssue[],
): unknown[] | undefined {
  const seen = new Map<string, number>();
  const resolvedValues: unknown[] = [];
  let isValid = true;
  axis.values.forEach((value, index) => {
    const valuePath = `${axis.axisPath}[${index}]`;
    if (!axisValueSchema.safeParse(value).success) {
      // Already reported by the spec's schema, with this index.
      isValid = false;
      return;
    }
    const key = canonicalJson(value);
    const firstIndex = seen.get(key);
    if (firstIndex !== undefined) {
      issues.push({ path: valuePath, message: `repeats the value at index ${firstIndex} ` +
        `(${key}); each value must appear once` });
      isValid = false;
      return;
    }
    seen.set(key, index);

    const config = withValueAtPath(axis.baseInput, axis.path, value);
    const result = experiment.configSchema.safeParse(config);
    if (result.success) {
      resolvedValues.push(valueAtPath(result.data, axis.path));
      return;
    }
    // A constraint between settings (a zod refinement, e.g. atoms <= dim) may fail here only
    // because the other settings are at their base values; every combination is checked when
    // the cells are planned, so a plain value that breaks nothing else is deferred to that.
    if (!isPlainObject(value) && result.error.issues.every((issue) => issue.code === 'custom')) {
      resolvedValues.push(value);
      return;
    }
    isValid = false;
    const validPaths = listConfigPaths(experiment.configSchema);
    for (const issue of zodIssuesToInputIssues(result.error.issues, config, '', validPaths)) {
      if (axis.baseIssueKeys.has(`${issue.path}|${issue.message}`)) continue;
      issues.push({ path: valuePath, message: `gives ${issue.path}: ${issue.message}` });
    }
  });
  return isValid ? resolvedValues : undefined;
}

/** The family's defaults (every setting filled in) with the spec's base laid over them. */
function resolveBaseInput(experiment: ExperimentDefinition, base: Record<string, unknown>):
  Record<string, unknown> {
  return mergeConfig(experiment.configSchema.parse({}), base) as Record<string, unknown>;
}

/**
 * @param axesAsWritten the spec's axis paths, valid or not; undefined when `axes` is not an
 *   object (reported already, so the diagram's axes are not checked against it).
 */
function resolveDiagram(
  raw: RawSpec,
  experiment: ExperimentDefinition,
  axesAsWritten: readonly string[] | undefined,
  issues: InputIssue[],
): Spec['diagram'] {
  const axisPaths = axesAsWritten ?? [];
  const diagram = raw.diagram ?? { x: axisPaths[0] ?? '', y: axisPaths[1] ?? axisPaths[0] ?? '' };
  const order = diagram.order ?? experiment.defaultOrderParameter;

  if (!raw.diagram && axesAsWritten && axisPaths.length < 2) {
    const count = axisPaths.length === 0 ? 'has no axes' : 'has one axis';
    issues.push({ path: 'axes', message: `${count}; a phase diagram needs at least two (its x ` +
      'and y)' });
  } else if (axesAsWritten) {
    checkDiagramAxes(diagram, axisPaths, listConfigPaths(experiment.configSchema), issues);
  }
  const orderNames = experiment.orderParameters.map((info) => info.name);
  if (!orderNames.includes(order)) {
    const hint = nearest(order, orderNames);
    issues.push({
      path: 'diagram.order',
      message: `"${order}" is not an order parameter of ${experiment.name}` +
        (hint ? `; did you mean "${hint}"?` : '') + `; known: ${orderNames.join(', ')}`,
    });
  }
  return {
    x: diagram.x,
    y: diagram.y,
    order,
    ...(diagram.facet !== undefined ? { facet: diagram.facet } : {}),
    ...(diagram.threshold !== undefined ? { threshold: diagram.threshold } : {}),
  };
}

function checkDiagramAxes(
  diagram: z.infer<typeof diagramSchema>,
  axisPaths: readonly string[],
  validPaths: readonly string[],
  issues: InputIssue[],
): void {
  const misspeltAxes = axisPaths.filter((path) => !validPaths.includes(path));
  for (const key of ['x', 'y', 'facet'] as const) {
    const path = diagram[key];
    if (path === undefined || axisPaths.includes(path)) continue;
    // A valid setting next to a misspelt axis: the axis's own problem says what to fix.
    if (validPaths.includes(path) && nearest(path, misspeltAxes)) continue;
    const hint = nearest(path, axisPaths);
    issues.push({
      path: `diagram.${key}`,
      message: `"${path}" is not one of the spec's axes` +
        (hint ? `; did you mean "${hint}"?` : '') +
        (axisPaths.length ? `; axes: ${axisPaths.join(', ')}` : '; the spec has no axes'),
    });
  }
  if (diagram.x === diagram.y) {
    issues.push({ path: 'diagram.y', message: 'must differ from diagram.x: a phase diagram ' +
      'needs two swept axes' });
  }
  if (diagram.facet !== undefined && (diagram.facet === diagram.x || diagram.facet === diagram.y)) {
    issues.push({ path: 'diagram.facet', message: 'must differ from diagram.x and diagram.y' });
  }
}
