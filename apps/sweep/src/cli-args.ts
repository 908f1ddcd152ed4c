/**
 * Flag parsing for every command, on node's `parseArgs`, with errors that name the flag and
 * suggest the nearest valid one.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError, nearest } from '@phasegrid/sweep';

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

/** Parsed flags and positionals of one command. */
export interface ParsedArgs {
  readonly values: Record<string, string | boolean | undefined>;
  readonly positionals: string[];
}

/** Parses `args` for `command`; throws InputError for unknown or malformed flags. */
export function parseCommandArgs(command: string, args: string[], flags: FlagSpec): ParsedArgs {
  try {
    const parsed = parseArgs({ args: joinNegativeValues(args, flags), options: flags,
      allowPositionals: true, strict: true });
    return { values: parsed.values as ParsedArgs['values'], positionals: parsed.positionals };
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message);
    if (unknown) {
      const written = unknown[1]!.split('=')[0]!;
      const hint = nearest(written.replace(/^-+/, ''), Object.keys(flags));
      throw new InputError(`phasegrid ${command}`, [{
        path: written,
        message: `unknown flag${hint ? `; did you mean --${hint}?` : ''} ` +
          `(see phasegrid ${command} --help)`,
      }]);
    }
    // parseArgs' messages may span lines; keep one line per problem, located at the flag.
    const flag = /Option '(--?[\w-]+)/.exec(message)?.[1] ?? '';
    const plain = / argument missing/.test(message) ? 'needs a value'
      : / does not take an argument/.test(message) ? 'takes no value: it is a switch'
      : message.replace(/\s*\n\s*/g, ' ');
    throw new InputError(`phasegrid ${command}`, [{ path: flag, message: plain }]);
  }
}

/**
 * `--cell-timeout -1` as `--cell-timeout=-1`: parseArgs refuses a value that starts with a
 * dash as ambiguous, but no flag starts with a digit, so the value's own check can speak.
 */
function joinNegativeValues(args: string[], flags: FlagSpec): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = /^--([\w-]+)$/.exec(args[i]!)?.[1];
    const next = args[i + 1];
    if (name && flags[name]?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      joined.push(`--${name}=${next}`);
      i += 1;
    } else joined.push(args[i]!);
  }
  return joined;
}

/** A whole number flag within [min, max], or undefined when absent. */
export function integerFlag(
  command: string,
  name: string,
  raw: string | boolean | undefined,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(value) || value < min || value > max) {
    throw new InputError(`phasegrid ${command}`, [{
      path: `--${name}`,
      message: `must be a whole number from ${min} to ${max} (received ${JSON.stringify(raw)})`,
    }]);
  }
  return value;
}

/** The spec path from `--spec` or the first positional. */
export function specArgument(command: string, parsed: ParsedArgs): string {
  const fromFlag = parsed.values.spec;
  const fromPositional = parsed.positionals[0];
  if (typeof fromFlag === 'string' && fromPositional !== undefined && fromFlag !== fromPositional) {
    throw new InputError(`phasegrid ${command}`, [{ path: '--spec', message:
      `two specs given ("${fromFlag}" and "${fromPositional}"); give one` }]);
  }
  if (parsed.positionals.length > 1) {
    const quoted = parsed.positionals.map((path) => `"${path}"`).join(', ');
    throw new InputError(`phasegrid ${command}`, [{ path: '<spec>', message:
      `${parsed.positionals.length} specs given (${quoted}); give one` }]);
  }
  const spec = typeof fromFlag === 'string' ? fromFlag : fromPositional;
  if (!spec) {
    throw new InputError(`phasegrid ${command}`, [{ path: '<spec>', message:
      'no spec given; pass a spec file, e.g. sweeps/sparse-coding.json' }]);
  }
  return spec;
}

/**
 * Collects the problems of several flags (and of the spec) so a command reports them all at
 * once instead of stopping at the first.
 */
export class InputProblems {
  private readonly errors: InputError[] = [];

  constructor(private readonly command: string) {}

  /** Runs `read`; an InputError it throws is recorded and undefined returned. */
  collect<T>(read: () => T): T | undefined {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      this.errors.push(error);
      return undefined;
    }
  }

  /**
   * Throws if anything was collected: a single error as it was, several as one listing every
   * issue, each prefixed by where it came from when that was not the command line.
   */
  throwIfAny(): void {
    if (this.errors.length === 0) return;
    if (this.errors.length === 1) throw this.errors[0]!;
    const commandSource = `phasegrid ${this.command}`;
    const issues = this.errors.flatMap((error) => error.issues.map((issue) =>
      error.source === commandSource || !issue.path
        ? issue
        : { ...issue, path: `${error.source}: ${issue.path}` }));
    throw new InputError(commandSource, issues);
  }
}

/** Flags of commands that only read a spec and its results folder. */
export const SPEC_FLAGS: FlagSpec = {
  spec: { type: 'string' },
  results: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

export const SPEC_FLAG_HELP: Record<string, string> = {
  spec: 'the sweep spec (JSON); the same as the positional argument',
  results: 'folder for results (default: results)',
};

/** `--results` when given. */
export function resultsFlag(parsed: ParsedArgs): string | undefined {
  return typeof parsed.values.results === 'string' ? parsed.values.results : undefined;
}
