/**
 * The three SLURM commands phasegrid uses (`sbatch`, `squeue`, `scontrol`), run as child
 * processes. The runner is injectable so the logic around them is testable without a cluster;
 * the end-to-end tests use a real one.
 */
import { execFile } from 'node:child_process';
import { PhasegridError } from '../errors.ts';

/** What a finished command printed. */
export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command with arguments (no shell); tests substitute a fake. */
export type CommandRunner = (command: string, args: readonly string[]) => Promise<CommandResult>;

/** A failure of a SLURM command, with what it printed. */
export class SlurmError extends PhasegridError {
  constructor(code: 'SBATCH_FAILED' | 'SQUEUE_FAILED' | 'SCONTROL_FAILED', message: string) {
    super(code, message);
  }
}

/** Runs a command without a shell (arguments are never interpreted), 60 s at most. */
export const runCommand: CommandRunner = (command, args) => new Promise((resolve) => {
  execFile(command, [...args], { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
    (error, stdout, stderr) => {
      const exitCode = error ? (typeof error.code === 'number' ? error.code : 127) : 0;
      const spawnProblem = error && typeof error.code === 'string' ? `${error.message}\n` : '';
      resolve({ exitCode, stdout: String(stdout), stderr: `${spawnProblem}${String(stderr)}` });
    });
});

/** sbatch's messages for failures that a later try may not meet. */
const TRANSIENT = new RegExp(['socket timed out', 'unable to contact slurm controller',
  'temporarily unavailable', 'try again', 'connection refused', 'transport endpoint',
  'slurmctld.*(not responding|busy)'].join('|'), 'i');

/** Options of `SlurmClient`; all optional. */
export interface SlurmClientOptions {
  readonly run?: CommandRunner;
  /** Waits before the 2nd, 3rd, ... try of a transient sbatch failure (default 1, 2, 4, 8 s). */
  readonly retryDelaysMs?: readonly number[];
  readonly sleep?: (durationMs: number) => Promise<void>;
}

/** One task's state as squeue reports it. */
export interface QueuedTask {
  /** Array job id (the `A` of `A_i`), or the job id. */
  readonly jobId: string;
  /** Array task index, when the line is one task. */
  readonly taskIndex?: number;
  /** SLURM's state word, e.g. PENDING, RUNNING, COMPLETING. */
  readonly state: string;
}

/** Talks to SLURM through sbatch, squeue and scontrol, retrying transient failures. */
export class SlurmClient {
  private readonly run: CommandRunner;
  private readonly retryDelaysMs: readonly number[];
  private readonly sleep: (durationMs: number) => Promise<void>;

  constructor(options: SlurmClientOptions = {}) {
    this.run = options.run ?? runCommand;
    this.retryDelaysMs = options.retryDelaysMs ?? [1000, 2000, 4000, 8000];
    this.sleep = options.sleep ??
      ((durationMs) => new Promise((resolve) => setTimeout(resolve, durationMs)));
  }

  /** The cluster's `MaxArraySize` (array indices must be below it). */
  async maxArraySize(): Promise<number> {
    const result = await this.run('scontrol', ['show', 'config']);
    const match = /^MaxArraySize\s*=\s*(\d+)/m.exec(result.stdout);
    if (result.exitCode !== 0 || !match) {
      throw new SlurmError('SCONTROL_FAILED', 'cannot read MaxArraySize from `scontrol show ' +
        `config\` (exit ${result.exitCode}): ${firstLines(result.stderr || result.stdout)}; ` +
        'is SLURM reachable from here? --max-array-size N skips the question');
    }
    return Number(match[1]);
  }

  /**
   * Submits with `sbatch --parsable`, trying again with backoff after transient failures.
   * @returns the job id.
   */
  async submit(scriptPath: string, sbatchArgs: readonly string[]): Promise<string> {
    const args = ['--parsable', ...sbatchArgs, scriptPath];
    for (let attempt = 0; ; attempt++) {
      const result = await this.run('sbatch', args);
      const jobId = /^(\d+)(;\S+)?\s*$/.exec(result.stdout.trim())?.[1];
      if (result.exitCode === 0 && jobId) return jobId;

      const printed = firstLines(`${result.stderr}${result.stdout}`);
      const isTransient = TRANSIENT.test(printed);
      if (!isTransient || attempt >= this.retryDelaysMs.length) {
        throw new SlurmError('SBATCH_FAILED', `sbatch ${isTransient ? `failed ${attempt + 1} ` +
          'times' : 'refused'} ${scriptPath} (exit ${result.exitCode}): ${printed}`);
      }
      await this.sleep(this.retryDelaysMs[attempt]!);
    }
  }

  /**
   * Every task of the named jobs that SLURM still knows, finished ones included (for
   * `MinJobAge` seconds), in one `squeue` call however many tasks there are.
   */
  async queuedTasks(jobName: string): Promise<QueuedTask[]> {
    const result = await this.run('squeue', ['-h', '-r', '-t', 'all', '-n', jobName, '-o',
      '%i|%T']);
    if (result.exitCode !== 0) {
      throw new SlurmError('SQUEUE_FAILED', `squeue failed (exit ${result.exitCode}): ` +
        firstLines(result.stderr || result.stdout));
    }
    return result.stdout.split('\n').filter((line) => line.includes('|')).map((line) => {
      const [id, state] = line.trim().split('|') as [string, string];
      const [jobId, task] = id.split('_') as [string, string | undefined];
      const taskIndex = task !== undefined && /^\d+$/.test(task) ? Number(task) : undefined;
      return { jobId, ...(taskIndex !== undefined ? { taskIndex } : {}), state };
    });
  }
}

/** Job states after which a task will not run again by itself. */
const FINAL_STATES = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL',
  'PREEMPTED', 'BOOT_FAIL', 'DEADLINE', 'OUT_OF_MEMORY', 'SPECIAL_EXIT']);

/** Whether a task in `state` is still pending, running, or coming back (requeued). */
export function isActiveState(state: string): boolean {
  return !FINAL_STATES.has(state.replace(/\+$/, ''));
}

function firstLines(text: string): string {
  const lines = text.trim().split('\n').slice(0, 5).join(' | ');
  return lines || '(nothing printed)';
}
