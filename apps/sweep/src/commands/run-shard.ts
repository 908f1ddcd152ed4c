/**
 * `phasegrid run-shard <spec> --shard I --of N`: run one shard of a sweep, as a SLURM array
 * task or any indexed job does. Without flags the shard comes from the environment.
 */
import { availableParallelism } from 'node:os';
import { loadSpec, resolveShard, shardWriterName } from '@phasegrid/sweep';
import { InputProblems, integerFlag, parseCommandArgs, specArgument } from '../cli-args.ts';
import type { Command } from '../command.ts';
import { executeSweep, RUN_FLAG_HELP, RUN_FLAGS, runOptionsFromFlags } from './execute-sweep.ts';

export const runShardCommand: Command = {
  name: 'run-shard',
  summary: 'run one shard of a sweep (what each SLURM array task runs)',
  usage: 'phasegrid run-shard <spec> [--shard I --of N] [run flags as for grid]',
  example: 'phasegrid run-shard sweeps/sparse-coding.json --shard 3 --of 10',
  flags: { ...RUN_FLAGS, shard: { type: 'string' }, of: { type: 'string' } },
  flagHelp: {
    shard: 'the shard to run, 0 to N-1 (default: SLURM_ARRAY_TASK_ID + PHASEGRID_SHARD_OFFSET, ' +
      'or JOB_COMPLETION_INDEX)',
    of: 'the number of shards (default: PHASEGRID_SHARD_COUNT)',
    ...RUN_FLAG_HELP,
    workers: 'worker threads (default: SLURM_CPUS_PER_TASK, else one per core)',
  },

  async run(args, io) {
    const parsed = parseCommandArgs('run-shard', args, this.flags);
    const specPath = specArgument('run-shard', parsed);
    const problems = new InputProblems('run-shard');
    const options = runOptionsFromFlags('run-shard', parsed, problems);
    const index = problems.collect(() => integerFlag('run-shard', 'shard', parsed.values.shard,
      0, 100_000_000));
    const count = problems.collect(() => integerFlag('run-shard', 'of', parsed.values.of, 1,
      100_000_000));
    const shard = problems.collect(() => resolveShard({
      ...(index !== undefined ? { index } : {}), ...(count !== undefined ? { count } : {}) },
    process.env));
    const spec = problems.collect(() => loadSpec(specPath));
    problems.throwIfAny();
    if (!spec || !shard) throw new Error('unreachable: an input failed without a problem');

    const slurmCpus = Number(process.env.SLURM_CPUS_PER_TASK);
    const numWorkers = options.numWorkers ??
      (Number.isSafeInteger(slurmCpus) && slurmCpus > 0 ? slurmCpus : availableParallelism());
    // Shards only run cells: many tasks writing the outputs at once would be wasted work;
    // `phasegrid report` merges every shard's store file afterwards.
    return executeSweep(spec, { ...options, numWorkers, shard, skipsOutputs: true,
      writerName: shardWriterName(spec.name, shard, process.env) }, io,
    { isQuiet: parsed.values.quiet === true, isJson: parsed.values.json === true });
  },
};
