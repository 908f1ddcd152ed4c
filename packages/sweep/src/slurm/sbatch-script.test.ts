import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countIndices, sbatchResourcesSchema, sbatchScript, shellQuote } from './sbatch-script.ts';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);

const typical = {
  sweepName: 'sparse-coding',
  arrayIndices: '0-3',
  shardOffset: 4,
  numShards: 9,
  resources: sbatchResourcesSchema.parse({ timeLimit: '1-02:00:00', memory: '4G',
    cpusPerTask: 4, partition: 'short', account: 'lab_1', throttle: 2,
    extraDirectives: ['#SBATCH --qos=low'], setupLines: ['module load nodejs/20'] }),
  workDir: '/home/me/phasegrid',
  command: ['/usr/bin/node', '/home/me/phasegrid/apps/sweep/bin/phasegrid.mjs', 'run-shard',
    '/scratch/results/sparse-coding/slurm/spec.json', '--results', '/scratch/results'],
};

describe('sbatchScript', () => {
  it('matches the golden script for a typical array', () => {
    expect(sbatchScript(typical)).toBe(readFileSync(fixture('typical-array.sbatch'), 'utf8'));
  });

  it('matches the golden script with no options', () => {
    const bare = { ...typical, arrayIndices: '1,3-4', shardOffset: 0, numShards: 5,
      resources: sbatchResourcesSchema.parse({}) };
    expect(sbatchScript(bare)).toBe(readFileSync(fixture('bare-array.sbatch'), 'utf8'));
  });

  it('passes hostile paths and arguments to the program unchanged, running nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'phasegrid sbatch $(x) '));
    const canary = join(dir, 'pwned');
    const hostile = [`a b'c"d`, `$(touch ${canary})`, `; touch ${canary} ;`, '`touch x`', '\\n*'];
    // printf stands in for node: it prints each argument it receives on its own line.
    const script = sbatchScript({ ...typical, resources: sbatchResourcesSchema.parse({}),
      workDir: dir, command: ['/usr/bin/printf', '%s\\n', ...hostile] });
    const path = join(dir, 'test.sbatch');
    writeFileSync(path, script);
    const printed = execFileSync('/bin/bash', [path], { encoding: 'utf8' });
    expect(printed.split('\n').slice(0, -1)).toEqual(hostile);
    expect(() => readFileSync(canary)).toThrow();
  });

  it('refuses an unsafe sweep name or index expression', () => {
    expect(() => sbatchScript({ ...typical, sweepName: 'a;b' })).toThrow(RangeError);
    expect(() => sbatchScript({ ...typical, arrayIndices: '0-3; rm' })).toThrow(RangeError);
  });
});

describe('sbatchResourcesSchema', () => {
  it('accepts SLURM\'s time formats and refuses anything a shell would read', () => {
    for (const timeLimit of ['30', '30:00', '2:30:00', '1-12', '1-12:30', '1-12:30:00']) {
      expect(sbatchResourcesSchema.safeParse({ timeLimit }).success).toBe(true);
    }
    for (const bad of [{ timeLimit: '1h' }, { memory: '4 G' }, { partition: 'a b' },
      { account: '$(id)' }, { extraDirectives: ['#SBATCH --x=1\nrm -rf /'] },
      { extraDirectives: ['echo hi'] }, { setupLines: ['a\nb'] }]) {
      expect(sbatchResourcesSchema.safeParse(bad).success).toBe(false);
    }
  });
});

describe('shellQuote and countIndices', () => {
  it('quotes single quotes the bash way', () => {
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
  });

  it('counts the indices of an array expression', () => {
    expect(countIndices('0-3')).toBe(4);
    expect(countIndices('1,3-4,9')).toBe(4);
  });
});
