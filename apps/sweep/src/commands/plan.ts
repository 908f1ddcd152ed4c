/** `phasegrid plan <spec>`: how many cells, how many finished, how many new; runs nothing. */
import { loadSpec, runSweep } from '@phasegrid/sweep';
import {
  parseCommandArgs,
  resultsFlag,
  SPEC_FLAG_HELP,
  SPEC_FLAGS,
  specArgument,
} from '../cli-args.ts';
import type { Command } from '../command.ts';
import { EXIT } from '../exit-codes.ts';

export const planCommand: Command = {
  name: 'plan',
  summary: 'count a sweep\'s cells, finished and new, without running anything',
  usage: 'phasegrid plan <spec> [--results DIR]',
  example: 'phasegrid plan sweeps/sparse-coding.json',
  flags: SPEC_FLAGS,
  flagHelp: SPEC_FLAG_HELP,

  async run(args, io) {
    const parsed = parseCommandArgs('plan', args, this.flags);
    const spec = loadSpec(specArgument('plan', parsed));
    const resultsDir = resultsFlag(parsed);
    const summary = await runSweep(spec, { isDryRun: true,
      ...(resultsDir ? { resultsDir } : {}) });
    io.stdout.write(`${spec.name}: ${summary.numCells} cells, ${summary.numAlreadyFinished} ` +
      `finished, ${summary.numCells - summary.numAlreadyFinished} new\n`);
    return EXIT.success;
  },
};
