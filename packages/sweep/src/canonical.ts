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
      return Object.is(value, -0) ? '0' : JSON.stringify(value);
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'object':
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      return `{${Object.keys(value)
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .sort()
        .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
        .join(',')}}`;
    default:
      throw new TypeError(`not JSON-compatible: ${typeof value}`);
  }
}
