/** `phasegrid grid <spec>`: run every unfinished cell of a sweep, then write its outputs. */
import { loadSpec } from '@phasegrid/sweep';
import { InputProblems, parseCommandArgs, specArgument } from '../cli-args.ts';
import type { Command } from '../command.ts';
import { executeSweep, RUN_FLAG_HELP, RUN_FLAGS, runOptionsFromFlags } from './execute-sweep.ts';

export const gridCommand: Command = {
  name: 'grid',
  summary: 'run a sweep on this machine\'s cores and draw its phase diagrams',
  usage: 'phasegrid grid <spec> [--workers N] [--results DIR] [--backend NAME] ' +
    '[--cell-timeout S] [--retries N] [--grace-period S] [--worker-memory-mb MB] [--quiet]',
  example: 'phasegrid grid sweeps/sparse-coding.json --workers 2',
  flags: RUN_FLAGS,
  flagHelp: RUN_FLAG_HELP,

  async run(args, io) {
    const parsed = parseCommandArgs('grid', args, this.flags);
    const specPath = specArgument('grid', parsed);
    const problems = new InputProblems('grid');
    const options = runOptionsFromFlags('grid', parsed, problems);
    const spec = problems.collect(() => loadSpec(specPath));
    problems.throwIfAny();
    if (!spec) throw new Error('unreachable: a spec that failed to load reported no problem');
    return executeSweep(spec, options, io, { isQuiet: parsed.values.quiet === true,
      isJson: parsed.values.json === true });
  },
};
