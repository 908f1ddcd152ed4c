/**
 * A sweep on a real one-node SLURM (tools/local-slurm.sh, MaxArraySize 4): submitted as
 * several arrays, merged by `report`, equal to a local run cell by cell; and a task killed mid-
 * run, then resubmitted, leaving nothing missing and nothing run twice.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phasegridSync, sleep, writeSpec } from './helpers.ts';
import { readStore } from './imports.ts';

const SCRIPT = new URL('../../../tools/local-slurm.sh', import.meta.url).pathname;
const isRoot = process.getuid?.() === 0;
const isRequired = process.env.PHASEGRID_REQUIRE_SLURM === '1';
if (isRequired && !isRoot) throw new Error('PHASEGRID_REQUIRE_SLURM=1 but not running as root');

const workDir = mkdtempSync(join(tmpdir(), 'phasegrid-slurm-e2e-'));
const clusterDir = join(workDir, 'cluster');
const slurmEnv: NodeJS.ProcessEnv = {};

/** `squeue` through the test cluster's configuration. */
function squeue(args: string[]): string {
  return execFileSync('squeue', args, { encoding: 'utf8', env: { ...process.env, ...slurmEnv } });
}

/** Polls the queue until no task of the sweep is left (or `timeoutMs` passes). */
async function waitForQueueToEmpty(jobName: string, timeoutMs = 300_000): Promise<void> {
  const startMs = Date.now();
  while (squeue(['-h', '-n', jobName]).trim() !== '') {
    if (Date.now() - startMs > timeoutMs) throw new Error(`${jobName} still queued`);
    await sleep(500);
  }
}

function cli(args: string[]) {
  return phasegridSync(workDir, args, slurmEnv);
}

/** cells.csv without wall times, the only column allowed to differ between runs. */
function cellsWithoutTimes(sweepDir: string): string {
  const [header, ...rows] = readFileSync(join(sweepDir, 'cells.csv'), 'utf8').trim().split('\n');
  const secondsColumn = header!.split(',').indexOf('seconds');
  return [header!, ...rows].map((row) =>
    row.split(',').filter((_, i) => i !== secondsColumn).join(',')).join('\n');
}

describe.skipIf(!isRoot)('SLURM job arrays on a real scheduler', () => {
  beforeAll(() => {
    const up = spawnSync('bash', [SCRIPT, 'up', '--max-array-size', '4', '--dir', clusterDir],
      { encoding: 'utf8', timeout: 300_000 });
    if (up.status !== 0) throw new Error(`local SLURM did not start:\n${up.stdout}${up.stderr}`);
    const env = readFileSync(join(clusterDir, 'env.sh'), 'utf8');
    for (const match of env.matchAll(/^export (\w+)=['"]?([^'"\n]*)['"]?$/gm)) {
      slurmEnv[match[1]!] = match[2]!;
    }
    expect(slurmEnv.SLURM_CONF).toBeDefined();
  }, 300_000);

  afterAll(() => {
    if (existsSync(clusterDir)) {
      spawnSync('bash', [SCRIPT, 'down', '--dir', clusterDir], { timeout: 120_000 });
    }
    rmSync(workDir, { recursive: true, force: true });
  }, 120_000);

  it('splits a sweep into arrays, runs them, and reports what a local run gives', async () => {
    const spec = writeSpec(workDir, 'cluster.json', {
      name: 'cluster',
      experiment: 'sparse-coding',
      base: { training: { steps: 60 }, evaluation: { everySteps: 20, probeSamples: 64 } },
      axes: { 'views.strength': [0, 1], 'data.noise': [0.2, 0.3] },
      seeds: 2,
      diagram: { x: 'views.strength', y: 'data.noise' },
    });
    const clusterResults = join(workDir, 'cluster-results');
    const startMs = Date.now();
    const submit = cli(['slurm', 'submit', spec, '--results', clusterResults,
      '--cells-per-task', '1']);
    expect(submit.code).toBe(0);
    // 8 cells, 1 per task: 8 shards; MaxArraySize 4 makes two arrays.
    expect(submit.stdout.trim().split('\n')).toHaveLength(2);
    expect(submit.stderr).toContain('2 array(s), 8 shard(s) in all (MaxArraySize 4)');

    await waitForQueueToEmpty('phasegrid-cluster');
    const status = cli(['slurm', 'status', spec, '--results', clusterResults]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('cells: 8 in all, 8 finished, 0 failed');
    expect(status.stdout).toContain('shards: 8, 8 complete');
    const report = cli(['report', spec, '--results', clusterResults]);
    expect(report.code).toBe(0);
    const elapsedS = (Date.now() - startMs) / 1000;

    const local = cli(['grid', spec, '--results', join(workDir, 'local-results')]);
    expect(local.code).toBe(0);
    const clusterCells = cellsWithoutTimes(join(clusterResults, 'cluster'));
    expect(clusterCells.split('\n')).toHaveLength(9);
    expect(clusterCells).toBe(cellsWithoutTimes(join(workDir, 'local-results', 'cluster')));
    expect(readStore(join(clusterResults, 'cluster')).records.size).toBe(8);
    console.info(`cluster sweep: submit to report ${elapsedS.toFixed(1)} s\n${status.stdout}`);
  }, 600_000);

  it('resubmits a task killed mid-run; nothing is missing and nothing runs twice', async () => {
    const spec = writeSpec(workDir, 'killed.json', {
      name: 'killed',
      experiment: 'fault-injection',
      base: { behaviour: 'finish', seconds: 2 },
      axes: { value: [0, 1, 2, 3], steps: [10, 20] },
      seeds: 1,
      diagram: { x: 'value', y: 'steps' },
    });
    const results = join(workDir, 'killed-results');
    const submit = cli(['slurm', 'submit', spec, '--results', results, '--cells-per-task', '2']);
    expect(submit.code).toBe(0);
    const jobId = submit.stdout.trim();

    // Wait until task 0 is running and has started its first cell, then kill it.
    const startMs = Date.now();
    while (!squeue(['-h', '-r', '-j', jobId, '-t', 'RUNNING', '-o', '%i']).includes(`${jobId}_0`)
      || !existsSync(join(results, 'killed', 'records'))) {
      if (Date.now() - startMs > 120_000) throw new Error('task 0 never ran');
      await sleep(200);
    }
    await sleep(1500);
    // SIGKILL to the batch step: plain scancel sends SIGTERM, on which phasegrid lets running
    // cells finish (a graceful stop, tested elsewhere); this test wants a task dying mid-cell.
    execFileSync('scancel', ['-b', '-s', 'KILL', `${jobId}_0`],
      { env: { ...process.env, ...slurmEnv } });
    await waitForQueueToEmpty('phasegrid-killed');

    const before = cli(['slurm', 'status', spec, '--results', results]);
    expect(before.stdout).toMatch(/shards: 4, 3 complete, unfinished: 0/);
    const resubmit = cli(['slurm', 'resubmit', spec, '--results', results]);
    expect(resubmit.code).toBe(0);
    expect(resubmit.stderr).toContain('shards 0 + [0]');
    await waitForQueueToEmpty('phasegrid-killed');

    const after = cli(['slurm', 'status', spec, '--results', results]);
    expect(after.stdout).toContain('cells: 8 in all, 8 finished, 0 failed');
    const finishedPerCell = new Map<string, number>();
    for (const records of readStore(join(results, 'killed')).records.values()) {
      for (const record of records) {
        if (record.kind !== 'finished') continue;
        finishedPerCell.set(record.cellId, (finishedPerCell.get(record.cellId) ?? 0) + 1);
      }
    }
    expect(finishedPerCell.size).toBe(8);
    expect([...finishedPerCell.values()].every((count) => count === 1)).toBe(true);
  }, 600_000);
});
