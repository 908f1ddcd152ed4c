import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from './errors.ts';
import { loadSpec } from './load-spec.ts';
import { parseSpec } from './spec.ts';

const valid = {
  name: 'demo',
  experiment: 'sparse-coding',
  axes: { 'views.strength': [0, 1], 'data.noise': [0.2, 0.3] },
  seeds: 2,
  diagram: { x: 'views.strength', y: 'data.noise' },
};

function problems(value: unknown): string[] {
  try {
    parseSpec(value, 'spec.json');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('BAD_INPUT');
    return (error as InputError).issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  throw new Error('expected the spec to be refused');
}

describe('parseSpec', () => {
  it('accepts a valid spec and fills the diagram\'s defaults', () => {
    const spec = parseSpec(valid, 'spec.json');
    expect(spec.seeds).toEqual([0, 1]);
    expect(spec.diagram).toEqual({ x: 'views.strength', y: 'data.noise', order: 'coverage' });
    expect(spec.axes.map((axis) => axis.path)).toEqual(['views.strength', 'data.noise']);
  });

  it('names the axis value and the setting when a value has the wrong type', () => {
    const found = problems({ ...valid, axes: { ...valid.axes, 'views.strength': [0, '1', 1.5] } });
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(
      /^axes\["views.strength"\]\[1\]: gives views.strength: .*number.*"1" \(string\)/);
    expect(found[1]).toMatch(/^axes\["views.strength"\]\[2\]: gives views.strength: .*1/);
  });

  it('lists every problem at once', () => {
    const found = problems({ ...valid, name: '../x', seeds: 0,
      diagram: { x: 'nope', y: 'data.noise' } });
    expect(found.some((line) => line.startsWith('name:'))).toBe(true);
    expect(found.some((line) => line.startsWith('seeds:'))).toBe(true);
  });

  it('suggests the nearest key for a misspelt one', () => {
    expect(problems({ ...valid, sedes: 3 })).toEqual([
      'sedes: unknown key "sedes"; did you mean "seeds"?']);
    expect(problems({ ...valid, base: { encoder: { widht: 8 } } })[0])
      .toBe('base.encoder.widht: unknown key "widht"; did you mean "width"?');
  });

  it('says when a key belongs to another kind rather than suggesting the key itself', () => {
    expect(problems({ ...valid, base: { views: { kind: 'identity', strength: 1 } } })[0])
      .toBe('base.views.strength: unknown key "strength"; it belongs to another kind of this ' +
        'setting, not the one chosen');
  });

  it('refuses axis paths the family does not have, listing the valid ones', () => {
    const found = problems({ ...valid, axes: { ...valid.axes, 'encoder.widht': [8] } });
    expect(found[0]).toMatch(
      /^axes\["encoder.widht"\]: .*did you mean "encoder.width"\?; valid paths: .*views.strength/);
  });

  it('refuses empty axes, duplicate values and unknown experiments', () => {
    expect(problems({ ...valid, axes: { ...valid.axes, 'data.noise': [] } })[0])
      .toMatch(/^axes\["data.noise"\]: has no values/);
    expect(problems({ ...valid, axes: { ...valid.axes, 'data.noise': [0.2, 0.20] } })[0])
      .toMatch(/^axes\["data.noise"\]\[1\]: repeats the value at index 0/);
    expect(problems({ ...valid, experiment: 'sparse-codin' })[0])
      .toMatch(/did you mean "sparse-coding"/);
  });

  it('refuses a diagram over axes the spec does not sweep, or an unknown order parameter', () => {
    const found = problems({ ...valid, diagram: { x: 'views.strength', y: 'data.nosie',
      order: 'coverag' } });
    expect(found).toContain('diagram.y: "data.nosie" is not one of the spec\'s axes; did you ' +
      'mean "data.noise"?; axes: views.strength, data.noise');
    expect(found.some((line) => /diagram.order: .*did you mean "coverage"/.test(line))).toBe(true);
  });
});

describe('loadSpec', () => {
  const folder = mkdtempSync(join(tmpdir(), 'phasegrid-spec-'));

  it('reports invalid JSON with its line and column', () => {
    const path = join(folder, 'broken.json');
    writeFileSync(path, '{\n  "name": "x",\n  "seeds": 3,,\n}\n');
    expect(() => loadSpec(path)).toThrow(/line 3, column 14/);
  });

  it('reports a missing file by its path', () => {
    expect(() => loadSpec(join(folder, 'missing.json'))).toThrow(/missing\.json.*no such file/s);
  });
});
