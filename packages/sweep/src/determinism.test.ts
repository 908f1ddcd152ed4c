/**
 * The same spec gives identical order parameters whatever the number of workers and however
 * the cells are sharded, on the same backend.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSweep } from './run-sweep.ts';
import { parseSpec } from './spec.ts';
import { writeSweepOutputs } from './write-outputs.ts';

const workDir = mkdtempSync(join(tmpdir(), 'phasegrid-determinism-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const spec = parseSpec({
  name: 'same',
  experiment: 'sparse-coding',
  base: { training: { steps: 80 }, evaluation: { everySteps: 20, probeSamples: 64 } },
  axes: { 'views.strength': [0, 1], 'data.noise': [0.2, 0.3] },
  seeds: 2,
  diagram: { x: 'views.strength', y: 'data.noise' },
}, 'determinism');

/** cells.csv without the wall-time column, which is the one thing allowed to differ. */
function resultsWithoutTimes(resultsDir: string): string {
  const lines = readFileSync(join(resultsDir, 'same', 'cells.csv'), 'utf8').trim().split('\n');
  const header = lines[0]!.split(',');
  const secondsColumn = header.indexOf('seconds');
  return lines.map((line) => line.split(',').filter((_, i) => i !== secondsColumn).join(','))
    .join('\n');
}

describe('determinism', () => {
  it('gives identical results on 1 or 2 workers and in 1 or 3 shards', async () => {
    const oneWorker = join(workDir, 'one-worker');
    await runSweep(spec, { resultsDir: oneWorker, numWorkers: 1, backend: 'wasm' });
    const twoWorkers = join(workDir, 'two-workers');
    await runSweep(spec, { resultsDir: twoWorkers, numWorkers: 2, backend: 'wasm' });
    const sharded = join(workDir, 'sharded');
    for (const index of [2, 0, 1]) {
      await runSweep(spec, { resultsDir: sharded, numWorkers: 1, backend: 'wasm',
        shard: { index, count: 3 }, writerName: `shard-${index}` });
    }
    writeSweepOutputs(spec, join(sharded, 'same'));

    const reference = resultsWithoutTimes(oneWorker);
    expect(reference.split('\n')).toHaveLength(1 + 8);
    expect(reference).toContain(',wasm,');
    expect(resultsWithoutTimes(twoWorkers)).toBe(reference);
    expect(resultsWithoutTimes(sharded)).toBe(reference);
  });
});
