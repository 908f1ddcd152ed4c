/**
 * A battery of malformed specs and flags, run through the CLI in-process. Every case must exit
 * with code 2, list every problem at once (one line each, with its path), print nothing on
 * stdout, and write nothing to disk.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.ts';

const root = mkdtempSync(join(tmpdir(), 'phasegrid-bad-input-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A valid, tiny spec that each case breaks in one or more places. */
const VALID = {
  name: 'battery',
  experiment: 'sparse-coding',
  base: { training: { steps: 20 }, evaluation: { everySteps: 10, probeSamples: 32 } },
  axes: { 'views.strength': [0, 1], 'data.noise': [0.2, 0.3] },
  seeds: 1,
  diagram: { x: 'views.strength', y: 'data.noise' },
};

/** Marks a case whose spec path is a folder instead of a file. */
const FOLDER = Symbol('folder');

interface CasePaths {
  readonly spec: string;
  readonly results: string;
}

interface BadInputCase {
  /** A behaviour sentence. */
  readonly name: string;
  /** Text is written as is, anything else as JSON; absent: no file at all. */
  readonly spec?: string | object | typeof FOLDER;
  /** The command line; by default `grid <spec> --results <results>`. */
  readonly args?: (paths: CasePaths) => string[];
  /** One pattern per problem line, in order; the number of lines must match. */
  readonly problems: readonly RegExp[];
  /** A pattern for the first line, when the header says more than the problem count. */
  readonly headline?: RegExp;
}

const withSpec = (patch: Record<string, unknown>) => ({ ...VALID, ...patch });

/** One pattern from several, so that long ones can be wrapped. */
const joined = (...parts: RegExp[]) => new RegExp(parts.map((part) => part.source).join(''));

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const grid = (...flags: string[]) => (paths: CasePaths) =>
  ['grid', paths.spec, '--results', paths.results, ...flags];

/** Seventeen settings at their defaults: one axis more than a spec may have. */
const SEVENTEEN_AXES = {
  'data.atoms': [16], 'data.dim': [128], 'data.activeAtoms': [2], 'data.noise': [0.3],
  'views.strength': [1], 'encoder.width': [32], 'encoder.thresholdScale': [0.5],
  'objective.temperature': [0.5], 'objective.similarity': ['cosine'],
  'objective.symmetric': [true], 'optimizer.learningRate': [0.02],
  'optimizer.weightDecay': [0], 'training.steps': [500], 'training.batchSize': [64],
  'evaluation.everySteps': [25], 'evaluation.coverageCosine': [0.7],
  'evaluation.learnedCoverage': [0.5],
};

const fortyValues = (scale: number) => Array.from({ length: 40 }, (_, i) => (i + 1) * scale);

const SPEC_CASES: readonly BadInputCase[] = [
  {
    name: 'refuses a name of the wrong type and a seed count given as a word, both at once',
    spec: withSpec({ name: 7, seeds: 'three' }),
    problems: [/^name: .*expected string.*\(received 7 \(number\)\)$/,
      /^seeds: must be a count of seeds, .*from 1 to 10000.*\(received "three" \(string\)\)$/],
  },
  {
    name: 'refuses an axis value of the wrong type, naming the value and its type',
    spec: withSpec({ axes: { ...VALID.axes, 'views.strength': [0, '0.5'] } }),
    problems: [joined(/^axes\["views.strength"\]\[1\]: /,
      /gives views.strength: .*expected number.*"0.5" \(string\)/)],
  },
  {
    name: 'refuses a base setting of the wrong type at its full path',
    spec: withSpec({ base: { training: { unitNormRows: 'yes' } } }),
    problems: [/^base.training.unitNormRows: .*expected boolean.*"yes" \(string\)/],
  },
  {
    name: 'refuses an unknown top-level key and suggests the nearest one',
    spec: withSpec({ sedes: 3 }),
    problems: [/^sedes: unknown key "sedes"; did you mean "seeds"\?$/],
  },
  {
    name: 'refuses an unknown key inside the base and suggests the nearest one',
    spec: withSpec({ base: { encoder: { widht: 8 } } }),
    problems: [/^base.encoder.widht: unknown key "widht"; did you mean "width"\?$/],
  },
  {
    name: 'refuses an axis with no values',
    spec: withSpec({ axes: { ...VALID.axes, 'data.noise': [] } }),
    problems: [/^axes\["data.noise"\]: has no values; give at least one$/],
  },
  {
    name: 'refuses a spec without axes, saying a diagram needs two',
    spec: withSpec({ axes: {}, diagram: undefined }),
    problems: [/^axes: has no axes; a phase diagram needs at least two/],
  },
  {
    name: 'refuses a NaN literal as invalid JSON at its line and column',
    spec: '{\n  "name": "battery",\n  "axes": { "data.noise": [0.2, NaN] }\n}\n',
    problems: [joined(/^invalid JSON at line 3, column 33: /,
      /expected a value, found "N" \(JSON has no NaN or Infinity/)],
  },
  {
    name: 'refuses an Infinity literal as invalid JSON at its line and column',
    spec: '{"name": "battery",\n"axes": {"data.noise": [-Infinity]}}',
    problems: [joined(/^invalid JSON at line 2, column 26: expected a digit after "-", /,
      /found "I" \(JSON has no NaN or Infinity/)],
  },
  {
    name: 'refuses "NaN" as a string where a number belongs',
    spec: withSpec({ axes: { ...VALID.axes, 'data.noise': [0.2, 'NaN'] } }),
    problems: [/^axes\["data.noise"\]\[1\]: gives data.noise: .*expected number.*"NaN" \(string\)/],
  },
  {
    name: 'refuses 1e999 in an axis, which JSON reads as Infinity, as not finite',
    spec: JSON.stringify(withSpec({})).replace('[0.2,0.3]', '[0.2,1e999]'),
    problems: [joined(/^axes\["data.noise"\]\[1\]: /,
      /must be a finite number \(received Infinity \(number\)\)$/)],
  },
  {
    name: 'refuses 1e999 in the base as not finite',
    spec: JSON.stringify(withSpec({ base: { data: { noise: 0.5 } } })).replace('0.5', '1e999'),
    problems: [/^base.data.noise: must be a finite number \(received Infinity \(number\)\)$/],
  },
  {
    name: 'refuses a value repeated in another spelling',
    spec: JSON.stringify(withSpec({})).replace('[0.2,0.3]', '[0.2, 0.20]'),
    problems: [/^axes\["data.noise"\]\[1\]: repeats the value at index 0 \(0.2\)/],
  },
  {
    name: 'locates a repeat by its index in the file even after an invalid value',
    spec: JSON.stringify(withSpec({})).replace('[0.2,0.3]', '[1e999, 0.3, 0.3]'),
    problems: [/^axes\["data.noise"\]\[0\]: must be a finite number/,
      /^axes\["data.noise"\]\[2\]: repeats the value at index 1 \(0.3\)/],
  },
  {
    name: 'refuses an axis path the family lacks, suggesting one and listing the valid paths',
    spec: withSpec({ axes: { 'views.strength': [0, 1], 'data.nosie': [0.2] } }),
    problems: [joined(/^axes\["data.nosie"\]: "data.nosie" is not a setting of sparse-coding; /,
      /did you mean "data.noise"\?; valid paths: .*data.noise.*views.strength/)],
  },
  {
    name: 'lists the valid paths when no axis path is near',
    spec: withSpec({ axes: { 'views.strength': [0, 1], 'model.depth': [2] },
      diagram: { x: 'views.strength', y: 'model.depth' } }),
    problems: [joined(/^axes\["model.depth"\]: "model.depth" is not a setting of sparse-coding; /,
      /valid paths: data, /)],
  },
  {
    name: 'refuses a training length beyond the family\'s limit, saying the limit',
    spec: withSpec({ base: { training: { steps: 1e9 } } }),
    problems: [joined(/^base.training.steps: /,
      /Too big: expected number to be <=1000000 \(received 1000000000 /)],
  },
  {
    name: 'refuses an encoder width beyond the limit, at the axis value',
    spec: withSpec({ axes: { 'views.strength': [0, 1], 'encoder.width': [8, 1e6] },
      diagram: { x: 'views.strength', y: 'encoder.width' } }),
    problems: [joined(/^axes\["encoder.width"\]\[1\]: /,
      /gives encoder.width: Too big: .*<=4096 \(received 1000000 /)],
  },
  {
    name: 'refuses a sweep of more cells than the limit, saying the count and the limit',
    spec: withSpec({
      axes: { 'views.strength': fortyValues(0.025), 'data.noise': fortyValues(0.01),
        'encoder.width': fortyValues(1), 'objective.temperature': fortyValues(0.02),
        'optimizer.learningRate': fortyValues(0.001) },
      seeds: 1000,
    }),
    problems: [/^axes: the axes and seeds make 102400000000 cells; the limit is 10000000$/],
  },
  {
    name: 'refuses an axis of more values than the limit, saying the limit',
    spec: withSpec({ axes: { ...VALID.axes,
      'data.noise': Array.from({ length: 10_001 }, (_, i) => i / 10_000) } }),
    problems: [/^axes\["data.noise"\]: has 10001 values; the limit is 10000$/],
  },
  {
    name: 'refuses more axes than the limit, saying the limit',
    spec: withSpec({ axes: SEVENTEEN_AXES, diagram: { x: 'data.atoms', y: 'data.dim' } }),
    problems: [/^axes: has 17 axes; the limit is 16$/],
  },
  {
    name: 'refuses more seeds than the limit, saying the limit',
    spec: withSpec({ seeds: 20_000 }),
    problems: [/^seeds: Too big: expected number to be <=10000 \(received 20000/],
  },
  {
    name: 'refuses a trailing comma as invalid JSON at its line and column',
    spec: '{\n  "name": "battery",\n  "seeds": 3,\n}\n',
    problems: [joined(/^invalid JSON at line 4, column 1: /,
      /expected a property name in double quotes, found "}"$/)],
  },
  {
    name: 'refuses an unquoted key as invalid JSON at its line and column',
    spec: '{\n  name: "battery"\n}\n',
    problems: [joined(/^invalid JSON at line 2, column 3: /,
      /expected a property name in double quotes, found "n"$/)],
  },
  {
    name: 'refuses a string broken across lines as invalid JSON at the line break',
    spec: '{ "name": "bat\ntery" }',
    problems: [/^invalid JSON at line 1, column 15: expected a closing '"'/],
  },
  {
    name: 'refuses an empty file as invalid JSON',
    spec: '',
    problems: [/^invalid JSON: the file is empty$/],
  },
  ...['../evil', 'a/b', '..'].map((name): BadInputCase => ({
    name: `refuses the sweep name ${JSON.stringify(name)}, which would leave the results folder`,
    spec: withSpec({ name }),
    problems: [joined(/^name: must be .*no path separators or "\.\."\) /,
      new RegExp(`\\(received ${escapeRegExp(JSON.stringify(name))} \\(string\\)\\)$`))],
  })),
  {
    name: 'refuses a seed count of 0',
    spec: withSpec({ seeds: 0 }),
    problems: [/^seeds: Too small: expected number to be >=1 \(received 0 \(number\)\)$/],
  },
  {
    name: 'refuses a fractional seed count',
    spec: withSpec({ seeds: 1.5 }),
    problems: [/^seeds: must be a count of seeds.*\(received 1.5 \(number\)\)$/],
  },
  {
    name: 'refuses a negative seed in a list, at its index',
    spec: withSpec({ seeds: [0, -1] }),
    problems: [/^seeds\[1\]: Too small: expected number to be >=0 \(received -1 \(number\)\)$/],
  },
  {
    name: 'refuses a seed listed twice',
    spec: withSpec({ seeds: [1, 2, 1] }),
    problems: [/^seeds: lists a seed more than once$/],
  },
  {
    name: 'refuses an unknown experiment and suggests the nearest one',
    spec: withSpec({ experiment: 'sparse-codng' }),
    problems: [/^experiment: unknown experiment "sparse-codng"; did you mean "sparse-coding"\?$/],
  },
  {
    name: 'refuses a spec without an experiment',
    spec: withSpec({ experiment: undefined }),
    problems: [/^experiment: is missing \(expected string\)$/],
  },
  {
    name: 'refuses a diagram axis that is not an axis and suggests the nearest one',
    spec: withSpec({ diagram: { x: 'views.strenght', y: 'data.noise' } }),
    problems: [joined(/^diagram.x: "views.strenght" is not one of the spec's axes; /,
      /did you mean "views.strength"\?; axes: views.strength, data.noise$/)],
  },
  {
    name: 'refuses an unknown order parameter and suggests the nearest one',
    spec: withSpec({ diagram: { ...VALID.diagram, order: 'coverag' } }),
    problems: [joined(/^diagram.order: "coverag" is not an order parameter of sparse-coding; /,
      /did you mean "coverage"\?/)],
  },
  {
    name: 'refuses an axis value that breaks a constraint with the base, naming the cell',
    spec: withSpec({ axes: { 'views.strength': [0, 1], 'data.atoms': [16, 200] },
      diagram: { x: 'views.strength', y: 'data.atoms' } }),
    headline: /spec "battery": 1 problem\(s\)$/,
    problems: [joined(/^axes \(views.strength = 0, data.atoms = 200\): this combination gives /,
      /data.atoms: atoms must not exceed dim .*\(received 200 \(number\)\)$/)],
  },
  {
    name: 'refuses a combination of axis values that breaks a constraint, naming both values',
    spec: withSpec({ base: { data: { dim: 256 } },
      axes: { 'data.atoms': [16, 200], 'data.dim': [128, 256] },
      diagram: { x: 'data.atoms', y: 'data.dim' } }),
    headline: /spec "battery": 1 problem\(s\)$/,
    problems: [joined(/^axes \(data.atoms = 200, data.dim = 128\): this combination gives /,
      /data.atoms: atoms must not exceed dim .*\(received 200 \(number\)\)$/)],
  },
  {
    name: 'refuses an object axis value of an unknown kind',
    spec: withSpec({ axes: { ...VALID.axes, views: [{ kind: 'mask' }, { kind: 'blur' }] } }),
    problems: [joined(/^axes\["views"\]\[1\]: gives views.kind: .*'mask' \| 'independent-mask'/,
      /.*\(received "blur" \(string\)\)$/)],
  },
  {
    name: 'refuses a spec that is a JSON array',
    spec: '[1, 2]',
    problems: [/^a spec must be a JSON object.*\(received \[1,2\] \(array\)\)$/],
  },
  {
    name: 'refuses a spec that is null',
    spec: 'null',
    problems: [/^a spec must be a JSON object.*\(received null \(null\)\)$/],
  },
  {
    name: 'refuses a missing spec file',
    problems: [/^cannot read the spec: no such file/],
  },
  {
    name: 'refuses a folder given as the spec',
    spec: FOLDER,
    problems: [/^cannot read the spec: it is a folder; give a spec file/],
  },
  {
    name: 'lists every problem of a spec at once',
    spec: withSpec({ name: 'a/b', seeds: 0, sedes: 1,
      axes: { 'views.strength': [0, 0], 'data.nosie': [0.2] } }),
    problems: [/^name: must be /, /^seeds: Too small/, /^sedes: unknown key/,
      /^axes\["views.strength"\]\[1\]: repeats the value at index 0/,
      /^axes\["data.nosie"\]: .*did you mean "data.noise"/],
  },
  {
    name: 'refuses a bad spec in plan as in grid',
    spec: withSpec({ seeds: 0 }),
    args: (paths) => ['plan', paths.spec, '--results', paths.results],
    problems: [/^seeds: Too small/],
  },
  {
    name: 'refuses a bad spec in report as in grid',
    spec: '{ "name": "battery", }',
    args: (paths) => ['report', paths.spec, '--results', paths.results],
    problems: [/^invalid JSON at line 1, column 22: expected a property name/],
  },
];

/** Flag and command cases, each with a valid spec so that only the flag is wrong. */
const FLAG_CASES: readonly BadInputCase[] = ([
  {
    name: 'refuses an unknown flag and suggests the nearest one',
    args: grid('--wokers', '2'),
    problems: [/^--wokers: unknown flag; did you mean --workers\? \(see phasegrid grid --help\)$/],
  },
  {
    name: 'refuses zero workers',
    args: grid('--workers', '0'),
    problems: [/^--workers: must be a whole number from 1 to 1024 \(received "0"\)$/],
  },
  {
    name: 'refuses a worker count written as a word',
    args: grid('--workers', 'two'),
    problems: [/^--workers: must be a whole number from 1 to 1024 \(received "two"\)$/],
  },
  {
    name: 'refuses a flag given without its value',
    args: grid('--workers'),
    problems: [/^--workers: needs a value$/],
  },
  {
    name: 'refuses an unknown backend, listing the known ones',
    args: grid('--backend', 'gpu'),
    problems: [/^--backend: must be one of tensorflow, wasm, cpu \(received "gpu"\)$/],
  },
  {
    name: 'refuses a negative cell timeout given as a separate argument',
    args: grid('--cell-timeout', '-1'),
    problems: [/^--cell-timeout: must be a whole number from 1 to 604800 \(received "-1"\)$/],
  },
  {
    name: 'refuses a fractional retry count',
    args: grid('--retries', '1.5'),
    problems: [/^--retries: must be a whole number from 0 to 100 \(received "1.5"\)$/],
  },
  {
    name: 'lists every bad flag and the spec\'s problems together',
    spec: { ...VALID, seeds: 0 },
    args: grid('--workers', '0', '--retries', 'x'),
    problems: [/^--workers: must be a whole number from 1 to 1024/,
      /^--retries: must be a whole number from 0 to 100 \(received "x"\)$/,
      /^.*spec\.json: seeds: Too small: expected number to be >=1/],
  },
  {
    name: 'refuses to write an sbatch script for a sweep name a shell would interpret',
    spec: { ...VALID, name: 'x; $(touch pwned) \'q\'' },
    args: (paths) => ['slurm', 'submit', paths.spec, '--results', paths.results, '--dry-run'],
    problems: [/^name: must be 1-100 characters .*no path separators/],
  },
  {
    name: 'refuses sbatch options that are not SLURM syntax',
    args: (paths) => ['slurm', 'submit', paths.spec, '--results', paths.results, '--dry-run',
      '--partition', 'short; rm -rf ~', '--time', '$(reboot)'],
    problems: [/^--time: must be a SLURM time.*\(received "\$\(reboot\)"\)$/,
      /^--partition: must be a SLURM partition name \(received "short; rm -rf ~"\)$/],
  },
  {
    name: 'refuses a value given to a switch',
    args: grid('--quiet=yes'),
    problems: [/^--quiet: takes no value: it is a switch$/],
  },
  {
    name: 'refuses an unknown command and suggests the nearest one',
    args: (paths) => ['gird', paths.spec, '--results', paths.results],
    headline: /^phasegrid: unknown command "gird"; did you mean "grid"\? \(see phasegrid --help\)$/,
    problems: [],
  },
  {
    name: 'refuses a command without a spec',
    args: (paths) => ['grid', '--results', paths.results],
    problems: [/^<spec>: no spec given; pass a spec file/],
  },
  {
    name: 'refuses two specs given as arguments',
    args: (paths) => ['grid', paths.spec, `${paths.spec}.bak`, '--results', paths.results],
    problems: [/^<spec>: 2 specs given \(".*spec\.json", ".*spec\.json\.bak"\); give one$/],
  },
  {
    name: 'refuses different specs given as an argument and by --spec',
    args: (paths) => ['grid', paths.spec, '--spec', 'other.json', '--results', paths.results],
    problems: [/^--spec: two specs given \("other.json" and ".*spec\.json"\); give one$/],
  },
] satisfies BadInputCase[]).map((flagCase) => ({ spec: VALID, ...flagCase }));

/** A write stream that keeps what is written. */
function collector(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = {
    isTTY: false,
    write(chunk: string | Uint8Array): boolean {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    },
  };
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

function prepare(index: number, spec: BadInputCase['spec']): CasePaths & { dir: string } {
  const dir = join(root, `case-${index}`);
  mkdirSync(dir);
  const paths = { dir, spec: join(dir, 'spec.json'), results: join(dir, 'results') };
  if (spec === FOLDER) mkdirSync(paths.spec);
  else if (typeof spec === 'string') writeFileSync(paths.spec, spec);
  else if (spec !== undefined) writeFileSync(paths.spec, JSON.stringify(spec, null, 2));
  return paths;
}

describe('phasegrid on bad input: exit code 2, every problem listed, nothing written', () => {
  const cases = [...SPEC_CASES, ...FLAG_CASES];

  it('has a battery of at least 25 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases.map((badCase, index) => [badCase.name, index, badCase] as const))(
    '%s',
    async (_, index, badCase) => {
      const paths = prepare(index, badCase.spec);
      const before = readdirSync(paths.dir);
      const stdout = collector();
      const stderr = collector();

      const code = await main((badCase.args ?? grid())(paths),
        { stdout: stdout.stream, stderr: stderr.stream });

      const [headline, ...problemLines] = stderr.text().trimEnd().split('\n');
      expect({ code, stdout: stdout.text() }, stderr.text()).toEqual({ code: 2, stdout: '' });
      if (badCase.problems.length > 0) {
        expect(headline).toMatch(new RegExp('^phasegrid: bad input: .*: ' +
          `${badCase.problems.length} problem\\(s\\)$`));
      }
      if (badCase.headline) expect(headline).toMatch(badCase.headline);
      expect(problemLines.every((line) => line.startsWith('  ')), stderr.text()).toBe(true);
      expect(problemLines.map((line) => line.slice(2))).toEqual(
        badCase.problems.map((pattern) => expect.stringMatching(pattern)));
      expect(existsSync(paths.results)).toBe(false);
      expect(readdirSync(paths.dir)).toEqual(before);
    },
  );
});
