/**
 * End to end through the real binary, worker pool and store: a tiny sweep, a re-run that trains
 * nothing, an extended sweep that trains only its new cells, and refusals of bad input.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = new URL('../bin/phasegrid.mjs', import.meta.url).pathname;
const workDir = mkdtempSync(join(tmpdir(), 'phasegrid-e2e-'));
const resultsDir = join(workDir, 'results');
const sweepDir = join(resultsDir, 'tiny');

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function writeSpec(fileName: string, strengths: number[]): string {
  const path = join(workDir, fileName);
  writeFileSync(path, JSON.stringify({
    name: 'tiny',
    experiment: 'sparse-coding',
    base: { training: { steps: 60 }, evaluation: { everySteps: 20, probeSamples: 64 } },
    axes: { 'views.strength': strengths, 'data.noise': [0.2, 0.3] },
    seeds: 2,
    diagram: { x: 'views.strength', y: 'data.noise', order: 'coverage', threshold: 0.5 },
  }));
  return path;
}

function phasegrid(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: workDir,
    timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function csvRows(path: string): string[][] {
  return readFileSync(path, 'utf8').trim().split('\n').map((line) => line.split(','));
}

describe('phasegrid grid (end to end)', () => {
  it('runs a 2 x 2 x 2-seed sweep on two workers and writes every output', () => {
    const run = phasegrid('grid', writeSpec('tiny.json', [0, 1]), '--results', resultsDir,
      '--workers', '2');
    expect(run.stderr).toContain('8 cells: 0 already finished, 8 to run on 2 worker(s)');
    expect(run.code).toBe(0);

    const cells = csvRows(join(sweepDir, 'cells.csv'));
    expect(cells[0]).toEqual(['views.strength', 'data.noise', 'seed', 'coverage',
      'coverage_at_cosine', 'signal_fraction', 'mean_best_cosine', 'probe_accuracy',
      'learning_time', 'loss', 'outcome', 'steps', 'seconds', 'backend', 'cell_id']);
    expect(cells).toHaveLength(1 + 8);
    expect(cells.slice(1).every((row) => row[10] === 'finished' && row[11] === '60')).toBe(true);
    expect(new Set(cells.slice(1).map((row) => row[13]))).toEqual(new Set(['wasm']));

    const phase = csvRows(join(sweepDir, 'phase.csv'));
    expect(phase[0]).toEqual(['views.strength', 'data.noise', 'order', 'mean', 'std', 'n',
      'learned_fraction', 'learning_step', 'diverged', 'predicted']);
    // 4 diagram points x 7 order parameters, each pooling 2 seeds.
    expect(phase).toHaveLength(1 + 4 * 7);
    const coverage = phase.filter((row) => row[2] === 'coverage');
    expect(coverage.every((row) => row[5] === '2')).toBe(true);

    const svgs = readdirSync(sweepDir).filter((name) => name.endsWith('.svg'));
    expect(svgs).toContain('phase-coverage.svg');
    expect(svgs).toHaveLength(7);
    expect(readFileSync(join(sweepDir, 'phase-coverage.svg'), 'utf8').match(/class="cell"/g))
      .toHaveLength(4);
    expect(run.stdout.trim().split('\n')).toContain(join(sweepDir, 'cells.csv'));
    expect(phase.slice(1).every((row) => row[9] === '')).toBe(true);
  });

  it('trains nothing when the sweep is run again, and rewrites the same outputs', () => {
    const before = readFileSync(join(sweepDir, 'cells.csv'), 'utf8');
    const storeFiles = readdirSync(join(sweepDir, 'records'));
    const run = phasegrid('grid', join(workDir, 'tiny.json'), '--results', resultsDir);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('8 cells: 8 already finished, 0 to run');
    expect(readFileSync(join(sweepDir, 'cells.csv'), 'utf8')).toBe(before);
    expect(readdirSync(join(sweepDir, 'records'))).toEqual(storeFiles);
  });

  it('trains only the new cells when an axis gains a value', () => {
    const run = phasegrid('grid', writeSpec('wider.json', [0, 1, 0.5]), '--results', resultsDir,
      '--workers', '1');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('12 cells: 8 already finished, 4 to run');
    const cells = csvRows(join(sweepDir, 'cells.csv')).slice(1);
    expect(cells).toHaveLength(12);
    expect(cells.filter((row) => row[0] === '0.5')).toHaveLength(4);
  });

  it('plans without running', () => {
    const run = phasegrid('plan', join(workDir, 'wider.json'), '--results', resultsDir);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('tiny: 12 cells, 12 finished, 0 new\n' +
      'estimated time: nothing to run\n');
  });

  it('refuses a bad spec with exit code 2, every problem listed, and writes nothing', () => {
    const path = join(workDir, 'bad.json');
    writeFileSync(path, JSON.stringify({ name: 'bad', experiment: 'sparse-coding',
      axes: { 'views.strength': [0, 'strong'], 'data.nosie': [0.2] }, seeds: 0 }));
    const run = phasegrid('grid', path, '--results', resultsDir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/seeds: /);
    expect(run.stderr).toMatch(/axes\["views.strength"\]\[1\]/);
    expect(run.stderr).toMatch(/axes\["data.nosie"\]: .*did you mean "data.noise"/);
    expect(existsSync(join(resultsDir, 'bad'))).toBe(false);
  });

  it('emits one JSON event per line on stdout with --json', () => {
    const path = join(workDir, 'json.json');
    writeFileSync(path, JSON.stringify({ name: 'json', experiment: 'fault-injection',
      base: { behaviour: 'throw', failingSeeds: [1] }, axes: { value: [0, 1], steps: [10] },
      seeds: 2, diagram: { x: 'value', y: 'steps' } }));
    const run = phasegrid('grid', path, '--results', resultsDir, '--json', '--quiet');
    expect(run.code).toBe(1);
    const events = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const kinds = events.map((event) => event.event);
    expect(kinds[0]).toBe('sweep-planned');
    expect(kinds.filter((kind) => kind === 'cell-started')).toHaveLength(4);
    expect(kinds.filter((kind) => kind === 'cell-finished')).toHaveLength(2);
    expect(events.filter((event) => event.event === 'cell-failed')
      .every((event) => event.code === 'CELL_ERROR')).toBe(true);
    expect(events.at(-1)).toMatchObject({ event: 'sweep-finished', numFinished: 2, numFailed: 2 });
    expect(run.stderr).not.toMatch(/cells\/min/);
  });

  it('prints sbatch scripts in a dry run, passing task flags through, and writes nothing', () => {
    const run = phasegrid('slurm', 'submit', join(workDir, 'wider.json'), '--results', resultsDir,
      '--dry-run', '--max-array-size', '2', '--cells-per-task', '4', '--grace-period', '20');
    expect(run.code).toBe(0);
    // 12 cells, 4 per task: 3 shards; MaxArraySize 2: arrays of 2 and 1.
    expect(run.stdout.match(/^#SBATCH --array=/gm)).toHaveLength(2);
    expect(run.stdout).toContain("'run-shard'");
    expect(run.stdout).toContain("'--grace-period' '20'");
    expect(existsSync(join(sweepDir, 'slurm'))).toBe(false);
  });

  it('suggests the nearest command and flag', () => {
    const command = phasegrid('gird', 'x.json');
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('did you mean "grid"?');
    const flag = phasegrid('grid', join(workDir, 'tiny.json'), '--worker', '2');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('did you mean --workers?');
  });
});
