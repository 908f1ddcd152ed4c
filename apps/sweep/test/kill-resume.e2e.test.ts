/**
 * Crash safety: the whole local run is killed with SIGKILL at random moments (once in the
 * middle of a store write), resumed each time, and at the end every cell is finished exactly
 * once and every record is readable.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSpec, planCells, readStore, Random } from './imports.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { CliProcess, phasegridSync, sleep, writeSpec } from './helpers.ts';

const workDir = mkdtempSync(join(tmpdir(), 'phasegrid-kill-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const spec = {
  name: 'crash',
  experiment: 'fault-injection',
  base: { behaviour: 'finish', seconds: 0.05 },
  axes: { value: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], steps: [10, 20, 30, 40] },
  seeds: 2,
  diagram: { x: 'value', y: 'steps' },
};

describe('kill and resume', () => {
  it('loses no cell, trains no finished cell again and leaves every record readable', async () => {
    const specPath = writeSpec(workDir, 'crash.json', spec);
    const args = ['grid', specPath, '--results', join(workDir, 'results'), '--workers', '2'];
    const rng = new Random(2024, 'kill-times');
    const kills: string[] = [];

    for (let round = 0; round < 12; round++) {
      // Round 3 dies inside a store write (half a frame on disk); the others at a random time
      // after the first cell has been recorded.
      const isTornWrite = round === 3;
      const run = new CliProcess(workDir, args,
        isTornWrite ? { PHASEGRID_TEST_TORN_WRITE_AT: '7' } : {});
      if (!isTornWrite) {
        await run.waitForStderr(/to run on|already finished, 0 to run/);
        await sleep(100 + rng.uniform() * 700);
        run.signal('SIGKILL');
      }
      const result = await run.exit();
      kills.push(`${round}:${result.signal ?? result.code}`);
      if (result.code === 0) break;
      expect(result.signal).toBe('SIGKILL');
    }
    expect(kills.filter((entry) => entry.endsWith('SIGKILL')).length).toBeGreaterThanOrEqual(10);

    const final = phasegridSync(workDir, args);
    expect(final.code).toBe(0);

    const store = readStore(join(workDir, 'results', 'crash'));
    expect(store.problems.filter((problem) => problem.kind !== 'torn-tail')).toEqual([]);
    expect(store.problems.some((problem) => problem.kind === 'torn-tail')).toBe(true);

    const finishedCounts = new Map<string, number>();
    for (const records of store.records.values()) {
      for (const record of records) {
        if (record.kind === 'finished') {
          finishedCounts.set(record.cellId, (finishedCounts.get(record.cellId) ?? 0) + 1);
        }
      }
    }
    const planned = [...planCells(parseSpec(spec, 'crash'))].map((cell) => cell.id);
    expect(planned).toHaveLength(80);
    for (const id of planned) expect(finishedCounts.get(id)).toBe(1);
    expect(finishedCounts.size).toBe(80);
  });
});
