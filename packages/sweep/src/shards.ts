/**
 * Shards: a sweep's cells split into `count` fixed, balanced subsets (cell `k` of the plan goes
 * to shard `k mod count`), so any engine that gives a task an index can run one subset, and
 * the same spec always gives the same split.
 */
import { hostname } from 'node:os';
import { InputError } from './errors.ts';

/** One shard of `count`. */
export interface ShardSelection {
  readonly index: number;
  readonly count: number;
}

/** Environment variables the scheduler and phasegrid's own sbatch scripts set. */
export const SHARD_ENV = {
  /** Set by phasegrid in each sbatch script: array task 0 is shard `offset`. */
  offset: 'PHASEGRID_SHARD_OFFSET',
  /** Set by phasegrid in each sbatch script: the number of shards. */
  count: 'PHASEGRID_SHARD_COUNT',
  slurmTask: 'SLURM_ARRAY_TASK_ID',
  kubernetesIndex: 'JOB_COMPLETION_INDEX',
} as const;

/**
 * The shard to run, from flags if given, else from the scheduler's environment: SLURM's array
 * task id plus phasegrid's offset, or a Kubernetes Indexed Job's completion index.
 * @throws InputError when neither says which shard, or the values are out of range.
 */
export function resolveShard(
  flags: { readonly index?: number; readonly count?: number },
  env: NodeJS.ProcessEnv,
): ShardSelection {
  const source = 'phasegrid run-shard';
  const count = flags.count ?? parseWhole(env[SHARD_ENV.count], SHARD_ENV.count);
  if (count === undefined) {
    throw new InputError(source, [{ path: '--of', message: 'how many shards? give --of N ' +
      `(phasegrid's sbatch scripts set ${SHARD_ENV.count})` }]);
  }

  let index = flags.index;
  if (index === undefined && env[SHARD_ENV.slurmTask] !== undefined) {
    const task = parseWhole(env[SHARD_ENV.slurmTask], SHARD_ENV.slurmTask)!;
    index = task + (parseWhole(env[SHARD_ENV.offset], SHARD_ENV.offset) ?? 0);
  } else if (index === undefined && env[SHARD_ENV.kubernetesIndex] !== undefined) {
    index = parseWhole(env[SHARD_ENV.kubernetesIndex], SHARD_ENV.kubernetesIndex);
  }
  if (index === undefined) {
    throw new InputError(source, [{ path: '--shard', message: 'which shard? give --shard I, ' +
      `or run inside a SLURM array task (${SHARD_ENV.slurmTask}) or a Kubernetes Indexed Job ` +
      `(${SHARD_ENV.kubernetesIndex})` }]);
  }
  if (count < 1 || index < 0 || index >= count) {
    throw new InputError(source, [{ path: '--shard', message: `shard ${index} of ${count} ` +
      `does not exist; shards are numbered 0 to ${count - 1}` }]);
  }
  return { index, count };
}

function parseWhole(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InputError('phasegrid run-shard', [{ path: name,
      message: `must be a whole number (received ${JSON.stringify(raw)})` }]);
  }
  return value;
}

/**
 * A store file name for one attempt at a shard, never shared with another writer: the sweep,
 * the shard, and the scheduler's job and restart count when there is one (a requeued or
 * resubmitted task gets a new name), else the host, process and time.
 */
export function shardWriterName(sweep: string, shard: ShardSelection, env: NodeJS.ProcessEnv):
  string {
  const job = env.SLURM_ARRAY_JOB_ID ?? env.SLURM_JOB_ID;
  const attempt = job !== undefined
    ? `slurm${job}.${env.SLURM_ARRAY_TASK_ID ?? '0'}.r${env.SLURM_RESTART_COUNT ?? '0'}`
    : `${hostname()}.${process.pid}.${Date.now().toString(36)}`;
  const name = `${sweep.slice(0, 48)}.shard${shard.index}of${shard.count}.${attempt}`;
  return name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 128);
}
