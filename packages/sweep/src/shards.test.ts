import { describe, expect, it } from 'vitest';
import { InputError } from './errors.ts';
import { resolveShard, shardWriterName } from './shards.ts';

describe('resolveShard', () => {
  it('prefers flags, then SLURM task id plus offset, then a Kubernetes completion index', () => {
    const env = { SLURM_ARRAY_TASK_ID: '2', PHASEGRID_SHARD_OFFSET: '8',
      PHASEGRID_SHARD_COUNT: '12', JOB_COMPLETION_INDEX: '5' };
    expect(resolveShard({ index: 1, count: 3 }, env)).toEqual({ index: 1, count: 3 });
    expect(resolveShard({}, env)).toEqual({ index: 10, count: 12 });
    expect(resolveShard({ count: 6 }, { JOB_COMPLETION_INDEX: '5' }))
      .toEqual({ index: 5, count: 6 });
  });

  it('says what is missing or out of range', () => {
    expect(() => resolveShard({ count: 4 }, {})).toThrow(/which shard\?/);
    expect(() => resolveShard({ index: 1 }, {})).toThrow(/how many shards\?/);
    expect(() => resolveShard({ index: 4, count: 4 }, {})).toThrow(InputError);
    expect(() => resolveShard({}, { SLURM_ARRAY_TASK_ID: 'x', PHASEGRID_SHARD_COUNT: '2' }))
      .toThrow(/SLURM_ARRAY_TASK_ID: must be a whole number/);
  });
});

describe('shardWriterName', () => {
  it('differs between a task, its requeue, and a resubmission', () => {
    const shard = { index: 3, count: 10 };
    const first = shardWriterName('demo', shard, { SLURM_ARRAY_JOB_ID: '77',
      SLURM_ARRAY_TASK_ID: '3' });
    const requeued = shardWriterName('demo', shard, { SLURM_ARRAY_JOB_ID: '77',
      SLURM_ARRAY_TASK_ID: '3', SLURM_RESTART_COUNT: '1' });
    const resubmitted = shardWriterName('demo', shard, { SLURM_ARRAY_JOB_ID: '78',
      SLURM_ARRAY_TASK_ID: '0' });
    expect(first).toBe('demo.shard3of10.slurm77.3.r0');
    expect(new Set([first, requeued, resubmitted]).size).toBe(3);
    expect(shardWriterName('demo', shard, {})).toMatch(/^demo\.shard3of10\.[\w.-]+$/);
  });
});
