/**
 * The sbatch script of one job array. Every value that reaches the script is either checked
 * against SLURM's own syntax (directives) or single-quoted for bash (paths, arguments), so a
 * hostile name or path can neither break the script nor run anything.
 */
import { z } from 'zod';

/** Partition and account names: what SLURM accepts, nothing a shell would interpret. */
const SLURM_NAME = /^[A-Za-z0-9_.:+-]+$/;

/** What a cluster asks of a job, as `phasegrid slurm submit` takes it. */
export const sbatchResourcesSchema = z.strictObject({
  /** `--time`: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS. */
  timeLimit: z.string().regex(/^(\d+|\d+:\d{2}|\d+:\d{2}:\d{2}|\d+-\d+(:\d{2}){0,2})$/, {
    message: 'must be a SLURM time: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS',
  }).optional(),
  /** `--mem`: a size such as 4000, 4000M or 4G. */
  memory: z.string().regex(/^\d+[KMGT]?$/, { message: 'must be a size such as 4000M or 4G' })
    .optional(),
  cpusPerTask: z.int().min(1).max(4096).optional(),
  partition: z.string().regex(SLURM_NAME, { message: 'must be a SLURM partition name' })
    .optional(),
  account: z.string().regex(SLURM_NAME, { message: 'must be a SLURM account name' })
    .optional(),
  /** Array throttle: at most this many tasks of one array run at once (`%N`). */
  throttle: z.int().min(1).max(1_000_000).optional(),
  /** Extra `#SBATCH` lines, each written as given. */
  extraDirectives: z.array(z.string().regex(/^#SBATCH --?[A-Za-z][\w-]*([= ][^\n\r\0]*)?$/, {
    message: 'must be one line of the form "#SBATCH --option=value"',
  })).default([]),
  /** Shell lines run before the task (module loads, environment); one line each. */
  setupLines: z.array(z.string().regex(/^[^\n\r\0]*$/, { message: 'must be a single line' }))
    .default([]),
});
/** Resources and scheduling options of a job array, checked against SLURM syntax. */
export type SbatchResources = z.infer<typeof sbatchResourcesSchema>;

/** One array's script. */
export interface SbatchScriptInput {
  readonly sweepName: string;
  /** Array index expression: `0-3` or `1,4,7`. */
  readonly arrayIndices: string;
  /** Shard of array task 0. */
  readonly shardOffset: number;
  readonly numShards: number;
  readonly resources: SbatchResources;
  /** Folder the task starts in. */
  readonly workDir: string;
  /** The task's command, argv style: each element is quoted separately. */
  readonly command: readonly string[];
}

/** Single-quotes `value` for bash: nothing inside is interpreted. */
export function shellQuote(value: string): string {
  if (value.includes('\0')) throw new RangeError('a shell argument cannot contain a NUL byte');
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** The script text. The sweep name must already be a valid spec name (letters, digits, ._-). */
export function sbatchScript(input: SbatchScriptInput): string {
  if (!/^[A-Za-z0-9._-]+$/.test(input.sweepName)) {
    throw new RangeError(`sweep name ${JSON.stringify(input.sweepName)} is not safe in a script`);
  }
  if (!/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(input.arrayIndices)) {
    throw new RangeError(`bad array index expression ${JSON.stringify(input.arrayIndices)}`);
  }
  const { resources } = input;
  const throttle = resources.throttle !== undefined ? `%${resources.throttle}` : '';
  const directives = [
    `#SBATCH --job-name=phasegrid-${input.sweepName}`,
    `#SBATCH --array=${input.arrayIndices}${throttle}`,
    // Preempted tasks go back to the queue; a requeued task skips its finished cells.
    '#SBATCH --requeue',
    '#SBATCH --open-mode=append',
    ...(resources.timeLimit ? [`#SBATCH --time=${resources.timeLimit}`] : []),
    ...(resources.memory ? [`#SBATCH --mem=${resources.memory}`] : []),
    ...(resources.cpusPerTask ? [`#SBATCH --cpus-per-task=${resources.cpusPerTask}`] : []),
    ...(resources.partition ? [`#SBATCH --partition=${resources.partition}`] : []),
    ...(resources.account ? [`#SBATCH --account=${resources.account}`] : []),
    ...resources.extraDirectives,
  ];
  return [
    '#!/bin/bash',
    `# phasegrid sweep "${input.sweepName}", ${input.numShards} shards: array task i ` +
      `(i in ${input.arrayIndices}) runs shard ${input.shardOffset} + i.`,
    '# Written by `phasegrid slurm submit`; the output file is given on sbatch\'s command line.',
    ...directives,
    '',
    'set -euo pipefail',
    ...resources.setupLines,
    `export PHASEGRID_SHARD_OFFSET=${input.shardOffset}`,
    `export PHASEGRID_SHARD_COUNT=${input.numShards}`,
    `cd ${shellQuote(input.workDir)}`,
    // exec: the scheduler's SIGTERM (preemption, time limit) must reach phasegrid itself.
    `exec ${input.command.map(shellQuote).join(' ')}`,
    '',
  ].join('\n');
}

/** How many indices `0-3,7` names. */
export function countIndices(expression: string): number {
  return expression.split(',').reduce((count, part) => {
    const [low, high] = part.split('-').map(Number);
    return count + (high === undefined ? 1 : high - low! + 1);
  }, 0);
}
