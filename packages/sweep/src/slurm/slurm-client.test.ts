import { describe, expect, it } from 'vitest';
import { SlurmClient, SlurmError, type CommandResult, type CommandRunner } from './slurm-client.ts';

/** A runner that replays canned results and records the calls. */
function scripted(results: CommandResult[]) {
  const calls: Array<{ command: string; args: readonly string[] }> = [];
  const run: CommandRunner = async (command, args) => {
    calls.push({ command, args });
    const next = results.shift();
    if (!next) throw new Error(`unexpected call: ${command} ${args.join(' ')}`);
    return next;
  };
  return { run, calls };
}

const ok = (stdout: string): CommandResult => ({ exitCode: 0, stdout, stderr: '' });
const fail = (stderr: string, exitCode = 1): CommandResult => ({ exitCode, stdout: '', stderr });

describe('SlurmClient', () => {
  it('retries transient sbatch failures with backoff and returns the job id', async () => {
    const { run, calls } = scripted([
      fail('sbatch: error: Batch job submission failed: Socket timed out on send/recv'),
      fail('sbatch: error: Unable to contact slurm controller (connect failure)'),
      ok('4242;cluster\n'),
    ]);
    const waits: number[] = [];
    const client = new SlurmClient({ run, retryDelaysMs: [10, 20, 40],
      sleep: async (durationMs) => { waits.push(durationMs); } });
    expect(await client.submit('/x/a.sbatch', ['--output=/x/%A_%a.out'])).toBe('4242');
    expect(waits).toEqual([10, 20]);
    expect(calls[0]).toEqual({ command: 'sbatch',
      args: ['--parsable', '--output=/x/%A_%a.out', '/x/a.sbatch'] });
  });

  it('gives up after the last retry, quoting what sbatch printed', async () => {
    const { run } = scripted(Array.from({ length: 3 }, () =>
      fail('sbatch: error: Socket timed out on send/recv operation')));
    const client = new SlurmClient({ run, retryDelaysMs: [1, 1], sleep: async () => {} });
    const failure = await client.submit('/x/a.sbatch', []).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SlurmError);
    expect((failure as SlurmError).code).toBe('SBATCH_FAILED');
    expect((failure as SlurmError).message).toMatch(/failed 3 times .*Socket timed out/);
  });

  it('does not retry a refusal', async () => {
    const { run, calls } = scripted([
      fail('sbatch: error: Batch job submission failed: Invalid job array specification')]);
    const client = new SlurmClient({ run, sleep: async () => {} });
    await expect(client.submit('/x/a.sbatch', [])).rejects.toThrow(/refused.*Invalid job array/);
    expect(calls).toHaveLength(1);
  });

  it('reads MaxArraySize from scontrol show config', async () => {
    const { run } = scripted([ok('Configuration data as of ...\nMaxArraySize            = 4\n' +
      'MaxJobCount             = 10000\n')]);
    expect(await new SlurmClient({ run }).maxArraySize()).toBe(4);
  });

  it('parses one squeue call into tasks, expanded arrays included', async () => {
    const { run, calls } = scripted([ok('101_0|RUNNING\n101_3|PENDING\n102|PENDING\n')]);
    const tasks = await new SlurmClient({ run }).queuedTasks('phasegrid-demo');
    expect(calls[0]!.args).toEqual(['-h', '-r', '-t', 'all', '-n', 'phasegrid-demo', '-o',
      '%i|%T']);
    expect(tasks).toEqual([
      { jobId: '101', taskIndex: 0, state: 'RUNNING' },
      { jobId: '101', taskIndex: 3, state: 'PENDING' },
      { jobId: '102', state: 'PENDING' },
    ]);
  });
});
