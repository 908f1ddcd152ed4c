/**
 * The packages as a user receives them. Builds and packs every package with `npm pack`, installs
 * the tarballs into a fresh project outside the repository (so nothing resolves to the
 * monorepo's sources), type-checks each package README's example there with strict settings
 * against the shipped declarations, runs it, and checks what it printed: the sparse-coding data
 * statistics, the views, one trained cell's order parameters (core, augment and train only) and
 * a 4-cell sweep through `@phasegrid/sweep`'s programmatic API.
 *
 * Installing uses the npm registry (or npm's cache) for the third-party dependencies, with
 * install scripts off: the optional native TensorFlow cannot download its library here, and the
 * packages must work without it.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync,
  writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT, workspacePackages, type WorkspacePackage } from './workspace-packages.ts';

const run = promisify(execFile);
const packages = workspacePackages();
const TYPESCRIPT_BIN = join(REPOSITORY_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** What `npm pack --json` reports about one tarball. */
interface PackReport {
  readonly name: string;
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: ReadonlyArray<{ readonly path: string }>;
}

let workDir = '';
let consumerDir = '';
const packReports = new Map<string, PackReport>();

/** The first TypeScript block under the README's `## Example` heading. */
function readmeExample(pkg: WorkspacePackage): string {
  const readme = readFileSync(join(pkg.root, 'README.md'), 'utf8');
  const section = readme.split(/^## Example$/m)[1];
  const code = section?.match(/```ts\n([\s\S]*?)```/)?.[1];
  if (!code) throw new Error(`${pkg.folder}/README.md has no \`\`\`ts block under ## Example`);
  return code;
}

/** Runs an example's compiled JavaScript in the consumer project; returns its last JSON line. */
async function runExample(folder: string): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, [join('build', `${folder}.js`)], {
    cwd: consumerDir,
    maxBuffer: 16 * 1024 * 1024,
  });
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
}

beforeAll(async () => {
  workDir = mkdtempSync(join(realpathSync(tmpdir()), 'phasegrid-packed-'));
  const tarballDir = join(workDir, 'tarballs');
  consumerDir = join(workDir, 'consumer');
  mkdirSync(tarballDir);
  mkdirSync(join(consumerDir, 'examples'), { recursive: true });

  // Dependency order: each package's build reads the declarations its siblings just built.
  for (const pkg of packages) {
    await run('npm', ['run', 'clean'], { cwd: pkg.root });
    await run('npm', ['run', 'build'], { cwd: pkg.root });
    const { stdout } = await run('npm',
      ['pack', '--json', '--ignore-scripts', '--pack-destination', tarballDir],
      { cwd: pkg.root });
    const [report] = JSON.parse(stdout) as PackReport[];
    packReports.set(pkg.folder, report!);
  }

  const rootManifest = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'package.json'), 'utf8')) as
    { devDependencies: Record<string, string> };
  const dependencies = Object.fromEntries(packages.map((pkg) =>
    [pkg.manifest.name, `file:${join(tarballDir, packReports.get(pkg.folder)!.filename)}`]));
  writeFileSync(join(consumerDir, 'package.json'), JSON.stringify({
    name: 'phasegrid-consumer',
    private: true,
    type: 'module',
    dependencies,
    devDependencies: { '@types/node': rootManifest.devDependencies['@types/node'] },
  }, null, 2));
  writeFileSync(join(consumerDir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      types: ['node'],
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      // Check the declarations the packages ship, not only the examples' own code.
      skipLibCheck: false,
      outDir: 'build',
      rootDir: 'examples',
    },
    include: ['examples/*.ts'],
  }, null, 2));
  for (const pkg of packages) {
    writeFileSync(join(consumerDir, 'examples', `${pkg.folder}.ts`), readmeExample(pkg));
  }
  await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline'],
    { cwd: consumerDir, maxBuffer: 16 * 1024 * 1024 });
}, 900_000);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe.each(packages.map((pkg) => [pkg.folder, pkg] as const))(
  '@phasegrid/%s tarball',
  (folder, pkg) => {
    it('holds the built modules, declarations, README and licence, and no tests', () => {
      const files = packReports.get(folder)!.files.map((file) => file.path);
      expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE',
        'dist/index.js', 'dist/index.d.ts']));
      for (const target of Object.values(pkg.manifest.exports ?? {})) {
        if (typeof target === 'string') continue;
        expect(files).toContain(target.default!.replace(/^\.\//, ''));
        expect(files).toContain(target.types!.replace(/^\.\//, ''));
      }
      expect(files.filter((file) =>
        /\.test\.|test-records|fixtures|tsconfig|tsbuildinfo|worker-entry\.mjs/.test(file)))
        .toEqual([]);
    });

    it('installs as a copy, not a link into the repository', () => {
      const installed = realpathSync(join(consumerDir, 'node_modules', pkg.manifest.name));
      expect(installed.startsWith(consumerDir)).toBe(true);
      expect(existsSync(join(installed, 'dist', 'index.js'))).toBe(true);
    });
  },
);

describe('the README examples, installed from the tarballs', () => {
  it('type-check strictly against the shipped declarations and compile', async () => {
    const output = await run(process.execPath, [TYPESCRIPT_BIN, '-p', 'tsconfig.json'],
      { cwd: consumerDir }).then(({ stdout }) => stdout, (error: { stdout?: string }) =>
      error.stdout ?? String(error));
    // TensorFlow.js's own declarations do not pass strict library checking (a missing `Long`
    // type, tfjs-layers' model types); everything else, ours included, must.
    const errors = output.split('\n').filter((line) => /error TS\d+/.test(line))
      .filter((line) => !line.startsWith('node_modules/@tensorflow/'));
    expect(errors).toEqual([]);
    for (const pkg of packages) {
      expect(existsSync(join(consumerDir, 'build', `${pkg.folder}.js`))).toBe(true);
    }
  }, 300_000);

  it('core: draws sparse codes at rate activeAtoms/atoms with noise of the set size', async () => {
    const printed = await runExample('core') as { activeFraction: number; noiseStd: number };
    // 32,768 code entries: the rate's standard error is 0.0018; 262,144 noise values: 0.0003.
    expect(printed.activeFraction).toBeGreaterThan(0.125 - 0.01);
    expect(printed.activeFraction).toBeLessThan(0.125 + 0.01);
    expect(printed.noiseStd).toBeCloseTo(0.2, 2);
  }, 120_000);

  it('augment: mask views share about 1 - strength of the coordinates', async () => {
    const printed = await runExample('augment') as { sharedFraction: Record<string, number> };
    expect(printed.sharedFraction['0']).toBe(1);
    expect(printed.sharedFraction['1']).toBe(0);
    // 8,192 coordinates: standard error 0.0055.
    expect(Math.abs(printed.sharedFraction['0.5']! - 0.5)).toBeLessThan(0.03);
  }, 120_000);

  it('train: masks learn the atoms and no augmentation does not', async () => {
    const printed = await runExample('train') as {
      backend: string;
      coverage: Record<string, number | null>;
      idealCoverage: number;
    };
    expect(['tensorflow', 'wasm']).toContain(printed.backend);
    expect(printed.coverage['strength 1']).toBeGreaterThanOrEqual(0.9);
    expect(printed.coverage['strength 0']).toBeLessThanOrEqual(0.1);
    expect(printed.idealCoverage).toBe(1);
  }, 300_000);

  it('sweep: runs a 4-cell sweep, reads it back, and trains nothing on a second run', async () => {
    type Printed = {
      cellsRun: number;
      finished: number;
      coverage: Array<{ 'views.strength': number; 'data.noise': number; coverage: number }>;
      phaseCsv: string;
    };
    const first = await runExample('sweep') as Printed;
    expect(first.cellsRun).toBe(4);
    expect(first.finished).toBe(4);
    expect(first.coverage).toHaveLength(4);
    const at = (strength: number, noise: number) => first.coverage.find((cell) =>
      cell['views.strength'] === strength && cell['data.noise'] === noise)?.coverage;
    expect(at(1, 0.2)).toBeGreaterThanOrEqual(0.9);
    expect(at(0, 0.2)).toBeLessThanOrEqual(0.1);
    expect(at(0, 0.35)).toBeLessThanOrEqual(0.1);

    const phaseRows = readFileSync(join(consumerDir, first.phaseCsv), 'utf8').trim().split('\n');
    expect(phaseRows[0]).toMatch(/^views\.strength,data\.noise,order,mean,std/);
    expect(phaseRows.filter((row) => row.includes(',coverage,'))).toHaveLength(4);

    const second = await runExample('sweep') as Printed;
    expect(second.cellsRun).toBe(0);
    expect(second.finished).toBe(4);
    expect(second.coverage).toEqual(first.coverage);
  }, 300_000);
});
