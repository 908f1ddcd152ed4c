/**
 * Progress of a running sweep on stderr: a live line in a terminal, plain lines every few
 * seconds otherwise (CI, SLURM logs), nothing with --quiet.
 */
import type { SweepEvent } from '@phasegrid/sweep';

const PLAIN_INTERVAL_MS = 5_000;

export class ProgressReporter {
  private numTotal = 0;
  private numDone = 0;
  private numRunning = 0;
  private numFailed = 0;
  private numDiverged = 0;
  private startMs = Date.now();
  private lastPlainMs = 0;
  private pendingLine: NodeJS.Immediate | undefined;
  private readonly isTerminal: boolean;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly isQuiet: boolean,
  ) {
    this.isTerminal = Boolean(stream.isTTY);
  }

  /** Feeds one sweep event. */
  handle(event: SweepEvent): void {
    switch (event.kind) {
      case 'planned':
        this.numTotal = event.numPending;
        this.startMs = Date.now();
        this.line(`${event.numCells} cells: ${event.numFinished} already finished, ` +
          `${event.numPending} to run on ${event.numWorkers} worker(s)`, true);
        return;
      case 'cell-started':
        this.numRunning += 1;
        break;
      case 'cell-finished':
        this.numRunning -= 1;
        this.numDone += 1;
        if (event.outcome === 'diverged') this.numDiverged += 1;
        break;
      case 'cell-failed':
        this.numRunning -= 1;
        if (event.willRetry) this.numTotal += 1;
        this.numDone += 1;
        if (!event.willRetry) this.numFailed += 1;
        this.line(`cell ${event.cell.id} failed (${event.code}): ${firstLine(event.message)}` +
          (event.willRetry ? '; retrying' : ''), true);
        break;
      case 'stopping':
        this.line(`stopping: no new cells; running cells have ${event.gracePeriodS} s to finish`,
          true);
        return;
      case 'store-problem':
        this.line(`warning: ${event.file} at byte ${event.offset}: ${event.problem}; skipped`,
          true);
        return;
      case 'outputs-written':
        return;
    }
    this.status();
  }

  /** Ends the live line. */
  finish(): void {
    this.cancelPendingLine();
    if (this.isTerminal && !this.isQuiet && this.numTotal > 0) this.stream.write('\n');
  }

  private statusText(): string {
    const elapsedMin = (Date.now() - this.startMs) / 60_000;
    const perMinute = elapsedMin > 0 ? this.numDone / elapsedMin : 0;
    const remaining = this.numTotal - this.numDone;
    const eta = perMinute > 0 ? formatDuration((remaining / perMinute) * 60) : '?';
    return `${this.numDone}/${this.numTotal} cells, ${this.numRunning} running, ` +
      `${this.numFailed} failed${this.numDiverged ? `, ${this.numDiverged} diverged` : ''}, ` +
      `${perMinute.toFixed(1)} cells/min, ETA ${eta}`;
  }

  private status(): void {
    if (this.isQuiet) return;
    const text = this.statusText();
    if (this.isTerminal) {
      this.stream.write(`\r\x1b[2K${bar(this.numDone, this.numTotal)} ${text}`);
      return;
    }
    if (this.numDone === this.numTotal) {
      this.cancelPendingLine();
      this.stream.write(`phasegrid: ${text}\n`);
      return;
    }
    if (Date.now() - this.lastPlainMs < PLAIN_INTERVAL_MS || this.pendingLine) return;
    // A finished cell's lane starts its next cell a few microtasks later: printing after them
    // shows how many cells are really running.
    this.pendingLine = setImmediate(() => {
      this.pendingLine = undefined;
      this.lastPlainMs = Date.now();
      this.stream.write(`phasegrid: ${this.statusText()}\n`);
    });
  }

  private cancelPendingLine(): void {
    if (this.pendingLine) clearImmediate(this.pendingLine);
    this.pendingLine = undefined;
  }

  private line(text: string, isImportant: boolean): void {
    if (this.isQuiet && !isImportant) return;
    if (this.isQuiet && !text.startsWith('warning') && !text.includes('failed')) return;
    this.stream.write(`${this.isTerminal ? '\r\x1b[2K' : ''}phasegrid: ${text}\n`);
  }
}

function bar(done: number, total: number, width = 24): string {
  const filled = total > 0 ? Math.round((done / total) * width) : width;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

/** `75` -> `1m15s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}
