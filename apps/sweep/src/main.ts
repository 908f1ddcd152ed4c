/**
 * The `phasegrid` command line: dispatches to one command per file and turns errors into the
 * documented exit codes. The only place that writes to the terminal.
 */
import { InputError, PhasegridError, nearest } from '@phasegrid/sweep';
import type { Command, CommandIo } from './command.ts';
import { benchCommand } from './commands/bench.ts';
import { gridCommand } from './commands/grid.ts';
import { planCommand } from './commands/plan.ts';
import { reportCommand } from './commands/report.ts';
import { runShardCommand } from './commands/run-shard.ts';
import { slurmCommand } from './commands/slurm.ts';
import { EXIT } from './exit-codes.ts';
import { commandHelp, overviewHelp } from './help.ts';

export const COMMANDS: readonly Command[] = [gridCommand, planCommand, reportCommand,
  runShardCommand, slurmCommand, benchCommand];

/** Runs the CLI with `args` (without `node` and the script); resolves to the exit code. */
export async function main(
  args: string[],
  io: CommandIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help'
      ? COMMANDS.find((command) => command.name === rest[0])
      : undefined;
    io.stdout.write(topic ? commandHelp(topic) : overviewHelp(COMMANDS));
    return name === undefined ? EXIT.badInput : EXIT.success;
  }

  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    const hint = nearest(name, COMMANDS.map((candidate) => candidate.name));
    io.stderr.write(`phasegrid: unknown command "${name}"` +
      `${hint ? `; did you mean "${hint}"?` : ''} (see phasegrid --help)\n`);
    return EXIT.badInput;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(commandHelp(command));
    return EXIT.success;
  }

  try {
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CommandIo): number {
  if (error instanceof InputError) {
    io.stderr.write(`phasegrid: bad input: ${error.message}\n`);
    return EXIT.badInput;
  }
  if (error instanceof PhasegridError) {
    io.stderr.write(`phasegrid: ${error.message} [${error.code}]\n`);
    return EXIT.cellsFailed;
  }
  const failure = error instanceof Error ? error : new Error(String(error));
  io.stderr.write(`phasegrid: unexpected error: ${failure.message}\n`);
  if (process.env.PHASEGRID_DEBUG) io.stderr.write(`${failure.stack ?? ''}\n`);
  return EXIT.cellsFailed;
}
