/** Help texts, built from the commands' own descriptions. */
import type { Command } from './command.ts';

export function overviewHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    'phasegrid: phase diagrams of feature learning in self-supervised learning',
    '',
    'Usage: phasegrid <command> [flags]',
    '',
    'Commands:',
    ...lines,
    '',
    'Example:',
    '  phasegrid grid sweeps/sparse-coding.json',
    '',
    'Run "phasegrid <command> --help" for a command\'s flags.',
    'Exit codes: 0 success, 1 cells failed, 2 bad input, 130/143 interrupted.',
    '',
  ].join('\n');
}

export function commandHelp(command: Command): string {
  const names = Object.keys(command.flagHelp);
  const width = Math.max(0, ...names.map((name) => name.length + 2));
  const flags = names.map((name) => `  ${`--${name}`.padEnd(width)}  ${command.flagHelp[name]}`);
  return [
    `phasegrid ${command.name}: ${command.summary}`,
    '',
    `Usage: ${command.usage}`,
    '',
    'Flags:',
    ...flags,
    `  ${'--help'.padEnd(width)}  this text`,
    '',
    'Example:',
    `  ${command.example}`,
    '',
  ].join('\n');
}
