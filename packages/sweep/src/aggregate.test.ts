import type { OrderParameterInfo } from '@phasegrid/core';
import { describe, expect, it } from 'vitest';
import {
  aggregatePhase,
  compareAxisValues,
  resolveThreshold,
  type AggregateInput,
  type AggregateResult,
  type DiagramSpec,
  type PhasePoint,
} from './aggregate.ts';
import { InputError } from './errors.ts';

const TOLERANCE_DIGITS = 12;
const CURVE_STEPS = [100, 200, 300];

const coverage: OrderParameterInfo = {
  name: 'coverage', description: 'atoms matched', threshold: 0.5, direction: 'above',
  range: [0, 1], isOnCurve: true,
};
const loss: OrderParameterInfo = {
  name: 'loss', description: 'final loss', threshold: 0.2, direction: 'below', isOnCurve: true,
};
const probe: OrderParameterInfo = {
  name: 'probe', description: 'probe accuracy', isOnCurve: false,
};
const infos = [coverage, loss, probe];
const diagram: DiagramSpec = { x: 'views.strength', y: 'data.noise', order: 'coverage' };

function result(
  final: Record<string, number | null>,
  curve: Record<string, number[]> = {},
  outcome: AggregateResult['outcome'] = 'finished',
): AggregateResult {
  return { outcome, orderParameters: final, curve: { steps: CURVE_STEPS, values: curve } };
}

function cell(strength: number, noise: number, seed: number, res: AggregateResult):
  AggregateInput {
  return { axisValues: { 'views.strength': strength, 'data.noise': noise }, seed, result: res };
}

/** 2 x 2 grid x 3 seeds; coverage curves are chosen so each seed first passes 0.5 where noted. */
const grid: AggregateInput[] = [
  // Passes at: never, 200, 100.
  cell(0, 0.1, 0, result({ coverage: 0, loss: 0.1, probe: 0.6 }, { coverage: [0, 0.1, 0] })),
  cell(0, 0.1, 1, result({ coverage: 0.5, loss: 0.2, probe: 0.7 }, { coverage: [0.4, 0.5, 0.5] })),
  cell(0, 0.1, 2, result({ coverage: 1, loss: 0.5, probe: null }, { coverage: [0.6, 1, 1] })),
  // Passes at: 100, 300, 200.
  cell(1, 0.1, 0, result({ coverage: 1, loss: 0.3 }, { coverage: [0.9, 1, 1] })),
  cell(1, 0.1, 1, result({ coverage: 1, loss: 0.3 }, { coverage: [0.2, 0.3, 1] })),
  cell(1, 0.1, 2, result({ coverage: 1, loss: 0.3 }, { coverage: [0, 0.7, 1] })),
  // Never passes.
  cell(0, 0.2, 0, result({ coverage: 0.1, loss: 0.9 }, { coverage: [0.1, 0.1, 0.1] })),
  cell(0, 0.2, 1, result({ coverage: 0.2, loss: 0.9 }, { coverage: [0.2, 0.2, 0.2] })),
  cell(0, 0.2, 2, result({ coverage: 0.3, loss: 0.9 }, { coverage: [0.3, 0.3, 0.3] })),
  // Passes at: 100, 300; seed 2 diverged after passing at 100, which must not count.
  cell(1, 0.2, 0, result({ coverage: 0.6, loss: 0.1 }, { coverage: [0.5, 0.6, 0.6] })),
  cell(1, 0.2, 1, result({ coverage: 0.9, loss: 0.1 }, { coverage: [0, 0, 0.9] })),
  cell(1, 0.2, 2, result({ coverage: 0.8, loss: 0.1 }, { coverage: [0.8] }, 'diverged')),
];

function pointAt(points: PhasePoint[], strength: number, noise: number, order: string): PhasePoint {
  const found = points.find((point) => point.order === order &&
    point.axisValues['views.strength'] === strength && point.axisValues['data.noise'] === noise);
  if (found === undefined) throw new Error(`no point at ${strength}, ${noise}, ${order}`);
  return found;
}

describe('aggregatePhase', () => {
  const points = aggregatePhase(diagram, infos, grid);

  it('gives one point per grid cell and order parameter', () => {
    expect(points).toHaveLength(4 * 3);
  });

  it('computes the mean and the sample standard deviation (n - 1) over seeds', () => {
    const spread = pointAt(points, 0, 0.1, 'coverage');
    expect(spread.mean).toBeCloseTo(0.5, TOLERANCE_DIGITS);
    expect(spread.std).toBeCloseTo(0.5, TOLERANCE_DIGITS);
    expect(spread.n).toBe(3);
    const low = pointAt(points, 0, 0.2, 'coverage');
    expect(low.mean).toBeCloseTo(0.2, TOLERANCE_DIGITS);
    expect(low.std).toBeCloseTo(0.1, TOLERANCE_DIGITS);
    expect(pointAt(points, 1, 0.1, 'coverage').std).toBe(0);
  });

  it('counts only finite values in n and skips nulls in the mean', () => {
    const partial = pointAt(points, 0, 0.1, 'probe');
    expect(partial.n).toBe(2);
    expect(partial.mean).toBeCloseTo(0.65, TOLERANCE_DIGITS);
    const missing = pointAt(points, 1, 0.1, 'probe');
    expect(missing).toMatchObject({ n: 0, mean: null, std: null });
  });

  it('counts a value equal to the threshold as learned, over all seeds', () => {
    expect(pointAt(points, 0, 0.1, 'coverage').learnedFraction).toBeCloseTo(2 / 3, 12);
    expect(pointAt(points, 0, 0.2, 'coverage').learnedFraction).toBe(0);
    expect(pointAt(points, 1, 0.1, 'coverage').learnedFraction).toBe(1);
  });

  it('treats values at or below the threshold as learned for direction below', () => {
    expect(pointAt(points, 0, 0.1, 'loss').learnedFraction).toBeCloseTo(2 / 3, 12);
    expect(pointAt(points, 1, 0.1, 'loss').learnedFraction).toBe(0);
  });

  it('takes the median first step past the threshold, never-learned seeds as infinity', () => {
    expect(pointAt(points, 0, 0.1, 'coverage').learningStep).toBe(200);
    expect(pointAt(points, 1, 0.1, 'coverage').learningStep).toBe(200);
    expect(pointAt(points, 0, 0.2, 'coverage').learningStep).toBeNull();
  });

  it('gives no learning step or fraction for an order parameter without threshold', () => {
    expect(pointAt(points, 0, 0.1, 'probe')).toMatchObject({
      learnedFraction: null, learningStep: null,
    });
  });

  it('leaves diverged seeds out of the values but counts them as not learned', () => {
    const diverged = pointAt(points, 1, 0.2, 'coverage');
    expect(diverged.n).toBe(2);
    expect(diverged.divergedCount).toBe(1);
    expect(diverged.mean).toBeCloseTo(0.75, TOLERANCE_DIGITS);
    expect(diverged.std).toBeCloseTo(Math.sqrt(0.045), TOLERANCE_DIGITS);
    expect(diverged.learnedFraction).toBeCloseTo(2 / 3, TOLERANCE_DIGITS);
    expect(diverged.learningStep).toBe(300);
    expect(pointAt(points, 1, 0.1, 'coverage').divergedCount).toBe(0);
  });

  it('applies the diagram threshold to its own order parameter only', () => {
    const strict = aggregatePhase({ ...diagram, threshold: 0.95 }, infos, grid);
    expect(pointAt(strict, 0, 0.1, 'coverage').learnedFraction).toBeCloseTo(1 / 3, 12);
    expect(pointAt(strict, 0, 0.1, 'coverage').learningStep).toBeNull();
    expect(pointAt(strict, 0, 0.1, 'loss').learnedFraction).toBeCloseTo(2 / 3, 12);
  });

  it('returns a learning step when exactly half the seeds learned and null below half', () => {
    const curves = [[0.6, 0.6, 0.6], [0, 0.6, 0.6], [0, 0, 0], [0, 0, 0]];
    const half = curves.map((curve, seed) =>
      cell(0, 0.1, seed, result({ coverage: curve[2] ?? 0 }, { coverage: curve })));
    expect(aggregatePhase(diagram, [coverage], half)[0]?.learningStep).toBe(200);
    const quarter = half.filter((input) => input.seed !== 1);
    expect(aggregatePhase(diagram, [coverage], quarter)[0]?.learningStep).toBeNull();
  });

  it('groups axis values that parse to the same number or object', () => {
    const texts = ['{"a": 1, "b": {"p": 1, "q": 2}}', '{"a": 1.0, "b": {"q": 2, "p": 1}}',
      '{"b": {"p": 1, "q": 2}, "a": 1e0}'];
    const inputs = texts.map((text, seed) => ({
      axisValues: JSON.parse(text) as Record<string, unknown>,
      seed,
      result: result({ coverage: seed }),
    }));
    const grouped = aggregatePhase({ x: 'a', y: 'b', order: 'coverage' }, [coverage], inputs);
    expect(grouped).toHaveLength(1);
    expect(grouped[0]).toMatchObject({ n: 3, mean: 1 });
  });

  it('keeps a separate point for every value of an axis outside the diagram', () => {
    const inputs = [16, 32, 16, 32].map((width, index) => ({
      axisValues: { 'views.strength': 0, 'data.noise': 0.1, 'encoder.width': width },
      seed: index,
      result: result({ coverage: width / 32 }),
    }));
    const split = aggregatePhase(diagram, [coverage], inputs);
    expect(split.map((point) => [point.axisValues['encoder.width'], point.mean, point.n]))
      .toEqual([[16, 0.5, 2], [32, 1, 2]]);
  });

  it('rejects a seed given twice at the same axis values and an unknown order', () => {
    const twice = [grid[0], grid[0]].filter((input) => input !== undefined);
    expect(() => aggregatePhase(diagram, infos, twice)).toThrow(InputError);
    try {
      aggregatePhase({ ...diagram, order: 'coverag' }, infos, grid);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).code).toBe('BAD_INPUT');
      expect((error as InputError).issues.map((issue) => issue.path)).toEqual(['diagram.order']);
    }
  });
});

describe('resolveThreshold', () => {
  it('prefers the diagram threshold for the diagram order and keeps the direction', () => {
    expect(resolveThreshold({ order: 'loss', threshold: 0.3 }, loss))
      .toEqual({ value: 0.3, direction: 'below' });
    expect(resolveThreshold({ order: 'coverage', threshold: 0.3 }, loss))
      .toEqual({ value: 0.2, direction: 'below' });
    expect(resolveThreshold({ order: 'coverage' }, probe)).toBeNull();
    expect(resolveThreshold({ order: 'probe', threshold: 0.7 }, probe))
      .toEqual({ value: 0.7, direction: 'above' });
  });
});

describe('compareAxisValues', () => {
  it('sorts numbers numerically, before strings, with missing values last', () => {
    const values = [undefined, 'b', 10, { k: 1 }, 2, 'a', null, 0.5];
    expect([...values].sort(compareAxisValues)).toEqual([0.5, 2, 10, 'a', 'b', { k: 1 }, null,
      undefined]);
  });
});

describe('aggregatePhase predictions', () => {
  it('attaches the family\'s prediction for each point from its cells\' configuration', () => {
    const inputs = [0, 1].flatMap((strength) => [0, 1].map((seed) => ({
      axisValues: { 'views.strength': strength, 'data.noise': 0.2 }, seed,
      config: { views: { strength } },
      result: { outcome: 'finished' as const, orderParameters: { coverage: strength },
        curve: { steps: [], values: {} } },
    })));
    const predict = (name: string, config: unknown) => name === 'coverage'
      ? 10 * (config as { views: { strength: number } }).views.strength
      : undefined;
    const points = aggregatePhase({ x: 'views.strength', y: 'data.noise', order: 'coverage' },
      [{ name: 'coverage', description: '', threshold: 0.5, isOnCurve: false },
        { name: 'other', description: '', isOnCurve: false }], inputs, predict);
    expect(points.map((point) => [point.order, point.predicted])).toEqual([
      ['coverage', 0], ['other', null], ['coverage', 10], ['other', null]]);
  });
});
