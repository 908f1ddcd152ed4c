import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical.ts';
import { cellId, countCells, isInShard, planCells } from './cells.ts';
import { parseJson } from './load-spec.ts';
import { parseSpec } from './spec.ts';

const spec = (axes: Record<string, unknown[]>, base: Record<string, unknown> = {}, seeds = 2) =>
  parseSpec({ name: 't', experiment: 'sparse-coding', base, axes, seeds,
    diagram: { x: Object.keys(axes)[0], y: Object.keys(axes)[1] } }, 'test');

describe('canonicalJson', () => {
  it('sorts keys at every depth and spells numbers one way', () => {
    const a = parseJson('{"b": {"y": 1e3, "x": [1.50, -0]}, "a": true}', 'a');
    const b = parseJson('{"a": true, "b": {"x": [1.5, 0], "y": 1000.0}}', 'b');
    expect(canonicalJson(a)).toBe('{"a":true,"b":{"x":[1.5,0],"y":1000}}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('refuses values JSON cannot hold', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(RangeError);
    expect(() => canonicalJson({ a: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });
});

describe('cell identity', () => {
  it('gives 1000, 1e3 and 1000.0 one id, whatever the key order', () => {
    const ids = ['{"training": {"steps": 1000, "batchSize": 64}}',
      '{"training": {"batchSize": 64, "steps": 1e3}}',
      '{"training": {"steps": 1000.0, "batchSize": 64.0}}']
      .map((text) => [...planCells(spec({ 'views.strength': [1], 'data.noise': [0.2] },
        parseJson(text, 'base') as Record<string, unknown>, 1))][0]!.id);
    expect(new Set(ids).size).toBe(1);
  });

  it('treats a default written out and a default left out as the same cell', () => {
    const implicit = [...planCells(spec({ 'views.strength': [1], 'data.noise': [0.2] }))];
    const explicit = [...planCells(spec({ 'views.strength': [1], 'data.noise': [0.2] },
      { encoder: { width: 32 }, objective: { kind: 'infonce', temperature: 0.5 } }))];
    expect(explicit.map((cell) => cell.id)).toEqual(implicit.map((cell) => cell.id));
  });

  it('changes with the seed, any setting, and the family version', () => {
    const config = { a: 1 };
    const base = cellId('sparse-coding', 1, config, 0);
    expect(cellId('sparse-coding', 1, config, 1)).not.toBe(base);
    expect(cellId('sparse-coding', 1, { a: 2 }, 0)).not.toBe(base);
    expect(cellId('sparse-coding', 2, config, 0)).not.toBe(base);
  });

  it('keeps the ids of existing cells when an axis gains a value', () => {
    const before = new Set([...planCells(spec({ 'views.strength': [0, 1],
      'data.noise': [0.2] }))].map((cell) => cell.id));
    const after = [...planCells(spec({ 'views.strength': [0, 1, 0.5], 'data.noise': [0.2] }))];
    const added = after.filter((cell) => !before.has(cell.id));
    expect(after).toHaveLength(6);
    expect(added).toHaveLength(2);
    expect(added.every((cell) => cell.axisValues['views.strength'] === 0.5)).toBe(true);
  });
});

describe('planCells', () => {
  it('accepts axis values that are valid together though not with the base alone', () => {
    // 200 atoms exceed the default 128 dimensions, but the sweep never pairs them.
    const plan = parseSpec({ name: 't', experiment: 'sparse-coding',
      axes: { 'data.atoms': [16, 200], 'data.dim': [256, 512] }, seeds: 1,
      diagram: { x: 'data.atoms', y: 'data.dim' } }, 'test');
    expect([...planCells(plan)]).toHaveLength(4);
  });

  it('refuses, naming the axis values, a combination that breaks a constraint', () => {
    const plan = parseSpec({ name: 't', experiment: 'sparse-coding', base: { data: { dim: 256 } },
      axes: { 'data.atoms': [16, 200], 'data.dim': [256, 128] }, seeds: 1,
      diagram: { x: 'data.atoms', y: 'data.dim' } }, 'test');
    expect(() => [...planCells(plan)]).toThrow(
      /axes \(data.atoms = 200, data.dim = 128\): this combination gives data.atoms: atoms/);
  });

  it('walks axes x seeds with the seed slowest and resolves every setting', () => {
    const plan = spec({ 'views.strength': [0, 1], 'data.noise': [0.2, 0.3, 0.4] });
    const cells = [...planCells(plan)];
    expect(countCells(plan)).toBe(12);
    expect(cells).toHaveLength(12);
    expect(cells.slice(0, 6).every((cell) => cell.seed === 0)).toBe(true);
    expect(cells[1]!.axisValues).toEqual({ 'views.strength': 0, 'data.noise': 0.3 });
    expect((cells[5]!.config.views as { strength: number }).strength).toBe(1);
    expect((cells[5]!.config.data as { noise: number }).noise).toBe(0.4);
    expect((cells[5]!.config.training as { steps: number }).steps).toBe(500);
    expect(new Set(cells.map((cell) => cell.id)).size).toBe(12);
  });

  it('splits the plan into balanced shards that cover every cell once', () => {
    const cells = [...planCells(spec({ 'views.strength': [0, 0.5, 1], 'data.noise': [0.2, 0.3] },
      {}, 2))];
    const shards = [0, 1, 2, 3, 4].map((shard) =>
      cells.filter((cell) => isInShard(cell.index, shard, 5)));
    expect(shards.map((shard) => shard.length).sort()).toEqual([2, 2, 2, 3, 3]);
    expect(new Set(shards.flat().map((cell) => cell.id)).size).toBe(cells.length);
  });
});
