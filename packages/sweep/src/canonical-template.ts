/**
 * Canonical JSON of many configurations that differ only at a few paths: the constant parts
 * are serialised once, and each configuration costs one string join. Planning a sweep of a
 * million cells hashes a million configurations, which is where this pays.
 */
import { canonicalJson } from './canonical.ts';
import { isPlainObject } from './config-paths.ts';

type Part = string | { readonly slot: number };

/** Renders the canonical JSON of the base with the slots filled. */
export interface CanonicalTemplate {
  /** @param slotTexts canonical JSON of each slot's value, in the order of `paths`. */
  render(slotTexts: readonly string[]): string;
}

/**
 * A template for `base` with the values at `paths` left open, or undefined when the paths do
 * not allow one (a path inside another, or through something that is not an object), in which
 * case callers serialise whole configurations instead.
 */
export function compileCanonicalTemplate(
  base: Record<string, unknown>,
  paths: readonly string[],
): CanonicalTemplate | undefined {
  const isNested = paths.some((path, i) =>
    paths.some((other, j) => i !== j && (other === path || other.startsWith(`${path}.`))));
  if (isNested) return undefined;

  const parts = buildParts(base, '', paths);
  if (!parts) return undefined;
  const merged: Part[] = [];
  for (const part of parts) {
    const last = merged.at(-1);
    if (typeof part === 'string' && typeof last === 'string') {
      merged[merged.length - 1] = last + part;
    } else {
      merged.push(part);
    }
  }
  return {
    render: (slotTexts) => {
      let text = '';
      for (const part of merged) text += typeof part === 'string' ? part : slotTexts[part.slot]!;
      return text;
    },
  };
}

function buildParts(node: Record<string, unknown>, prefix: string, paths: readonly string[]):
  Part[] | undefined {
  const slotKeys = paths
    .filter((path) => path.startsWith(prefix) && !path.slice(prefix.length).includes('.'))
    .map((path) => path.slice(prefix.length));
  const keys = [...new Set([
    ...Object.keys(node).filter((key) => node[key] !== undefined),
    ...slotKeys,
  ])].sort();

  const parts: Part[] = ['{'];
  for (const [index, key] of keys.entries()) {
    const path = `${prefix}${key}`;
    parts.push(`${index > 0 ? ',' : ''}${JSON.stringify(key)}:`);
    const slot = paths.indexOf(path);
    if (slot >= 0) {
      parts.push({ slot });
    } else if (paths.some((candidate) => candidate.startsWith(`${path}.`))) {
      const child = node[key];
      if (!isPlainObject(child)) return undefined;
      const childParts = buildParts(child, `${path}.`, paths);
      if (!childParts) return undefined;
      parts.push(...childParts);
    } else {
      parts.push(canonicalJson(node[key]));
    }
  }
  parts.push('}');
  return parts;
}
