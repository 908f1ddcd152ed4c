/**
 * `phasegrid slurm submit|status|resubmit <spec>`: a sweep as SLURM job arrays. Submitting
 * returns at once; status reads the store and one `squeue`; resubmit sends only the shards that
 * still have unfinished cells. `phasegrid report` merges the results.
 */
import { fileURLToPath } from 'node:url';
import {
  clusterStatus,
  InputError,
  loadSpec,
  resubmitSweep,
  sbatchResourcesSchema,
  submitSweep,
  type ClusterOptions,
  type SubmitResult,
} from '@phasegrid/sweep';
import { InputProblems, integerFlag, parseCommandArgs, specArgument } from '../cli-args.ts';
import type { Command, CommandIo } from '../command.ts';
import { EXIT } from '../exit-codes.ts';

const SUBCOMMANDS = ['submit', 'status', 'resubmit'] as const;

export const slurmCommand: Command = {
  name: 'slurm',
  summary: 'run a sweep as SLURM job arrays: submit, status, resubmit',
  usage: 'phasegrid slurm submit|status|resubmit <spec> [--cells-per-task N] [--throttle N] ' +
    '[--time T] [--mem M] [--cpus-per-task C] [--partition P] [--account A] ' +
    '[--sbatch-line "#SBATCH ..."]... [--setup "command"]... [--dry-run] [--results DIR]',
  example: 'phasegrid slurm submit sweeps/sparse-coding.json --cells-per-task 20 --time 30 ' +
    '--cpus-per-task 4 --setup "module load nodejs"',
  flags: {
    spec: { type: 'string' },
    results: { type: 'string' },
    'cells-per-task': { type: 'string' },
    throttle: { type: 'string' },
    time: { type: 'string' },
    mem: { type: 'string' },
    'cpus-per-task': { type: 'string' },
    partition: { type: 'string' },
    account: { type: 'string' },
    'sbatch-line': { type: 'string', multiple: true },
    setup: { type: 'string', multiple: true },
    'max-array-size': { type: 'string' },
    'cell-timeout': { type: 'string' },
    'grace-period': { type: 'string' },
    'dry-run': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
  flagHelp: {
    'cells-per-task': 'cells per array task (default 10); fixes the number of shards',
    throttle: 'at most this many tasks of an array at once (%N)',
    time: 'time limit per task (sbatch --time)',
    mem: 'memory per task (sbatch --mem), e.g. 4G',
    'cpus-per-task': 'cores per task (sbatch --cpus-per-task); the task uses them all',
    partition: 'partition (sbatch --partition)',
    account: 'account (sbatch --account)',
    'sbatch-line': 'an extra "#SBATCH ..." line; repeatable',
    setup: 'a shell line run before each task (module loads, environment); repeatable',
    'max-array-size': 'the cluster\'s MaxArraySize (default: asked of scontrol)',
    'cell-timeout': 'seconds a cell may run inside a task',
    'grace-period': 'seconds a task lets running cells finish after SIGTERM (preemption, ' +
      'scancel); keep it below the cluster\'s KillWait or preemption GraceTime (default 30)',
    'dry-run': 'print the scripts, submit nothing',
    results: 'folder for results (default: results), shared by the tasks',
    spec: 'the sweep spec (JSON); the same as the positional argument',
  },

  async run(args, io) {
    const [subcommand, ...rest] = args;
    const known = SUBCOMMANDS.find((name) => name === subcommand);
    if (!known) {
      throw new InputError('phasegrid slurm', [{ path: '<subcommand>', message:
        `expected one of ${SUBCOMMANDS.join(', ')} (received ${JSON.stringify(subcommand)})` }]);
    }
    const parsed = parseCommandArgs(`slurm ${known}`, rest, this.flags);
    const specPath = specArgument(`slurm ${known}`, parsed);
    const problems = new InputProblems(`slurm ${known}`);
    const spec = problems.collect(() => loadSpec(specPath));
    const options = problems.collect(() => clusterOptions(specPath, parsed.values));
    problems.throwIfAny();
    if (!spec || !options) throw new Error('unreachable: an input failed without a problem');

    if (known === 'status') return printStatus(await clusterStatus(spec, options), io);
    const result = known === 'submit'
      ? await submitSweep(spec, options)
      : await resubmitSweep(spec, options);
    return printSubmission(result, options, io);
  },
};

type FlagValues = Record<string, string | boolean | string[] | undefined>;

function clusterOptions(specPath: string, values: FlagValues): ClusterOptions {
  const command = 'phasegrid slurm';
  const whole = (name: string, min: number, max: number) =>
    integerFlag('slurm', name, values[name] as string | undefined, min, max);
  const resources = sbatchResourcesSchema.safeParse({
    ...(values.time !== undefined ? { timeLimit: values.time } : {}),
    ...(values.mem !== undefined ? { memory: values.mem } : {}),
    ...(values['cpus-per-task'] !== undefined
      ? { cpusPerTask: whole('cpus-per-task', 1, 4096) } : {}),
    ...(values.partition !== undefined ? { partition: values.partition } : {}),
    ...(values.account !== undefined ? { account: values.account } : {}),
    ...(values.throttle !== undefined ? { throttle: whole('throttle', 1, 1_000_000) } : {}),
    extraDirectives: values['sbatch-line'] ?? [],
    setupLines: values.setup ?? [],
  });
  if (!resources.success) {
    throw new InputError(command, resources.error.issues.map((issue) => {
      const flag = flagOfField(String(issue.path[0]));
      const raw = values[flag];
      const received = Array.isArray(raw) ? raw[Number(issue.path[1])] : raw;
      return { path: `--${flag}`,
        message: `${issue.message} (received ${JSON.stringify(received)})` };
    }));
  }
  const cellTimeout = whole('cell-timeout', 1, 7 * 24 * 3600);
  const gracePeriod = whole('grace-period', 0, 24 * 3600);
  const extraArgs = [
    ...(cellTimeout !== undefined ? ['--cell-timeout', String(cellTimeout)] : []),
    ...(gracePeriod !== undefined ? ['--grace-period', String(gracePeriod)] : []),
  ];
  const cellsPerTask = whole('cells-per-task', 1, 10_000_000);
  const maxArraySize = whole('max-array-size', 1, 100_000_000);
  return {
    specPath,
    ...(typeof values.results === 'string' ? { resultsDir: values.results } : {}),
    resources: resources.data,
    task: {
      nodePath: process.execPath,
      binPath: fileURLToPath(new URL('../../bin/phasegrid.mjs', import.meta.url)),
      workDir: process.cwd(),
      ...(extraArgs.length > 0 ? { extraArgs } : {}),
    },
    ...(cellsPerTask !== undefined ? { cellsPerTask } : {}),
    ...(maxArraySize !== undefined ? { maxArraySize } : {}),
    ...(values['dry-run'] === true ? { isDryRun: true } : {}),
  };
}

function flagOfField(field: string): string {
  const flags: Record<string, string> = { timeLimit: 'time', memory: 'mem',
    cpusPerTask: 'cpus-per-task', extraDirectives: 'sbatch-line', setupLines: 'setup' };
  return flags[field] ?? field;
}

function printSubmission(result: SubmitResult, options: ClusterOptions, io: CommandIo): number {
  if (options.isDryRun) {
    for (const array of result.arrays) io.stdout.write(`# ${array.script}\n${array.scriptText}\n`);
    io.stderr.write(`phasegrid: dry run: ${result.arrays.length} array(s) over ` +
      `${result.numShards} shard(s); nothing submitted\n`);
    return EXIT.success;
  }
  if (result.arrays.length === 0) {
    io.stderr.write('phasegrid: every shard is finished or still queued; nothing to submit\n');
    return EXIT.success;
  }
  for (const array of result.arrays) {
    io.stdout.write(`${array.jobId}\n`);
    io.stderr.write(`phasegrid: submitted job ${array.jobId}: shards ${array.shardOffset} + ` +
      `[${array.indices}] (${array.script})\n`);
  }
  io.stderr.write(`phasegrid: ${result.arrays.length} array(s), ${result.numShards} shard(s) ` +
    `in all (MaxArraySize ${result.maxArraySize}); state in ${result.slurmDir}\n`);
  return EXIT.success;
}

function printStatus(status: Awaited<ReturnType<typeof clusterStatus>>, io: CommandIo): number {
  io.stdout.write(`cells: ${status.numCells} in all, ${status.numFinished} finished, ` +
    `${status.numFailed} failed, ${status.numStarted} started but not finished, ` +
    `${status.numNotStarted} not started\n`);
  const incomplete = status.incompleteShards;
  if (status.numShards === 0) {
    io.stdout.write('shards: none submitted yet (phasegrid slurm submit)\n');
    return EXIT.success;
  }
  io.stdout.write(`shards: ${status.numShards}, ${status.numShards - incomplete.length} ` +
    `complete${incomplete.length ? `, unfinished: ${incomplete.join(', ')}` : ''}\n`);
  for (const job of status.jobs) {
    const states = Object.entries(job.states).map(([state, count]) => `${count} ${state}`);
    io.stdout.write(`job ${job.jobId}: ${states.length ? states.join(', ')
      : 'no longer known to squeue'}\n`);
  }
  return EXIT.success;
}
