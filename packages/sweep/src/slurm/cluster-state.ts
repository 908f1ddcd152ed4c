/**
 * What `phasegrid slurm submit` remembers under `results/<sweep>/slurm/`: the shard plan and
 * every array it submitted, so status and resubmit know which job runs which shards.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { writeFileAtomic } from '../outputs/write-atomic.ts';

export const submittedArraySchema = z.object({
  jobId: z.string(),
  script: z.string(),
  /** Shard of array task 0. */
  shardOffset: z.int(),
  /** The `--array` index expression, e.g. `0-3` or `1,5`. */
  indices: z.string(),
});
/** One submitted job array: its job id, shard offset and task indices. */
export type SubmittedArray = z.infer<typeof submittedArraySchema>;

export const clusterStateSchema = z.object({
  formatVersion: z.literal(1),
  numShards: z.int().min(1),
  cellsPerTask: z.int().min(1),
  maxArraySize: z.int().min(1),
  /** The spec as submitted; tasks read this copy, so later edits cannot reshuffle shards. */
  specSnapshot: z.string(),
  submissions: z.array(z.object({
    kind: z.enum(['submit', 'resubmit']),
    atMs: z.number(),
    arrays: z.array(submittedArraySchema),
  })),
});
/** What `slurm submit` keeps on disk: the spec it saw, the shard plan, every array sent. */
export type ClusterState = z.infer<typeof clusterStateSchema>;

export function slurmDirectory(sweepDir: string): string {
  return join(sweepDir, 'slurm');
}

/** The saved state, or undefined before the first submit. */
export function readClusterState(sweepDir: string): ClusterState | undefined {
  const path = join(slurmDirectory(sweepDir), 'state.json');
  if (!existsSync(path)) return undefined;
  const parsed = clusterStateSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    throw new InputError(path, parsed.error.issues.map((issue) => ({
      path: issue.path.join('.'), message: issue.message })));
  }
  return parsed.data;
}

export function writeClusterState(sweepDir: string, state: ClusterState): void {
  writeFileAtomic(join(slurmDirectory(sweepDir), 'state.json'),
    `${JSON.stringify(state, null, 2)}\n`);
}

/** The shard a task of `array` runs. */
export function shardOfTask(array: SubmittedArray, taskIndex: number): number {
  return array.shardOffset + taskIndex;
}

/** `[1, 2, 3, 7]` -> `1-3,7`. */
export function compressIndices(indices: readonly number[]): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]!;
    while (i + 1 < sorted.length && sorted[i + 1] === sorted[i]! + 1) i++;
    ranges.push(start === sorted[i] ? `${start}` : `${start}-${sorted[i]}`);
  }
  return ranges.join(',');
}
