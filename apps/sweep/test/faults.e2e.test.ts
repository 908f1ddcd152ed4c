/**
 * Cells that fail: an exception, a hang past --cell-timeout, a worker that exits, a worker that
 * runs out of memory, and a diverged run. Each becomes a record; the sweep goes on; the run
 * ends with a summary and exit code 1; --retries tries failed cells again.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { phasegridSync, writeSpec } from './helpers.ts';
import { readStore } from './imports.ts';

const workDir = mkdtempSync(join(tmpdir(), 'phasegrid-faults-'));
const resultsDir = join(workDir, 'results');
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('cells that fail', () => {
  it('records every kind of failure with its code, keeps going, and exits 1', () => {
    const spec = writeSpec(workDir, 'faults.json', {
      name: 'faults',
      experiment: 'fault-injection',
      axes: { behaviour: ['finish', 'throw', 'hang', 'exit', 'allocate', 'diverge'],
        value: [0, 1] },
      seeds: 1,
      diagram: { x: 'behaviour', y: 'value' },
    });
    const run = phasegridSync(workDir, ['grid', spec, '--results', resultsDir, '--workers', '2',
      '--cell-timeout', '4', '--worker-memory-mb', '96']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('(2 finished, 2 diverged, 8 failed;');
    expect(run.stderr).toContain('8 cell(s) failed');

    const store = readStore(join(resultsDir, 'faults'));
    const codes = new Map<string, string[]>();
    for (const state of store.cells.values()) {
      if (state.latest.kind !== 'failed') continue;
      const behaviour = String(state.latest.cell.axisValues.behaviour);
      codes.set(behaviour, [...(codes.get(behaviour) ?? []), state.latest.error.code]);
      if (behaviour === 'allocate') expect(state.latest.error.message).toMatch(/memory/);
      if (behaviour === 'throw') {
        expect(state.latest.error.message).toContain('thrown on purpose');
        expect(state.latest.error.stack).toContain('run.ts');
      }
    }
    expect(Object.fromEntries(codes)).toEqual({
      throw: ['CELL_ERROR', 'CELL_ERROR'],
      hang: ['CELL_TIMEOUT', 'CELL_TIMEOUT'],
      exit: ['WORKER_DIED', 'WORKER_DIED'],
      allocate: ['WORKER_DIED', 'WORKER_DIED'],
    });

    const cellsCsv = readFileSync(join(resultsDir, 'faults', 'cells.csv'), 'utf8');
    expect(cellsCsv.match(/,diverged,/g)).toHaveLength(2);
    const svg = readFileSync(join(resultsDir, 'faults', 'phase-value.svg'), 'utf8');
    expect(svg.match(/data-state="diverged"/g)).toHaveLength(2);
  });

  it('retries failed cells and counts every attempt in the store', () => {
    const spec = writeSpec(workDir, 'flaky.json', {
      name: 'flaky',
      experiment: 'fault-injection',
      base: { behaviour: 'throw', failingSeeds: [1] },
      axes: { value: [0, 1], steps: [10] },
      seeds: 2,
      diagram: { x: 'value', y: 'steps' },
    });
    const run = phasegridSync(workDir, ['grid', spec, '--results', resultsDir, '--retries', '2']);
    expect(run.code).toBe(1);
    expect(run.stderr.match(/; retrying/g)).toHaveLength(4);

    const store = readStore(join(resultsDir, 'flaky'));
    const states = [...store.cells.values()];
    expect(states.filter((state) => state.status === 'finished')).toHaveLength(2);
    const failed = states.filter((state) => state.status === 'failed');
    expect(failed).toHaveLength(2);
    expect(failed.every((state) => state.attempts === 3 && state.failures === 3)).toBe(true);

    // A later run tries the failed cells again, numbering attempts on from the store.
    const again = phasegridSync(workDir, ['grid', spec, '--results', resultsDir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('4 cells: 2 already finished, 2 to run');
    const latest = [...readStore(join(resultsDir, 'flaky')).cells.values()]
      .filter((state) => state.status === 'failed');
    expect(latest.every((state) => state.latest.attempt === 4)).toBe(true);
  });
});
