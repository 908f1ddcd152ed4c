/**
 * Turning zod issues into `InputIssue`s: one line per problem with a readable path
 * (`axes["views.strength"][2]`), the value received, and for unknown keys the nearest valid one.
 */
import type { z } from 'zod';
import type { InputIssue } from './errors.ts';
import { nearest } from './suggest.ts';

type PathSegment = PropertyKey;

/** `a.b["c.d"][2]` style rendering of a path. */
export function formatPath(segments: readonly PathSegment[], prefix = ''): string {
  let text = prefix;
  for (const segment of segments) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$]*$/.test(segment)) {
      text += text ? `.${segment}` : segment;
    } else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}

/**
 * @param root the value that was validated, to quote what was received.
 * @param prefix prepended to every path (e.g. `base`).
 * @param knownPaths dotted paths the schema accepts, to suggest a key for a misspelt one.
 */
export function zodIssuesToInputIssues(
  issues: readonly z.core.$ZodIssue[],
  root: unknown,
  prefix = '',
  knownPaths: readonly string[] = [],
): InputIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key], prefix),
        message: `unknown key "${key}"${suggestKey(issue.path, key, knownPaths)}`,
      }));
    }
    const received = valueAt(root, issue.path);
    const quoted = received.isPresent ? ` (received ${describe(received.value)})` : '';
    return [{ path: formatPath(issue.path, prefix),
      message: `${explain(issue, received)}${quoted}` }];
  });
}

/** zod's words, except where they would leave the reader guessing. */
function explain(issue: z.core.$ZodIssue, received: { isPresent: boolean; value?: unknown }) {
  if (issue.code !== 'invalid_type') return issue.message;
  if (!received.isPresent) return `is missing (expected ${issue.expected})`;
  // JSON turns a number too large for a double, such as 1e999, into Infinity.
  const { value } = received;
  if (typeof value === 'number' && !Number.isFinite(value)) return 'must be a finite number';
  return issue.message;
}

function suggestKey(parent: readonly PathSegment[], key: string, knownPaths: readonly string[]) {
  const parentPath = parent.filter((segment) => typeof segment === 'string').join('.');
  const siblings = knownPaths
    .filter((path) => parentPath === '' ? !path.includes('.') : path.startsWith(`${parentPath}.`))
    .map((path) => path.slice(parentPath === '' ? 0 : parentPath.length + 1))
    .filter((rest) => !rest.includes('.'));
  const hint = nearest(key, siblings);
  // The key exists, but in another variant of the object (e.g. a setting of another `kind`).
  if (hint === key) return '; it belongs to another kind of this setting, not the one chosen';
  if (hint) return `; did you mean "${hint}"?`;
  return siblings.length > 0 ? `; valid keys: ${siblings.join(', ')}` : '';
}

function valueAt(root: unknown, path: readonly PathSegment[]):
  { isPresent: boolean; value?: unknown } {
  let current = root;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return { isPresent: false };
    if (!(segment in current)) return { isPresent: false };
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return { isPresent: true, value: current };
}

/** A short rendering of a received value with its type, e.g. `"0.5" (string)`. */
export function describe(value: unknown): string {
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  let text: string;
  if (typeof value === 'number') text = String(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  if (text.length > 60) text = `${text.slice(0, 57)}...`;
  return type === 'object' || type === 'array' ? `${text} (${type})` : `${text} (${type})`;
}
