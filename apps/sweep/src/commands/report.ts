/** `phasegrid report <spec>`: rewrite a sweep's outputs from every store file, running nothing. */
import { loadSpec, sweepDirectory, writeSweepOutputs } from '@phasegrid/sweep';
import {
  InputProblems,
  integerFlag,
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
  usage: 'phasegrid report <spec> [--results DIR] [--png] [--png-scale N] [--open]',
  example: 'phasegrid report sweeps/sparse-coding.json --png --png-scale 3',
  flags: { ...SPEC_FLAGS, png: { type: 'boolean' }, 'png-scale': { type: 'string' },
    open: { type: 'boolean' } },
  flagHelp: {
    ...SPEC_FLAG_HELP,
    png: 'also write every heatmap as PNG, for papers',
    'png-scale': 'PNG zoom: 1 is the SVG\'s size in pixels (default 2); implies --png',
    open: 'print only the path of report.html (to open in a browser)',
  },

  async run(args, io) {
    const parsed = parseCommandArgs('report', args, this.flags);
    const problems = new InputProblems('report');
    const spec = problems.collect(() => loadSpec(specArgument('report', parsed)));
    const pngScale = problems.collect(() =>
      integerFlag('report', 'png-scale', parsed.values['png-scale'], 1, 16));
    problems.throwIfAny();
    if (!spec) throw new Error('unreachable: a spec that failed to load reported no problem');
    const wantsPng = parsed.values.png === true || pngScale !== undefined;
    const outputs = writeSweepOutputs(spec, sweepDirectory(spec, resultsFlag(parsed)),
      wantsPng ? { pngScale: pngScale ?? 2 } : {});
    for (const problem of outputs.storeProblems) {
      io.stderr.write(`phasegrid: warning: ${problem.file} at byte ${problem.offset}: ` +
        `${problem.kind}${problem.reason ? ` (${problem.reason})` : ''}; skipped\n`);
    }
    io.stderr.write(`phasegrid: ${outputs.numFinishedCells} of ${outputs.numPlannedCells} cells ` +
      'finished\n');
    io.stdout.write(parsed.values.open === true ? `${outputs.reportHtml}\n`
      : describeOutputs(outputs));
    return EXIT.success;
  },
};
