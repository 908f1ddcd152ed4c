import { describe, expect, it } from 'vitest';
import { checkedOutcome } from './cell-pool.ts';

const finishedReply = (orderParameters: Record<string, number | null>) => ({
  kind: 'finished',
  cellId: 'abc',
  result: {
    outcome: 'finished', orderParameters, curve: { steps: [], values: {} },
    steps: 1, seconds: 0.1, backend: 'plain-js',
  },
});

describe('checkedOutcome', () => {
  it('passes a valid reply through', () => {
    expect(checkedOutcome('abc', finishedReply({ corr: 0.5, lag: null }))).toMatchObject(
      { kind: 'finished', result: { orderParameters: { corr: 0.5, lag: null } } });
  });

  it('turns a NaN order parameter into an INVALID_RESULT failure naming it on one line', () => {
    const outcome = checkedOutcome('abc', finishedReply({ corr: 0.5, ceiling: Number.NaN }));
    expect(outcome.kind).toBe('failed');
    if (outcome.kind !== 'failed') return;
    expect(outcome.cellId).toBe('abc');
    expect(outcome.error.code).toBe('INVALID_RESULT');
    expect(outcome.error.message).toMatch(
      /^the cell's result is invalid: result\.orderParameters\.ceiling: .*NaN/);
    expect(outcome.error.message).not.toContain('\n');
  });
});
