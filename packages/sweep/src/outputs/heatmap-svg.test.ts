import type { OrderParameterInfo } from '@phasegrid/core';
import { describe, expect, it } from 'vitest';
import type { DiagramSpec, PhasePoint } from '../aggregate.ts';
import { InputError } from '../errors.ts';
import { formatCellMean, heatmapSvg, type HeatmapSvgOptions } from './heatmap-svg.ts';

interface Element {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly text: string;
}

/** A tiny XML walk: checks tags nest and text holds no raw markup, and lists the elements. */
function parseXml(xml: string): Element[] {
  const elements: Element[] = [];
  const open: string[] = [];
  const tagPattern = /<(\/?)([\w:-]+)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>([^<]*)/g;
  let consumed = xml.indexOf('<');
  for (const match of xml.matchAll(tagPattern)) {
    const [whole, closing, name = '', attributeText = '', selfClosing, text = ''] = match;
    expect(match.index, `unparsed text before ${whole.slice(0, 40)}`).toBe(consumed);
    consumed = match.index + whole.length;
    expect(text, 'text has a bare & that is not an entity').not.toMatch(/&(?![a-z]+;|#\d+;)/);
    if (closing) {
      expect(open.pop()).toBe(name);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const [, key = '', value = ''] of attributeText.matchAll(/([\w:-]+)="([^"]*)"/g)) {
      attributes[key] = value;
    }
    elements.push({ name, attributes, text });
    if (!selfClosing) open.push(name);
  }
  expect(consumed, 'trailing text').toBe(xml.length);
  expect(open).toEqual([]);
  return elements;
}

const coverage: OrderParameterInfo = {
  name: 'coverage', description: 'atoms matched', threshold: 0.5, range: [0, 1], isOnCurve: true,
};
const diagram: DiagramSpec = {
  x: 'views.strength', y: 'data.noise', facet: 'encoder.width', order: 'coverage',
};

function point(strength: unknown, noise: unknown, mean: number | null, extra = {},
  divergedCount = 0, predicted: number | null = null): PhasePoint {
  return {
    axisValues: { 'views.strength': strength, 'data.noise': noise, 'encoder.width': 32, ...extra },
    order: 'coverage', mean, std: 0, n: mean === null ? 0 : 3, learnedFraction: null,
    learningStep: null, divergedCount, predicted,
  };
}

/** Rows top to bottom as drawn; the spec lists noise high to low to check rows get sorted. */
const STEP_ROWS: Array<[number, number[]]> = [[0.3, [0, 0, 1]], [0.2, [0, 1, 1]], [0.1, [1, 1, 1]]];
const X_VALUES = [0, 0.5, 1];

function stepOptions(overrides: Partial<HeatmapSvgOptions> = {}): HeatmapSvgOptions {
  const points = STEP_ROWS.flatMap(([noise, means]) =>
    means.map((mean, column) => point(X_VALUES[column], noise, mean)));
  return {
    points: [...points, point(0, 0.1, 0.7, { 'encoder.width': 64 })],
    diagram, orderParameter: coverage, xValues: X_VALUES, yValues: [0.3, 0.2, 0.1],
    facetValue: 32, ...overrides,
  };
}

const numberOf = (element: Element, key: string) => Number(element.attributes[key]);
const withClass = (elements: Element[], name: string) =>
  elements.filter((element) => element.attributes.class === name);

function rectAt(cells: Element[], x: number, y: number): { x: number; y: number } {
  const rect = cells.find((cell) => cell.attributes['data-x'] === String(x) &&
    cell.attributes['data-y'] === String(y));
  if (rect === undefined) throw new Error(`no cell at ${x}, ${y}`);
  return { x: numberOf(rect, 'x'), y: numberOf(rect, 'y') };
}

function segmentKey(x1: number, y1: number, x2: number, y2: number): string {
  const [a, b] = [`${x1},${y1}`, `${x2},${y2}`].sort();
  return `${a} ${b}`;
}

describe('heatmapSvg', () => {
  const svg = heatmapSvg(stepOptions());
  const elements = parseXml(svg);
  const cells = withClass(elements, 'cell');

  it('draws one cell per x and y value of the chosen facet', () => {
    expect(cells).toHaveLength(9);
    expect(cells.every((cell) => cell.name === 'rect')).toBe(true);
    expect(cells.map((cell) => cell.attributes['data-n'])).toEqual(Array(9).fill('3'));
  });

  it('puts the lowest y value at the bottom and x values left to right in spec order', () => {
    expect(rectAt(cells, 0, 0.1).y).toBeGreaterThan(rectAt(cells, 0, 0.2).y);
    expect(rectAt(cells, 0, 0.2).y).toBeGreaterThan(rectAt(cells, 0, 0.3).y);
    expect(rectAt(cells, 0.5, 0.1).x).toBeGreaterThan(rectAt(cells, 0, 0.1).x);
  });

  it('draws the boundary on exactly the edges between learned and unlearned cells', () => {
    const width = numberOf(cells[0] as Element, 'width');
    const height = numberOf(cells[0] as Element, 'height');
    const expected = [
      // Vertical edges: right of (0.5, 0.3) and right of (0, 0.2).
      [rectAt(cells, 1, 0.3).x, rectAt(cells, 1, 0.3).y, rectAt(cells, 1, 0.3).x,
        rectAt(cells, 1, 0.3).y + height],
      [rectAt(cells, 0.5, 0.2).x, rectAt(cells, 0.5, 0.2).y, rectAt(cells, 0.5, 0.2).x,
        rectAt(cells, 0.5, 0.2).y + height],
      // Horizontal edges: above (0, 0.1) and above (0.5, 0.2).
      [rectAt(cells, 0, 0.1).x, rectAt(cells, 0, 0.1).y, rectAt(cells, 0, 0.1).x + width,
        rectAt(cells, 0, 0.1).y],
      [rectAt(cells, 0.5, 0.2).x, rectAt(cells, 0.5, 0.2).y, rectAt(cells, 0.5, 0.2).x + width,
        rectAt(cells, 0.5, 0.2).y],
    ].map(([x1 = 0, y1 = 0, x2 = 0, y2 = 0]) => segmentKey(x1, y1, x2, y2)).sort();
    const drawn = withClass(elements, 'boundary').map((line) => segmentKey(numberOf(line, 'x1'),
      numberOf(line, 'y1'), numberOf(line, 'x2'), numberOf(line, 'y2'))).sort();
    expect(drawn).toEqual(expected);
  });

  it('draws a theory\'s boundary where the predicted values cross the threshold', () => {
    // Measured means never cross; predictions are past the threshold in the x = 1 column only.
    const points = STEP_ROWS.flatMap(([noise]) => X_VALUES.map((x) =>
      point(x, noise, 0, {}, 0, x === 1 ? 3 : 0)));
    const svg = heatmapSvg(stepOptions({ points }));
    expect(svg.match(/class="boundary"/g)).toBeNull();
    const lines = /class="predicted-boundary" x1="([\d.]+)" y1="[\d.]+" x2="([\d.]+)"/g;
    const predicted = [...svg.matchAll(lines)];
    expect(predicted).toHaveLength(3);
    expect(predicted.every((match) => match[1] === match[2])).toBe(true);
    expect(new Set(predicted.map((match) => match[1])).size).toBe(1);
    expect(svg).toContain('theory: coverage = 0.5');
    expect(heatmapSvg(stepOptions())).not.toContain('predicted-boundary');
  });

  it('respects the threshold direction, counting a value equal to it as past', () => {
    const row = (direction: 'above' | 'below') => {
      const xml = heatmapSvg({
        points: [point('a', 1, 0.2), point('b', 1, 0.4), point('c', 1, 0.6)],
        diagram: { ...diagram, threshold: 0.4 }, orderParameter: { ...coverage, direction },
        xValues: ['a', 'b', 'c'], yValues: [1], facetValue: 32,
      });
      const drawn = parseXml(xml);
      const boundary = withClass(drawn, 'boundary');
      expect(boundary).toHaveLength(1);
      const edgeX = numberOf(boundary[0] as Element, 'x1');
      return withClass(drawn, 'cell').find((cell) => numberOf(cell, 'x') === edgeX)
        ?.attributes['data-x'];
    };
    expect(row('above')).toBe('b');
    expect(row('below')).toBe('c');
  });

  it('colours by viridis over the range, with contrasting text and 2 significant digits', () => {
    const xml = heatmapSvg(stepOptions({
      points: [point(0, 0.1, 0), point(0.5, 0.1, 2 / 3), point(1, 0.1, 1)], yValues: [0.1],
    }));
    const drawn = parseXml(xml);
    expect(withClass(drawn, 'cell').map((cell) => cell.attributes.fill))
      .toEqual(['#440154', expect.stringMatching(/^#[0-9a-f]{6}$/), '#fde725']);
    const means = withClass(drawn, 'mean');
    expect(means.map((text) => text.text)).toEqual(['0', '0.67', '1']);
    expect(means[0]?.attributes.fill).toBe('#ffffff');
    expect(means[2]?.attributes.fill).toBe('#000000');
    expect(withClass(drawn, 'cell')[1]?.attributes['data-mean']).toBe(String(2 / 3));
  });

  it('marks cells without data and cells where every seed diverged', () => {
    const xml = heatmapSvg(stepOptions({
      points: [point(0, 0.1, null, {}, 3), point(1, 0.1, 1)], yValues: [0.1],
    }));
    const drawn = parseXml(xml);
    expect(withClass(drawn, 'cell').map((cell) => cell.attributes['data-state']))
      .toEqual(['diverged', 'no-data', 'data']);
    expect(withClass(drawn, 'diverged').map((element) => element.name)).toEqual(['path']);
    expect(xml).toContain('>no data</text>');
    expect(withClass(drawn, 'boundary')).toHaveLength(0);
  });

  it('labels the title, axes and the dashed boundary legend', () => {
    const texts = elements.filter((element) => element.name === 'text').map((el) => el.text);
    expect(texts).toContain('coverage — encoder.width = 32');
    expect(texts).toEqual(expect.arrayContaining(['views.strength', 'data.noise', '0.5', '0.3']));
    expect(texts).toContain('boundary: coverage = 0.5');
    expect(svg).toMatch(/class="legend-boundary"><line[^>]*\/><line[^>]*stroke-dasharray/);
  });

  it('escapes text and attribute values for XML', () => {
    const xml = heatmapSvg(stepOptions({
      points: [point('a<&>"b', 0.1, 0.5, { 'encoder.width': '<w>' })], xValues: ['a<&>"b'],
      yValues: [0.1], facetValue: '<w>',
    }));
    expect(xml).not.toContain('<&>');
    expect(xml).toContain('a&lt;&amp;&gt;&quot;b');
    const drawn = parseXml(xml);
    expect(withClass(drawn, 'cell').map((cell) => cell.attributes['data-state'])).toEqual(['data']);
    const texts = drawn.map((element) => element.text);
    expect(texts).toContain('coverage — encoder.width = &lt;w&gt;');
  });

  it('gives identical output on identical input', () => {
    expect(heatmapSvg(stepOptions())).toBe(svg);
  });

  it('rejects two points on one cell and a missing facet value', () => {
    const crowded = stepOptions({
      facetValue: undefined, diagram: { ...diagram, facet: undefined },
    });
    expect(() => heatmapSvg(crowded)).toThrow(InputError);
    expect(() => heatmapSvg(stepOptions({ facetValue: undefined }))).toThrow(InputError);
    const held = heatmapSvg({ ...crowded, fixedAxisValues: { 'encoder.width': 64 } });
    expect(withClass(parseXml(held), 'cell').filter((cell) => cell.attributes['data-n'] === '3'))
      .toHaveLength(1);
  });
});

describe('formatCellMean', () => {
  const above = { value: 0.9, direction: 'above' } as const;

  it('shows two significant digits when they keep the value on its side of the threshold', () => {
    expect(formatCellMean(0.8312, above)).toBe('0.83');
    expect(formatCellMean(0.9004, above)).toBe('0.9');
    expect(formatCellMean(0.8312, null)).toBe('0.83');
  });

  it('adds digits where rounding would carry a value across the threshold', () => {
    expect(formatCellMean(0.897, above)).toBe('0.897');
    expect(formatCellMean(0.89996, above)).toBe('0.89996');
    const below = { value: 0.1, direction: 'below' } as const;
    expect(formatCellMean(0.1004, below)).toBe('0.1004');
  });
});
