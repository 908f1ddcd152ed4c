/** `phasegrid report <spec>`: rewrite a sweep's outputs from every store file, running nothing. */
import { loadSpec, sweepDirectory, writeSweepOutputs } from '@phasegrid/sweep';
import {
  parseCommandArgs,
  resultsFlag,
  SPEC_FLAG_HELP,
  SPEC_FLAGS,
  specArgument,
} from '../cli-args.ts';
import type { Command } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { describeOutputs } from './describe-outputs.ts';

export const reportCommand: Command = {
  name: 'report',
  summary: 'merge what every run and shard stored and write the CSVs and diagrams',
  usage: 'phasegrid report <spec> [--results DIR]',
  example: 'phasegrid report sweeps/sparse-coding.json',
  flags: SPEC_FLAGS,
  flagHelp: SPEC_FLAG_HELP,

  async run(args, io) {
    const parsed = parseCommandArgs('report', args, this.flags);
    const spec = loadSpec(specArgument('report', parsed));
    const resultsDir = resultsFlag(parsed);
    const outputs = writeSweepOutputs(spec, sweepDirectory(spec, resultsDir));
    for (const problem of outputs.storeProblems) {
      io.stderr.write(`phasegrid: warning: ${problem.file} at byte ${problem.offset}: ` +
        `${problem.kind}${problem.reason ? ` (${problem.reason})` : ''}; skipped\n`);
    }
    io.stderr.write(`phasegrid: ${outputs.numFinishedCells} of ${outputs.numPlannedCells} cells ` +
      'finished\n');
    io.stdout.write(describeOutputs(outputs));
    return EXIT.success;
  },
};
