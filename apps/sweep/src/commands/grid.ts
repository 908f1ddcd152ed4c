/** `phasegrid grid <spec>`: run every unfinished cell of a sweep, then write its outputs. */
import { InputError, loadSpec, runSweep } from '@phasegrid/sweep';
import { integerFlag, parseCommandArgs, specArgument } from '../cli-args.ts';
import type { Command } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { ProgressReporter, formatDuration } from '../progress.ts';
import { describeOutputs } from './describe-outputs.ts';

const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;

export const gridCommand: Command = {
  name: 'grid',
  summary: 'run a sweep on this machine\'s cores and draw its phase diagrams',
  usage: 'phasegrid grid <spec> [--workers N] [--results DIR] [--backend NAME] [--quiet]',
  example: 'phasegrid grid sweeps/sparse-coding.json --workers 2',
  flags: {
    spec: { type: 'string' },
    workers: { type: 'string' },
    results: { type: 'string' },
    backend: { type: 'string' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
  flagHelp: {
    spec: 'the sweep spec (JSON); the same as the positional argument',
    workers: 'worker threads (default: one per core)',
    results: 'folder for results (default: results)',
    backend: `TensorFlow.js backend: ${BACKENDS.join(', ')} (default: best available)`,
    quiet: 'no progress output',
  },

  async run(args, io) {
    const parsed = parseCommandArgs('grid', args, this.flags);
    const specPath = specArgument('grid', parsed);
    const numWorkers = integerFlag('grid', 'workers', parsed.values.workers, 1, 1024);
    const backend = parseBackend(parsed.values.backend);
    const spec = loadSpec(specPath);

    const progress = new ProgressReporter(io.stderr, parsed.values.quiet === true);
    const interrupt = new AbortController();
    let signalName: NodeJS.Signals | undefined;
    const onSignal = (name: NodeJS.Signals) => {
      if (signalName) process.exit(name === 'SIGINT' ? EXIT.interruptedByInt : EXIT.interruptedByTerm);
      signalName = name;
      io.stderr.write(`\nphasegrid: ${name}: finishing running cells; ${name} again to stop now\n`);
      interrupt.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);

    const startMs = Date.now();
    try {
      const summary = await runSweep(spec, {
        ...(parsed.values.results ? { resultsDir: String(parsed.values.results) } : {}),
        ...(numWorkers !== undefined ? { numWorkers } : {}),
        ...(backend ? { backend } : {}),
        signal: interrupt.signal,
        onEvent: (event) => progress.handle(event),
      });
      progress.finish();
      const seconds = (Date.now() - startMs) / 1000;
      io.stderr.write(`phasegrid: ${summary.numRun} cells run in ${formatDuration(seconds)} ` +
        `(${summary.numFinished} finished, ${summary.numDiverged} diverged, ` +
        `${summary.numFailed} failed; ${summary.numAlreadyFinished} were already finished)\n`);
      if (summary.outputs) io.stdout.write(describeOutputs(summary.outputs));
      if (signalName) return signalName === 'SIGINT' ? EXIT.interruptedByInt : EXIT.interruptedByTerm;
      if (summary.numFailed > 0) {
        io.stderr.write(`phasegrid: ${summary.numFailed} cell(s) failed; run again to retry ` +
          'them (finished cells are kept)\n');
        return EXIT.cellsFailed;
      }
      return EXIT.success;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};

function parseBackend(raw: string | boolean | undefined): (typeof BACKENDS)[number] | undefined {
  if (raw === undefined) return undefined;
  const match = BACKENDS.find((name) => name === raw);
  if (!match) {
    throw new InputError('phasegrid grid', [{ path: '--backend',
      message: `must be one of ${BACKENDS.join(', ')} (received ${JSON.stringify(raw)})` }]);
  }
  return match;
}
