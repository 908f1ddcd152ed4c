import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.ts';
import { compileCanonicalTemplate } from './canonical-template.ts';

describe('compileCanonicalTemplate', () => {
  it('renders what canonicalJson gives for the filled-in object, keys sorted around slots', () => {
    const base = { z: [1, { b: 2, a: 1 }], b: { y: 1, x: 2, w: { q: true } }, a: 3 };
    const template = compileCanonicalTemplate(base, ['b.x', 'c', 'b.w.q'])!;
    const filled = { ...base, b: { ...base.b, x: { k: 5, j: 4 }, w: { q: false } }, c: 's' };
    expect(template.render([canonicalJson({ k: 5, j: 4 }), '"s"', 'false']))
      .toBe(canonicalJson(filled));
  });

  it('declines paths inside other paths and paths through non-objects', () => {
    expect(compileCanonicalTemplate({ v: { s: 1 } }, ['v', 'v.s'])).toBeUndefined();
    expect(compileCanonicalTemplate({ v: 3 }, ['v.s'])).toBeUndefined();
  });
});
