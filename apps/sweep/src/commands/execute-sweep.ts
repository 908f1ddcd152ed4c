/**
 * What `grid` and `run-shard` share: the flags that shape a run, and running a sweep with
 * progress on stderr, signal handling, a summary and the documented exit code.
 */
import {
  InputError,
  runSweep,
  type RunSweepOptions,
  type Spec,
  type SweepEvent,
} from '@phasegrid/sweep';
import { integerFlag, type FlagSpec, type InputProblems, type ParsedArgs } from '../cli-args.ts';
import type { CommandIo } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { formatDuration, ProgressReporter } from '../progress.ts';
import { describeOutputs } from './describe-outputs.ts';

const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;

/** Flags of every command that runs cells. */
export const RUN_FLAGS: FlagSpec = {
  spec: { type: 'string' },
  workers: { type: 'string' },
  results: { type: 'string' },
  backend: { type: 'string' },
  'cell-timeout': { type: 'string' },
  retries: { type: 'string' },
  'grace-period': { type: 'string' },
  'worker-memory-mb': { type: 'string' },
  quiet: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

export const RUN_FLAG_HELP: Record<string, string> = {
  spec: 'the sweep spec (JSON); the same as the positional argument',
  workers: 'worker threads (default: one per core)',
  results: 'folder for results (default: results)',
  backend: `TensorFlow.js backend: ${BACKENDS.join(', ')} (default: best available)`,
  'cell-timeout': 'seconds a cell may run before it is stopped and recorded as failed',
  retries: 'times a failed cell is tried again in this run (default 0)',
  'grace-period': 'seconds running cells get to finish after Ctrl-C or SIGTERM (default 30)',
  'worker-memory-mb': 'heap limit per worker thread; a cell needing more fails',
  quiet: 'no progress output',
  json: 'one JSON event per line on stdout (cell started, finished, failed; sweep finished)',
};

/** The run options the flags ask for; problems go to `problems`. */
export function runOptionsFromFlags(
  command: string,
  parsed: ParsedArgs,
  problems: InputProblems,
): RunSweepOptions {
  const flag = (name: string, raw: string | boolean | undefined, min: number, max: number) =>
    problems.collect(() => integerFlag(command, name, raw, min, max));
  const numWorkers = flag('workers', parsed.values.workers, 1, 1024);
  const backend = problems.collect(() => parseBackend(command, parsed.values.backend));
  const cellTimeoutS = flag('cell-timeout', parsed.values['cell-timeout'], 1, 7 * 24 * 3600);
  const retries = flag('retries', parsed.values.retries, 0, 100);
  const gracePeriodS = flag('grace-period', parsed.values['grace-period'], 0, 24 * 3600);
  const workerMemoryMb = flag('worker-memory-mb', parsed.values['worker-memory-mb'], 64,
    1024 * 1024);
  const tornWriteAtRecord = flag('PHASEGRID_TEST_TORN_WRITE_AT',
    process.env.PHASEGRID_TEST_TORN_WRITE_AT, 1, Number.MAX_SAFE_INTEGER);
  return {
    ...(typeof parsed.values.results === 'string' ? { resultsDir: parsed.values.results } : {}),
    ...(numWorkers !== undefined ? { numWorkers } : {}),
    ...(backend ? { backend } : {}),
    ...(cellTimeoutS !== undefined ? { cellTimeoutS } : {}),
    ...(retries !== undefined ? { retries } : {}),
    ...(gracePeriodS !== undefined ? { gracePeriodS } : {}),
    ...(workerMemoryMb !== undefined ? { workerMemoryMb } : {}),
    ...(tornWriteAtRecord !== undefined ? { tornWriteAtRecord } : {}),
  };
}

/**
 * Runs the sweep. The first SIGINT/SIGTERM stops new cells (running ones get the grace
 * period); a second exits at once. Resolves to the exit code.
 */
export async function executeSweep(
  spec: Spec,
  options: RunSweepOptions,
  io: CommandIo,
  output: { readonly isQuiet: boolean; readonly isJson: boolean },
): Promise<number> {
  const progress = new ProgressReporter(io.stderr, output.isQuiet);
  const emitJson = (event: Record<string, unknown>) => {
    if (output.isJson) io.stdout.write(`${JSON.stringify({ atMs: Date.now(), ...event })}\n`);
  };
  const interrupt = new AbortController();
  let signalName: NodeJS.Signals | undefined;
  const onSignal = (name: NodeJS.Signals) => {
    if (signalName) process.exit(exitCodeFor(name));
    signalName = name;
    io.stderr.write(`\nphasegrid: ${name}: no new cells; running cells may finish; ` +
      `${name} again to stop now\n`);
    interrupt.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const startMs = Date.now();
  try {
    const summary = await runSweep(spec, { ...options, signal: interrupt.signal,
      onEvent: (event) => {
        progress.handle(event);
        const json = jsonEvent(event);
        if (json) emitJson(json);
      } });
    progress.finish();
    const seconds = (Date.now() - startMs) / 1000;
    io.stderr.write(`phasegrid: ${summary.numRun} cells run in ${formatDuration(seconds)} ` +
      `(${summary.numFinished} finished, ${summary.numDiverged} diverged, ` +
      `${summary.numFailed} failed; ${summary.numAlreadyFinished} were already finished)\n`);
    emitJson({ event: 'sweep-finished', sweep: spec.name, numCells: summary.numCells,
      numAlreadyFinished: summary.numAlreadyFinished, numRun: summary.numRun,
      numFinished: summary.numFinished, numDiverged: summary.numDiverged,
      numFailed: summary.numFailed, wasInterrupted: summary.wasInterrupted, seconds,
      outputs: summary.outputs ?? null });
    if (summary.outputs && !output.isJson) io.stdout.write(describeOutputs(summary.outputs));
    if (signalName) return exitCodeFor(signalName);
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
}

/** The machine-readable form of the events other tools care about. */
function jsonEvent(event: SweepEvent): Record<string, unknown> | undefined {
  switch (event.kind) {
    case 'planned':
      return { event: 'sweep-planned', numCells: event.numCells,
        numFinished: event.numFinished, numPending: event.numPending,
        numWorkers: event.numWorkers };
    case 'cell-started':
      return { event: 'cell-started', cellId: event.cell.id, seed: event.cell.seed,
        axisValues: event.cell.axisValues, attempt: event.attempt };
    case 'cell-finished':
      return { event: 'cell-finished', cellId: event.cell.id, outcome: event.outcome,
        seconds: event.seconds };
    case 'cell-failed':
      return { event: 'cell-failed', cellId: event.cell.id, code: event.code,
        message: event.message, willRetry: event.willRetry };
    default:
      return undefined;
  }
}

function parseBackend(command: string, raw: string | boolean | undefined):
  (typeof BACKENDS)[number] | undefined {
  if (raw === undefined) return undefined;
  const match = BACKENDS.find((name) => name === raw);
  if (!match) {
    throw new InputError(`phasegrid ${command}`, [{ path: '--backend',
      message: `must be one of ${BACKENDS.join(', ')} (received ${JSON.stringify(raw)})` }]);
  }
  return match;
}

function exitCodeFor(signal: NodeJS.Signals): number {
  return signal === 'SIGINT' ? EXIT.interruptedByInt : EXIT.interruptedByTerm;
}
