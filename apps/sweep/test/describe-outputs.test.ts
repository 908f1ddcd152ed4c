import { describe, expect, it } from 'vitest';
import { formatTable } from '../src/commands/describe-outputs.ts';

describe('formatTable', () => {
  it('aligns columns, writes nulls as dashes and numbers to three figures', () => {
    const text = formatTable({ title: 'R^2 by setting',
      columns: ['setting', 'reported', 'measured'],
      rows: [['sphere, kappa 10', 0.994, 0.99712], ['box', null, 1]], notes: ['(reported)'] });
    expect(text).toBe([
      '',
      'R^2 by setting',
      'setting           reported  measured',
      '----------------  --------  --------',
      'sphere, kappa 10  0.994     0.997',
      'box               -         1',
      '(reported)',
      '',
    ].join('\n'));
  });
});
