/**
 * Interrupts: the first SIGINT or SIGTERM stops handing out cells and lets running ones finish
 * and be recorded; a second one exits at once; a resumed run finishes the rest.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliProcess, phasegridSync, sleep, writeSpec } from './helpers.ts';
import { readStore } from './imports.ts';

const workDir = mkdtempSync(join(tmpdir(), 'phasegrid-interrupt-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function slowSpec(name: string, seconds: number) {
  return writeSpec(workDir, `${name}.json`, {
    name,
    experiment: 'fault-injection',
    base: { behaviour: 'finish', seconds },
    axes: { value: [0, 1, 2, 3], steps: [10, 20] },
    seeds: 1,
    diagram: { x: 'value', y: 'steps' },
  });
}

/**
 * Resolves once the first cells have started: the first progress line comes right after every
 * lane has started its first cell. A short pause lets the cells get under way.
 */
async function cellsRunning(run: CliProcess): Promise<void> {
  await run.waitForStderr(/cells, [1-9] running/);
  await sleep(300);
}

function finishedCount(name: string): number {
  const store = readStore(join(workDir, 'results', name));
  return [...store.cells.values()].filter((cell) => cell.status === 'finished').length;
}

describe('interrupts', () => {
  it('records the cells running at SIGINT, exits 130, and resumes the rest', async () => {
    const spec = slowSpec('sigint', 1.5);
    const args = ['grid', spec, '--results', join(workDir, 'results'), '--workers', '2'];
    const run = new CliProcess(workDir, args);
    await cellsRunning(run);
    run.signal('SIGINT');
    const result = await run.exit();

    expect(result.code).toBe(130);
    expect(result.stderr).toContain('stopping: no new cells');
    // The two cells running at the signal were allowed to finish and were recorded; no new
    // cell started after it.
    expect(finishedCount('sigint')).toBe(2);
    expect(result.stderr).toContain('2 cells run');

    const resumed = phasegridSync(workDir, args);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain('8 cells: 2 already finished, 6 to run');
    expect(finishedCount('sigint')).toBe(8);
  });

  it('exits 143 on SIGTERM', async () => {
    const run = new CliProcess(workDir, ['grid', slowSpec('sigterm', 1), '--results',
      join(workDir, 'results'), '--workers', '1']);
    await cellsRunning(run);
    run.signal('SIGTERM');
    const result = await run.exit();
    expect(result.code).toBe(143);
    expect(finishedCount('sigterm')).toBe(1);
  });

  it('exits at once on a second signal, without waiting for running cells', async () => {
    const run = new CliProcess(workDir, ['grid', slowSpec('twice', 60), '--results',
      join(workDir, 'results'), '--workers', '2']);
    await cellsRunning(run);
    const startMs = Date.now();
    run.signal('SIGINT');
    await run.waitForStderr('stopping');
    run.signal('SIGINT');
    const result = await run.exit();
    expect(result.code).toBe(130);
    expect(Date.now() - startMs).toBeLessThan(30_000);
    expect(finishedCount('twice')).toBe(0);
  });

  it('stops cells that outlast the grace period and records them as interrupted', async () => {
    const run = new CliProcess(workDir, ['grid', slowSpec('grace', 60), '--results',
      join(workDir, 'results'), '--workers', '2', '--grace-period', '1']);
    await cellsRunning(run);
    run.signal('SIGTERM');
    const result = await run.exit();
    expect(result.code).toBe(143);
    expect(result.stderr).toMatch(/failed \(INTERRUPTED\)/);
    const store = readStore(join(workDir, 'results', 'grace'));
    const states = [...store.cells.values()];
    expect(states.filter((cell) => cell.status === 'failed')).toHaveLength(2);
    expect(states.every((cell) => cell.latest.kind !== 'failed' ||
      cell.latest.error.code === 'INTERRUPTED')).toBe(true);
  });
});
