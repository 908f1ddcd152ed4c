/** The shape every CLI command has. */
import type { FlagSpec } from './cli-args.ts';

/** Where a command writes: results on stdout, everything else on stderr. */
export interface CommandIo {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
}

export interface Command {
  readonly name: string;
  /** One line for `phasegrid --help`. */
  readonly summary: string;
  /** Usage line, e.g. `phasegrid grid <spec> [flags]`. */
  readonly usage: string;
  readonly example: string;
  readonly flags: FlagSpec;
  /** Help text per flag. */
  readonly flagHelp: Record<string, string>;
  /** Runs the command; resolves to the exit code. */
  run(args: string[], io: CommandIo): Promise<number>;
}
