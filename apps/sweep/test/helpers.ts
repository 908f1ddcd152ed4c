/** Shared by the end-to-end tests: run the real `phasegrid` binary and read a sweep's store. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const BIN = new URL('../bin/phasegrid.mjs', import.meta.url).pathname;

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI to completion. */
export function phasegridSync(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd,
    timeout: 180_000, env: { ...process.env, ...env } });
  return { code: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}

/** A running CLI process whose output is collected, for tests that signal it. */
export class CliProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  private readonly exited: Promise<CliRun>;

  constructor(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(process.execPath, [BIN, ...args], { cwd,
      env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (chunk) => { this.stdout += String(chunk); });
    this.child.stderr!.on('data', (chunk) => { this.stderr += String(chunk); });
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) =>
        resolve({ code, signal, stdout: this.stdout, stderr: this.stderr }));
    });
  }

  /** Resolves when stderr contains `text` (rejects after `timeoutMs`). */
  async waitForStderr(text: string | RegExp, timeoutMs = 60_000): Promise<void> {
    const startMs = Date.now();
    while (!(typeof text === 'string' ? this.stderr.includes(text) : text.test(this.stderr))) {
      if (Date.now() - startMs > timeoutMs) {
        throw new Error(`timed out waiting for ${String(text)}; stderr so far:\n${this.stderr}`);
      }
      await sleep(25);
    }
  }

  signal(name: NodeJS.Signals): void {
    this.child.kill(name);
  }

  exit(): Promise<CliRun> {
    return this.exited;
  }
}

export function sleep(durationMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, durationMs));
}

/** Writes `spec` as JSON into `dir` and returns its path. */
export function writeSpec(dir: string, fileName: string, spec: unknown): string {
  const path = join(dir, fileName);
  writeFileSync(path, JSON.stringify(spec, null, 2));
  return path;
}
