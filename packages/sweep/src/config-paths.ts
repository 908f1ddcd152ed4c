/**
 * Dotted paths into experiment configurations: setting a value at `views.strength`, and
 * listing every path a family's schema accepts (for "did you mean" errors).
 */
import type { z } from 'zod';

/** Returns a copy of `target` with `value` set at the dotted `path`, creating objects. */
export function withValueAtPath(
  target: Record<string, unknown>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  return withValueAtSegments(target, path.split('.'), 0, value);
}

/** `withValueAtPath` for a path already split into keys (planning sets millions of values). */
export function withValueAtSegments(
  target: Record<string, unknown>,
  keys: readonly string[],
  depth: number,
  value: unknown,
): Record<string, unknown> {
  const key = keys[depth]!;
  if (depth === keys.length - 1) return { ...target, [key]: value };
  const child = target[key];
  return {
    ...target,
    [key]: withValueAtSegments(isPlainObject(child) ? child : {}, keys, depth + 1, value),
  };
}

/** The value at the dotted `path`, or undefined where the path does not lead. */
export function valueAtPath(target: unknown, path: string): unknown {
  let current = target;
  for (const key of path.split('.')) {
    if (!isPlainObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/**
 * Every dotted path to a setting in `schema`, leaves and objects alike (`views` and
 * `views.strength`). Union members contribute all their fields.
 */
export function listConfigPaths(schema: z.ZodType): string[] {
  const paths = new Set<string>();
  collectPaths(schema, '', paths);
  return [...paths].sort();
}

interface SchemaInternals {
  _zod: { def: { type: string; [key: string]: unknown } };
}

function collectPaths(schema: z.ZodType, prefix: string, paths: Set<string>): void {
  const def = (schema as unknown as SchemaInternals)._zod.def;
  switch (def.type) {
    case 'default':
    case 'prefault':
    case 'optional':
    case 'nullable':
    case 'readonly':
      collectPaths(def.innerType as z.ZodType, prefix, paths);
      return;
    case 'pipe':
      collectPaths(def.in as z.ZodType, prefix, paths);
      return;
    case 'union':
      for (const option of def.options as z.ZodType[]) collectPaths(option, prefix, paths);
      return;
    case 'object':
      for (const [key, child] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        const path = prefix ? `${prefix}.${key}` : key;
        paths.add(path);
        collectPaths(child, path, paths);
      }
      return;
    default:
      return;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `override` laid over `defaults`, object by object. An object whose `kind` differs from the
 * default's replaces it whole: `{ kind: 'identity' }` over `{ kind: 'mask', strength: 1 }` is
 * `{ kind: 'identity' }`, not a mask with a stray strength.
 */
export function mergeConfig(defaults: unknown, override: unknown): unknown {
  if (!isPlainObject(defaults) || !isPlainObject(override)) return override;
  if ('kind' in override && override.kind !== defaults.kind) return override;

  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(override)) {
    merged[key] = key in defaults ? mergeConfig(defaults[key], value) : value;
  }
  return merged;
}
