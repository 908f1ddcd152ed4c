/**
 * Canonical JSON: object keys sorted, numbers in JavaScript's shortest round-trip form. Two
 * values that mean the same (`1000`, `1e3` and `1000.0` all parse to one number; key order is
 * irrelevant) have the same canonical text, which is what cell ids are hashed from.
 */

/** Canonical JSON text of a JSON-compatible value. Throws on NaN, Infinity and undefined. */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
      return Object.is(value, -0) ? '0' : String(value);
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? canonicalArray(value) : canonicalObject(value);
    default:
      throw new TypeError(`not JSON-compatible: ${typeof value}`);
  }
}

// Plain loops and string building: planning hashes every cell of sweeps with millions of
// cells, and the map/filter/join version was the largest cost.
function canonicalArray(values: readonly unknown[]): string {
  let text = '[';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) text += ',';
    text += canonicalJson(values[i]);
  }
  return `${text}]`;
}

function canonicalObject(object: object): string {
  const record = object as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let text = '{';
  let isFirst = true;
  for (const key of keys) {
    const entry = record[key];
    if (entry === undefined) continue;
    text += `${isFirst ? '' : ','}${quotedKey(key)}:${canonicalJson(entry)}`;
    isFirst = false;
  }
  return `${text}}`;
}

const quotedKeys = new Map<string, string>();

/** JSON-quoted key, memoised: configurations reuse a few dozen keys millions of times. */
function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}
