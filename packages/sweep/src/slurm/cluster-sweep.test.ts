import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planCells } from '../cells.ts';
import { parseSpec } from '../spec.ts';
import { STORE_FORMAT_VERSION } from '../records.ts';
import { StoreWriter } from '../store/index.ts';
import { readClusterState } from './cluster-state.ts';
import { clusterStatus, resubmitSweep, submitSweep, type ClusterOptions } from './cluster-sweep.ts';
import { sbatchResourcesSchema } from './sbatch-script.ts';
import { SlurmClient, type CommandRunner } from './slurm-client.ts';

const specJson = {
  name: 'demo',
  experiment: 'fault-injection',
  axes: { value: [0, 1, 2, 3, 4], steps: [10, 20] },
  seeds: 1,
  diagram: { x: 'value', y: 'steps' },
};

/** A fake cluster: numbered job ids, and a queue the test sets. */
function fakeCluster() {
  const submitted: string[][] = [];
  let nextJob = 100;
  let queue = '';
  const run: CommandRunner = async (command, args) => {
    if (command === 'sbatch') {
      submitted.push([...args]);
      return { exitCode: 0, stdout: `${nextJob++}\n`, stderr: '' };
    }
    if (command === 'squeue') return { exitCode: 0, stdout: queue, stderr: '' };
    return { exitCode: 0, stdout: 'MaxArraySize = 4\n', stderr: '' };
  };
  return { client: new SlurmClient({ run }), submitted,
    setQueue: (text: string) => { queue = text; } };
}

function setUp(cellsPerTask: number) {
  const dir = mkdtempSync(join(tmpdir(), 'phasegrid-cluster-'));
  const specPath = join(dir, 'demo.json');
  writeFileSync(specPath, JSON.stringify(specJson));
  const cluster = fakeCluster();
  const options: ClusterOptions = {
    specPath, resultsDir: join(dir, 'results'), cellsPerTask,
    resources: sbatchResourcesSchema.parse({}), client: cluster.client,
    task: { nodePath: '/usr/bin/node', binPath: '/opt/phasegrid.mjs', workDir: dir },
  };
  return { dir, options, cluster, spec: parseSpec(specJson, specPath) };
}

describe('submitSweep', () => {
  it('splits shards into arrays indexed from 0 below MaxArraySize, with offsets', async () => {
    const { options, cluster, spec } = setUp(1);
    const result = await submitSweep(spec, options);
    // 10 cells, 1 per task: 10 shards; MaxArraySize 4: arrays of 4, 4 and 2.
    expect(result.numShards).toBe(10);
    expect(result.arrays.map((array) => [array.shardOffset, array.indices]))
      .toEqual([[0, '0-3'], [4, '0-3'], [8, '0-1']]);
    expect(cluster.submitted).toHaveLength(3);
    expect(result.arrays[1]!.scriptText).toContain('export PHASEGRID_SHARD_OFFSET=4\n');
    const state = readClusterState(join(options.resultsDir!, 'demo'))!;
    expect(state.submissions[0]!.arrays.map((array) => array.jobId)).toEqual(['100', '101',
      '102']);
    expect(readFileSync(result.arrays[0]!.script, 'utf8')).toBe(result.arrays[0]!.scriptText);
  });

  it('writes and submits nothing in a dry run', async () => {
    const { options, cluster, spec } = setUp(3);
    const result = await submitSweep(spec, { ...options, isDryRun: true });
    expect(result.arrays).toHaveLength(1);
    expect(result.arrays[0]!.indices).toBe('0-3');
    expect(cluster.submitted).toHaveLength(0);
    expect(readClusterState(join(options.resultsDir!, 'demo'))).toBeUndefined();
  });
});

describe('resubmitSweep and clusterStatus', () => {
  it('resubmits only shards with unfinished cells that are not still queued', async () => {
    const { options, cluster, spec } = setUp(1);
    await submitSweep(spec, options);
    // Finish every cell but those of shards 2, 5 and 9; shard 5's task is still pending.
    const writer = StoreWriter.open(join(options.resultsDir!, 'demo'), 'test');
    for (const cell of planCells(spec)) {
      if ([2, 5, 9].includes(cell.index % 10)) continue;
      writer.append({ kind: 'finished', formatVersion: STORE_FORMAT_VERSION, cellId: cell.id,
        atMs: 1, writer: 'test', attempt: 1, cell: { experiment: cell.experiment,
          experimentVersion: 1, seed: cell.seed, axisValues: cell.axisValues, config: {} },
        result: { outcome: 'finished', orderParameters: { value: 1 },
          curve: { steps: [], values: {} }, steps: 1, seconds: 0, backend: 'wasm' },
        provenance: { phasegridVersion: '0', nodeVersion: 'v20', hostname: 'h', platform: 'p' } });
    }
    writer.close();
    // Shard 5's task is pending; shard 9's old task is remembered as failed.
    cluster.setQueue('101_1|PENDING\n102_1|FAILED\n');

    const status = await clusterStatus(spec, options);
    expect(status).toMatchObject({ numCells: 10, numFinished: 7, numNotStarted: 3,
      incompleteShards: [2, 5, 9] });
    expect(status.jobs).toEqual([{ jobId: '100', states: {} },
      { jobId: '101', states: { PENDING: 1 } }, { jobId: '102', states: { FAILED: 1 } }]);

    const again = await resubmitSweep(spec, options);
    expect(again.arrays.map((array) => [array.shardOffset, array.indices]))
      .toEqual([[0, '2'], [8, '1']]);
    expect(cluster.submitted.at(-1)!.at(-1)).toMatch(/submit-2-array-1\.sbatch$/);
  });

  it('refuses to resubmit after the spec changed', async () => {
    const { options, spec } = setUp(2);
    await submitSweep(spec, options);
    const changed = parseSpec({ ...specJson, seeds: 2 }, options.specPath);
    await expect(resubmitSweep(changed, options)).rejects.toThrow(/spec changed/);
  });
});
