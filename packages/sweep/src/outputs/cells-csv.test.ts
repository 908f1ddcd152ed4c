import { describe, expect, it } from 'vitest';
import { cellsCsv, type CellsCsvInput } from './cells-csv.ts';

const AXIS_PATHS = ['views.strength', 'data.noise', 'views.kind'];
const ORDER_NAMES = ['coverage', 'probe'];

function cell(id: string, strength: number, noise: number, seed: number,
  final: Record<string, number | null>, kind: unknown = 'mask'): CellsCsvInput {
  return {
    cellId: id,
    axisValues: { 'views.strength': strength, 'data.noise': noise, 'views.kind': kind },
    seed,
    result: { outcome: 'finished', orderParameters: final, steps: 500, seconds: 1.25,
      backend: 'cpu' },
  };
}

describe('cellsCsv', () => {
  it('writes the golden header: axes, seed, order parameters, run columns, cell id', () => {
    const [header] = cellsCsv([], AXIS_PATHS, ORDER_NAMES).split('\n');
    expect(header).toBe('views.strength,data.noise,views.kind,seed,coverage,probe,outcome,steps,' +
      'seconds,backend,cell_id');
  });

  it('sorts rows by axis values in the given path order, then seed', () => {
    const cells = [
      cell('c', 1, 0.1, 0, { coverage: 1, probe: 0.9 }),
      cell('b', 0.25, 0.2, 1, { coverage: 0.5, probe: 0.8 }),
      cell('a', 0.25, 0.2, 0, { coverage: 0.25, probe: 0.7 }),
      cell('d', 0.25, 0.1, 2, { coverage: 0, probe: 0.6 }),
    ];
    const ids = cellsCsv(cells, AXIS_PATHS, ORDER_NAMES).trim().split('\n').slice(1)
      .map((line) => line.split(',').at(-1));
    expect(ids).toEqual(['d', 'a', 'b', 'c']);
  });

  it('writes null and missing values as empty fields and numbers unrounded', () => {
    const csv = cellsCsv([cell('x', 0.1, 0.30000000000000004, 3, { coverage: null })],
      AXIS_PATHS, ORDER_NAMES);
    expect(csv.split('\n')[1]).toBe('0.1,0.30000000000000004,mask,3,,,finished,500,1.25,cpu,x');
  });

  it('writes object axis values as compact JSON, quoted for CSV', () => {
    const csv = cellsCsv([cell('x', 0, 0, 0, {}, { keep: 0.5, kind: 'mask' })], AXIS_PATHS, []);
    expect(csv.split('\n')[1]).toBe('0,0,"{""keep"":0.5,""kind"":""mask""}",0,finished,500,1.25,' +
      'cpu,x');
  });

  it('gives the same text whatever order the cells arrive in', () => {
    const cells = [cell('a', 0, 0.1, 0, { coverage: 1 }), cell('b', 0, 0.1, 1, { coverage: 0 })];
    expect(cellsCsv(cells, AXIS_PATHS, ORDER_NAMES))
      .toBe(cellsCsv([...cells].reverse(), AXIS_PATHS, ORDER_NAMES));
  });
});
