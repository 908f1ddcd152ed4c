/** The help texts are pinned: a change to them shows up as a diff of the golden files. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.ts';

function captured(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const stream = { isTTY: false, write: (chunk: string) => { stdout += chunk; return true; } };
  const io = { stdout: stream as unknown as NodeJS.WriteStream,
    stderr: stream as unknown as NodeJS.WriteStream };
  return main(args, io).then((code) => ({ code, stdout }));
}

const golden = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('help', () => {
  it.each([
    [['--help'], 'help.txt'],
    [['grid', '--help'], 'help-grid.txt'],
    [['slurm', '--help'], 'help-slurm.txt'],
  ])('phasegrid %j prints the golden text', async (args, file) => {
    const { code, stdout } = await captured(args);
    expect(code).toBe(0);
    expect(stdout).toBe(golden(file));
  });

  it('gives every command a usage line, flags and an example', async () => {
    const { stdout } = await captured(['--help']);
    const names = [...stdout.matchAll(/^ {2}([a-z-]+) {2,}/gm)].map((match) => match[1]!);
    expect(names).toEqual(['grid', 'plan', 'report', 'run-shard', 'slurm', 'bench']);
    for (const name of names) {
      const help = (await captured([name, '--help'])).stdout;
      expect(help).toMatch(/^Usage: phasegrid /m);
      expect(help).toMatch(/^Example:\n {2}phasegrid /m);
    }
  });
});
