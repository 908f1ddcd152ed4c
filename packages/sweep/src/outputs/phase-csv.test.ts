import { describe, expect, it } from 'vitest';
import type { PhasePoint } from '../aggregate.ts';
import { phaseCsv } from './phase-csv.ts';

const AXIS_PATHS = ['views.strength', 'data.noise'];

function point(strength: number, noise: number, order: string, mean: number | null,
  predicted: number | null = null): PhasePoint {
  return {
    axisValues: { 'views.strength': strength, 'data.noise': noise },
    order,
    mean,
    std: mean === null ? null : 0.125,
    n: mean === null ? 0 : 3,
    learnedFraction: mean === null ? null : 2 / 3,
    learningStep: mean === null ? null : 200,
    divergedCount: mean === null ? 3 : 0,
    predicted,
  };
}

describe('phaseCsv', () => {
  it('writes the golden header', () => {
    expect(phaseCsv([], AXIS_PATHS)).toBe('views.strength,data.noise,order,mean,std,n,' +
      'learned_fraction,learning_step,diverged,predicted\n');
  });

  it('writes one row per point with nulls as empty fields', () => {
    const lines = phaseCsv([point(0.5, 0.2, 'coverage', 0.75, 12),
      point(1, 0.2, 'coverage', null)], AXIS_PATHS).split('\n');
    expect(lines.slice(1)).toEqual([
      '0.5,0.2,coverage,0.75,0.125,3,0.6666666666666666,200,0,12',
      '1,0.2,coverage,,,0,,,3,',
      '',
    ]);
  });

  it('sorts rows by axis values in path order, then order parameter name', () => {
    const points = [
      point(1, 0.1, 'coverage', 1),
      point(0, 0.2, 'probe', 0.5),
      point(0, 0.2, 'coverage', 0.25),
      point(0, 0.1, 'coverage', 0),
      point(10, 0.1, 'coverage', 0),
    ];
    const keys = phaseCsv(points, AXIS_PATHS).trim().split('\n').slice(1)
      .map((line) => line.split(',').slice(0, 3).join(' '));
    expect(keys).toEqual(['0 0.1 coverage', '0 0.2 coverage', '0 0.2 probe', '1 0.1 coverage',
      '10 0.1 coverage']);
  });
});
