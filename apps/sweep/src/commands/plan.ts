/** `phasegrid plan <spec>`: how many cells, how many finished, how many new; runs nothing. */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
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
import { formatDuration } from '../progress.ts';

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
    const numNew = summary.numCells - summary.numAlreadyFinished;
    io.stdout.write(`${spec.name}: ${summary.numCells} cells, ${summary.numAlreadyFinished} ` +
      `finished, ${numNew} new\n`);
    io.stdout.write(`${estimateLine(numNew, summary.meanFinishedCellSeconds,
      resultsDir ?? 'results')}\n`);
    return EXIT.success;
  },
};

/**
 * How long the new cells should take on this machine's cores: from the sweep's own finished
 * cells when there are some, else from the last benchmark's seconds per default cell.
 */
function estimateLine(numNew: number, meanSeconds: number | null, resultsDir: string): string {
  if (numNew === 0) return 'estimated time: nothing to run';
  const numWorkers = availableParallelism();
  const perCell = meanSeconds ?? benchmarkSecondsPerCell(resultsDir);
  if (perCell === undefined) {
    return 'estimated time: unknown (no finished cells yet and no benchmark; ' +
      'run phasegrid bench)';
  }
  const source = meanSeconds !== null ? 'from the finished cells' : 'from the last benchmark';
  const seconds = (numNew * perCell) / Math.min(numWorkers, numNew);
  return `estimated time: ${formatDuration(seconds)} on ${numWorkers} worker(s) ` +
    `(${perCell.toFixed(2)} s per cell ${source})`;
}

function benchmarkSecondsPerCell(resultsDir: string): number | undefined {
  try {
    const figures = JSON.parse(readFileSync(join(resultsDir, 'bench', 'latest.json'), 'utf8'));
    const perCell = figures?.defaultCell?.medianSeconds;
    return typeof perCell === 'number' && perCell > 0 ? perCell : undefined;
  } catch {
    return undefined;
  }
}
