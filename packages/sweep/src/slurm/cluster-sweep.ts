/**
 * A sweep on a SLURM cluster: split into shards, one array task per shard, arrays split at the
 * cluster's MaxArraySize, submitted without waiting. Status and resubmit read the store and the
 * queue; `phasegrid report` merges what the tasks wrote.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { canonicalJson } from '../canonical.ts';
import { countCells, planCells } from '../cells.ts';
import { InputError } from '../errors.ts';
import { writeFileAtomic } from '../outputs/write-atomic.ts';
import { sweepDirectory } from '../run-sweep.ts';
import type { Spec } from '../spec.ts';
import { readStore } from '../store/index.ts';
import {
  compressIndices,
  readClusterState,
  shardOfTask,
  slurmDirectory,
  writeClusterState,
  type ClusterState,
  type SubmittedArray,
} from './cluster-state.ts';
import { sbatchScript, type SbatchResources } from './sbatch-script.ts';
import { isActiveState, SlurmClient, type QueuedTask } from './slurm-client.ts';

/** How array tasks start phasegrid: `<node> <bin> run-shard <spec> --results <dir> ...`. */
export interface TaskCommand {
  readonly nodePath: string;
  readonly binPath: string;
  readonly workDir: string;
  /** Extra `run-shard` flags, e.g. `--cell-timeout 600`. */
  readonly extraArgs?: readonly string[];
}

/** Options of `submitSweep` and `resubmitSweep`. */
export interface ClusterOptions {
  readonly specPath: string;
  readonly resultsDir?: string;
  readonly resources: SbatchResources;
  readonly task: TaskCommand;
  /** Cells per array task (default 10); fixes the number of shards at the first submit. */
  readonly cellsPerTask?: number;
  /** Skip asking `scontrol` (and use this instead). */
  readonly maxArraySize?: number;
  /** Write the scripts, submit nothing. */
  readonly isDryRun?: boolean;
  readonly client?: SlurmClient;
}

/** What a submit or resubmit did. */
export interface SubmitResult {
  readonly numShards: number;
  readonly maxArraySize: number;
  readonly arrays: ReadonlyArray<SubmittedArray & { readonly scriptText: string }>;
  readonly slurmDir: string;
}

const DEFAULT_CELLS_PER_TASK = 10;
const SLURM_DEFAULT_MAX_ARRAY_SIZE = 1001;

/** Submits every shard of the sweep as one or more job arrays, and returns without waiting. */
export async function submitSweep(spec: Spec, options: ClusterOptions): Promise<SubmitResult> {
  const sweepDir = sweepDirectory(spec, options.resultsDir);
  const cellsPerTask = options.cellsPerTask ?? DEFAULT_CELLS_PER_TASK;
  const numShards = Math.max(1, Math.ceil(countCells(spec) / cellsPerTask));
  const client = options.client ?? new SlurmClient();
  const maxArraySize = options.maxArraySize ?? await client.maxArraySize().catch((error) => {
    // A dry run only prints scripts: SLURM's default limit will do where SLURM is absent.
    if (options.isDryRun) return SLURM_DEFAULT_MAX_ARRAY_SIZE;
    throw error;
  });

  const shards = Array.from({ length: numShards }, (_, shard) => shard);
  const state: ClusterState = { formatVersion: 1, numShards, cellsPerTask, maxArraySize,
    specSnapshot: readFileSync(options.specPath, 'utf8'), submissions: [] };
  return submitShards(spec, options, state, shards, 'submit', client);
}

/**
 * Submits again only the shards that still have unfinished cells and are not already pending
 * or running in the queue.
 */
export async function resubmitSweep(spec: Spec, options: ClusterOptions): Promise<SubmitResult> {
  const sweepDir = sweepDirectory(spec, options.resultsDir);
  const state = readClusterState(sweepDir);
  if (!state) {
    throw new InputError(options.specPath, [{ path: '', message: `nothing was submitted for ` +
      `"${spec.name}" under ${sweepDir}; use phasegrid slurm submit` }]);
  }
  assertSameSpec(spec, state, options.specPath);
  const client = options.client ?? new SlurmClient();
  const queued = options.isDryRun ? [] : await client.queuedTasks(jobName(spec));
  const busy = busyShards(state, queued);
  const shards = incompleteShards(spec, sweepDir, state.numShards)
    .filter((shard) => !busy.has(shard));
  return submitShards(spec, options, state, shards, 'resubmit', client);
}

/** Cells, shards and queued tasks of a cluster sweep. */
export interface ClusterStatus {
  readonly numCells: number;
  readonly numFinished: number;
  readonly numFailed: number;
  /** Started (by a task that may still be running, or that died) but not finished. */
  readonly numStarted: number;
  readonly numNotStarted: number;
  readonly numShards: number;
  readonly incompleteShards: readonly number[];
  /** Task states per array job id (finished ones while SLURM remembers), one squeue call. */
  readonly jobs: ReadonlyArray<{ readonly jobId: string; readonly states: Record<string, number> }>;
}

/**
 * Counts the finished, failed and unfinished cells and shards of a submitted sweep, with the
 * SLURM states of its tasks.
 */
export async function clusterStatus(spec: Spec, options: { resultsDir?: string;
  client?: SlurmClient }): Promise<ClusterStatus> {
  const sweepDir = sweepDirectory(spec, options.resultsDir);
  const state = readClusterState(sweepDir);
  const store = readStore(sweepDir);
  const counts = { numCells: 0, numFinished: 0, numFailed: 0, numStarted: 0, numNotStarted: 0 };
  for (const cell of planCells(spec)) {
    counts.numCells += 1;
    const status = store.cells.get(cell.id)?.status;
    if (status === 'finished') counts.numFinished += 1;
    else if (status === 'failed') counts.numFailed += 1;
    else if (status === 'started') counts.numStarted += 1;
    else counts.numNotStarted += 1;
  }

  const queued = state ? await (options.client ?? new SlurmClient()).queuedTasks(jobName(spec))
    : [];
  const submittedJobs = new Set(state?.submissions.flatMap((submission) =>
    submission.arrays.map((array) => array.jobId)) ?? []);
  const jobs = [...submittedJobs].map((jobId) => {
    const states: Record<string, number> = {};
    for (const task of queued.filter((entry) => entry.jobId === jobId)) {
      states[task.state] = (states[task.state] ?? 0) + 1;
    }
    return { jobId, states };
  });
  return {
    ...counts,
    numShards: state?.numShards ?? 0,
    incompleteShards: state ? incompleteShards(spec, sweepDir, state.numShards) : [],
    jobs,
  };
}

async function submitShards(
  spec: Spec,
  options: ClusterOptions,
  state: ClusterState,
  shards: readonly number[],
  kind: 'submit' | 'resubmit',
  client: SlurmClient,
): Promise<SubmitResult> {
  const sweepDir = sweepDirectory(spec, options.resultsDir);
  const slurmDir = resolve(slurmDirectory(sweepDir));
  const logDir = join(slurmDir, 'logs');
  const specCopy = join(slurmDir, 'spec.json');
  const submissionNumber = state.submissions.length + 1;
  if (!options.isDryRun) {
    mkdirSync(logDir, { recursive: true });
    writeFileAtomic(specCopy, state.specSnapshot);
  }

  const arrays: Array<SubmittedArray & { scriptText: string }> = [];
  const submission = { kind, atMs: Date.now(), arrays: [] as SubmittedArray[] };
  const blocks = groupByBlock(shards, state.maxArraySize);
  for (const [blockIndex, [shardOffset, taskIndices]] of [...blocks.entries()].entries()) {
    const indices = compressIndices(taskIndices);
    const scriptText = sbatchScript({
      sweepName: spec.name, arrayIndices: indices, shardOffset, numShards: state.numShards,
      resources: options.resources, workDir: options.task.workDir,
      command: [options.task.nodePath, options.task.binPath, 'run-shard', specCopy,
        '--results', resolve(options.resultsDir ?? 'results'), ...(options.task.extraArgs ?? [])],
    });
    const script = join(slurmDir, `submit-${submissionNumber}-array-${blockIndex}.sbatch`);
    let jobId = '(dry run)';
    if (!options.isDryRun) {
      writeFileAtomic(script, scriptText);
      jobId = await client.submit(script, [`--output=${join(logDir, '%A_%a.out')}`]);
      submission.arrays.push({ jobId, script, shardOffset, indices });
      // Saved after every array, so a failure part way still records what was submitted.
      writeClusterState(sweepDir, { ...state,
        submissions: [...state.submissions, submission] });
    }
    arrays.push({ jobId, script, shardOffset, indices, scriptText });
  }
  return { numShards: state.numShards, maxArraySize: state.maxArraySize, arrays, slurmDir };
}

/**
 * Shards grouped into arrays of indices below `maxArraySize`: shard s goes to the array with
 * offset `maxArraySize * floor(s / maxArraySize)` as task `s - offset`.
 */
function groupByBlock(shards: readonly number[], maxArraySize: number): Map<number, number[]> {
  const blocks = new Map<number, number[]>();
  for (const shard of shards) {
    const offset = Math.floor(shard / maxArraySize) * maxArraySize;
    blocks.set(offset, [...(blocks.get(offset) ?? []), shard - offset]);
  }
  return blocks;
}

/** Shards with at least one cell the store has not finished. */
function incompleteShards(spec: Spec, sweepDir: string, numShards: number): number[] {
  const store = readStore(sweepDir);
  const incomplete = new Set<number>();
  for (const cell of planCells(spec)) {
    if (store.cells.get(cell.id)?.status !== 'finished') incomplete.add(cell.index % numShards);
  }
  return [...incomplete].sort((a, b) => a - b);
}

/** Shards whose tasks are still pending or running. */
function busyShards(state: ClusterState, queued: readonly QueuedTask[]): Set<number> {
  const arrays = new Map(state.submissions.flatMap((submission) =>
    submission.arrays.map((array) => [array.jobId, array] as const)));
  const busy = new Set<number>();
  for (const task of queued) {
    const array = arrays.get(task.jobId);
    if (array && task.taskIndex !== undefined && isActiveState(task.state)) {
      busy.add(shardOfTask(array, task.taskIndex));
    }
  }
  return busy;
}

function assertSameSpec(spec: Spec, state: ClusterState, specPath: string): void {
  if (canonicalJson(JSON.parse(state.specSnapshot)) === canonicalJson(spec.source)) return;
  throw new InputError(specPath, [{ path: '', message: 'the spec changed since it was ' +
    'submitted, so its shards would differ; submit it again with phasegrid slurm submit ' +
    '(finished cells are kept)' }]);
}

/** SLURM job name of a sweep's arrays. */
export function jobName(spec: Spec): string {
  return `phasegrid-${spec.name}`;
}
