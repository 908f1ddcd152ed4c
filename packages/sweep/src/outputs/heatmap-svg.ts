/** `phase-<order>.svg`: one heatmap of one order parameter for one facet value. */
import type { OrderParameterInfo } from '@phasegrid/core';
import { interpolateViridis } from 'd3-scale-chromatic';
import {
  axisValueKey,
  displayAxisValue,
  formatAxisValue,
  isPastThreshold,
  resolveThreshold,
  type DiagramSpec,
  type PhasePoint,
  type ResolvedThreshold,
} from '../aggregate.ts';
import { InputError, type InputIssue } from '../errors.ts';
import { escapeXml } from './xml.ts';

/** What one heatmap shows. */
export interface HeatmapSvgOptions {
  /** Points from `aggregatePhase`; those of other order parameters or facets are skipped. */
  readonly points: readonly PhasePoint[];
  readonly diagram: DiagramSpec;
  /** The order parameter to colour by; its threshold comes from `resolveThreshold`. */
  readonly orderParameter: OrderParameterInfo;
  /** Column values, left to right, in spec order. */
  readonly xValues: readonly unknown[];
  /** Row values; drawn lowest at the bottom when all are numbers, else first at the bottom. */
  readonly yValues: readonly unknown[];
  /** The facet axis value shown; required when the diagram has a facet. */
  readonly facetValue?: unknown;
  /** Values that other swept axes are held at, when the sweep has more axes than x, y, facet. */
  readonly fixedAxisValues?: Readonly<Record<string, unknown>>;
}

const CELL_WIDTH_PX = 64;
const CELL_HEIGHT_PX = 40;
const MARGIN_PX = 16;
const PLOT_TOP_PX = 48;
const FONT_SIZE_PX = 12;
// Limitation: text widths are estimated from character counts, so very long tick labels or
// titles in a wide font can overlap their neighbours or be clipped.
const CHAR_WIDTH_PX = 7;
const BAR_GAP_PX = 24;
const BAR_WIDTH_PX = 14;
const BAR_MIN_HEIGHT_PX = 120;
const LEGEND_ROW_PX = 20;
const NO_DATA_FILL = '#e6e6e6';
const DIVERGED_COLOUR = '#d62728';
const BOUNDARY_STYLE = 'stroke="#ffffff" stroke-width="3" stroke-dasharray="6 4"';
const CASING_STYLE = 'stroke="#000000" stroke-width="5"';
const PREDICTED_STYLE = 'stroke="#ff7f0e" stroke-width="2.5" stroke-dasharray="2 3"';

interface GridCell {
  readonly column: number;
  /** 0 is the top row. */
  readonly row: number;
  readonly xValue: unknown;
  readonly yValue: unknown;
  readonly point: PhasePoint | undefined;
}

/**
 * Draws a self-contained SVG heatmap: cells coloured by the mean (viridis over the order
 * parameter's `range`, else the data's min..max) with the mean printed, hatched cells without
 * data, a red cross where every seed diverged, a red corner where some did, the boundary as a
 * dashed line along every edge between a cell past the threshold and one that is not, a colour
 * bar and a legend. Output is deterministic. Cells are `rect.cell` with `data-x`, `data-y`,
 * `data-mean` (empty without data), `data-n`, `data-diverged` and `data-state` (`data`,
 * `no-data`, `diverged`); boundary segments are `line.boundary`.
 *
 * Throws `InputError` when the grid is empty or repeats a value, the facet value is missing, or
 * two points fall on one cell (hold the other axes with `fixedAxisValues`).
 *
 * @example
 * heatmapSvg({ points, diagram, orderParameter: coverage, xValues: [0, 0.5, 1],
 *   yValues: [0.1, 0.2], facetValue: 32 });
 */
export function heatmapSvg(options: HeatmapSvgOptions): string {
  const { diagram, orderParameter: info } = options;
  const issues = checkOptions(options);
  const yValues = sortRows(options.yValues);
  const cells = issues.length === 0 ? placePoints(options, yValues, issues) : [];
  if (issues.length > 0) throw new InputError('heatmap', issues);

  const title = titleOf(options);
  const idPrefix = `pg-${hashHex(`${title}\n${axisValueKey(options.xValues)}`)}`;
  const threshold = resolveThreshold(diagram, info);
  const domain = colourDomain(info, cells);
  const columnCount = options.xValues.length;
  const rowCount = yValues.length;
  const longestYTick = Math.max(...yValues.map((value) => displayAxisValue(value).length));
  const plotLeft = MARGIN_PX + 2 * FONT_SIZE_PX + longestYTick * CHAR_WIDTH_PX;
  const plotRight = plotLeft + columnCount * CELL_WIDTH_PX;
  const plotBottom = PLOT_TOP_PX + rowCount * CELL_HEIGHT_PX;
  const barHeight = Math.max(plotBottom - PLOT_TOP_PX, BAR_MIN_HEIGHT_PX);
  const cellBox = (cell: GridCell) => ({
    x: plotLeft + cell.column * CELL_WIDTH_PX,
    y: PLOT_TOP_PX + cell.row * CELL_HEIGHT_PX,
  });

  const body: string[] = [];
  body.push(`<title>${escapeXml(title)}</title>`, defs(idPrefix));
  body.push(`<text class="title" x="${MARGIN_PX}" y="${MARGIN_PX + FONT_SIZE_PX}" ` +
    `font-size="${FONT_SIZE_PX + 2}" font-weight="bold">${escapeXml(title)}</text>`);
  for (const cell of cells) {
    body.push(...drawCell(cell, cellBox(cell), domain, idPrefix, threshold));
  }
  const hasPrediction = cells.some((cell) => cell.point?.predicted != null);
  if (threshold !== null) {
    body.push(...drawBoundary(cells, columnCount, threshold, cellBox));
    if (hasPrediction) {
      body.push(...drawBoundary(cells, columnCount, threshold, cellBox, 'predicted'));
    }
  }
  body.push(...drawAxes(options, yValues, plotLeft, plotBottom));
  const barLeft = plotRight + BAR_GAP_PX;
  body.push(...drawColourBar(idPrefix, barLeft, barHeight, domain, threshold));

  const legendTop = Math.max(plotBottom + 3 * FONT_SIZE_PX + 2 * MARGIN_PX,
    PLOT_TOP_PX + barHeight + MARGIN_PX);
  const legend = legendEntries(cells, info.name, threshold, idPrefix);
  if (threshold !== null && hasPrediction) {
    legend.splice(1, 0, predictedLegend(info.name, threshold));
  }
  legend.forEach((entry, index) => body.push(entry(MARGIN_PX, legendTop + index * LEGEND_ROW_PX)));

  const width = Math.max(barLeft + BAR_WIDTH_PX + 8 + 8 * CHAR_WIDTH_PX + MARGIN_PX,
    2 * MARGIN_PX + (title.length + 2) * (CHAR_WIDTH_PX + 1));
  const height = legendTop + legend.length * LEGEND_ROW_PX + MARGIN_PX;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="${FONT_SIZE_PX}">`,
    ...body.map((line) => `  ${line}`),
    '</svg>',
    '',
  ].join('\n');
}

function checkOptions(options: HeatmapSvgOptions): InputIssue[] {
  const issues: InputIssue[] = [];
  const grid = [['xValues', options.xValues], ['yValues', options.yValues]] as const;
  for (const [name, values] of grid) {
    if (values.length === 0) issues.push({ path: name, message: 'expected at least one value' });
    const keys = values.map(axisValueKey);
    keys.forEach((key, index) => {
      if (keys.indexOf(key) !== index) {
        issues.push({ path: `${name}[${index}]`, message: `repeats the value ${key}` });
      }
    });
  }
  if (options.diagram.facet !== undefined && options.facetValue === undefined) {
    issues.push({
      path: 'facetValue',
      message: `expected a value of the facet axis ${options.diagram.facet}, received undefined`,
    });
  }
  return issues;
}

function sortRows(values: readonly unknown[]): unknown[] {
  const isNumeric = values.every((value) => typeof value === 'number');
  return isNumeric ? [...values].sort((a, b) => (a as number) - (b as number)) : [...values];
}

function placePoints(options: HeatmapSvgOptions, yValues: readonly unknown[],
  issues: InputIssue[]): GridCell[] {
  const { diagram } = options;
  const held: Record<string, unknown> = { ...options.fixedAxisValues };
  if (diagram.facet !== undefined) held[diagram.facet] = options.facetValue;
  const byKey = new Map<string, PhasePoint>();
  for (const point of options.points) {
    if (point.order !== options.orderParameter.name) continue;
    const isHeld = Object.entries(held).every(
      ([path, value]) => axisValueKey(point.axisValues[path]) === axisValueKey(value));
    if (!isHeld) continue;
    const key = cellKey(point.axisValues[diagram.x], point.axisValues[diagram.y]);
    const other = byKey.get(key);
    if (other !== undefined) {
      const varying = Object.keys(point.axisValues).filter((path) =>
        axisValueKey(point.axisValues[path]) !== axisValueKey(other.axisValues[path]));
      issues.push({
        path: `points[${key}]`,
        message: `two points on one cell; they differ in ${varying.join(', ')}: ` +
          'hold those axes with fixedAxisValues or make one the facet',
      });
    }
    byKey.set(key, point);
  }

  const rowCount = yValues.length;
  return yValues.flatMap((yValue, yIndex) => options.xValues.map((xValue, column) => ({
    column,
    row: rowCount - 1 - yIndex,
    xValue,
    yValue,
    point: byKey.get(cellKey(xValue, yValue)),
  })));
}

function cellKey(xValue: unknown, yValue: unknown): string {
  return `${axisValueKey(xValue)},${axisValueKey(yValue)}`;
}

function titleOf(options: HeatmapSvgOptions): string {
  const held: string[] = [];
  if (options.diagram.facet !== undefined) {
    held.push(`${options.diagram.facet} = ${displayAxisValue(options.facetValue)}`);
  }
  for (const [path, value] of Object.entries(options.fixedAxisValues ?? {}).sort()) {
    held.push(`${path} = ${displayAxisValue(value)}`);
  }
  const name = options.orderParameter.name;
  return held.length === 0 ? name : `${name} — ${held.join(', ')}`;
}

function colourDomain(info: OrderParameterInfo, cells: readonly GridCell[]): [number, number] {
  if (info.range !== undefined) return [info.range[0], info.range[1]];
  const means = cells.flatMap((cell) => (cell.point?.mean == null ? [] : [cell.point.mean]));
  return means.length === 0 ? [0, 1] : [Math.min(...means), Math.max(...means)];
}

function colourOf(value: number, [low, high]: [number, number]): string {
  // A flat domain (one value, or all equal) has no direction: show it mid-scale.
  const fraction = high === low ? 0.5 : (value - low) / (high - low);
  return interpolateViridis(Math.min(1, Math.max(0, fraction)));
}

/** Black or white, whichever contrasts more with `#rrggbb` (WCAG relative luminance). */
function textColourOn(fill: string): string {
  const channel = (start: number) => {
    const value = Number.parseInt(fill.slice(start, start + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  // Above about 0.179, black text has the higher contrast ratio of the two.
  return luminance > 0.179 ? '#000000' : '#ffffff';
}

function defs(idPrefix: string): string {
  const stops = Array.from({ length: 11 }, (_, index) =>
    `<stop offset="${index / 10}" stop-color="${interpolateViridis(index / 10)}"/>`).join('');
  return `<defs><pattern id="${idPrefix}-hatch" width="6" height="6" ` +
    'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
    `<rect width="6" height="6" fill="${NO_DATA_FILL}"/>` +
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#9e9e9e" stroke-width="2"/></pattern>' +
    `<linearGradient id="${idPrefix}-scale" x1="0" y1="1" x2="0" y2="0">${stops}` +
    '</linearGradient></defs>';
}

function cellState(point: PhasePoint | undefined): 'data' | 'diverged' | 'no-data' {
  if (point?.mean != null) return 'data';
  return (point?.divergedCount ?? 0) > 0 ? 'diverged' : 'no-data';
}

function drawCell(cell: GridCell, box: { x: number; y: number }, domain: [number, number],
  idPrefix: string, threshold: ResolvedThreshold | null): string[] {
  const point = cell.point;
  const mean = point?.mean ?? null;
  const state = cellState(point);
  const fill = mean !== null ? colourOf(mean, domain)
    : state === 'diverged' ? NO_DATA_FILL : `url(#${idPrefix}-hatch)`;
  const { x, y } = box;
  const right = x + CELL_WIDTH_PX;
  const bottom = y + CELL_HEIGHT_PX;
  const parts = [
    `<rect class="cell" x="${x}" y="${y}" width="${CELL_WIDTH_PX}" height="${CELL_HEIGHT_PX}" ` +
      `fill="${fill}" stroke="#ffffff" stroke-width="1" ` +
      `data-x="${escapeXml(formatAxisValue(cell.xValue))}" ` +
      `data-y="${escapeXml(formatAxisValue(cell.yValue))}" ` +
      `data-mean="${mean === null ? '' : String(mean)}" data-n="${point?.n ?? 0}" ` +
      `data-diverged="${point?.divergedCount ?? 0}" data-state="${state}"/>`,
  ];
  if (mean !== null) {
    parts.push(`<text class="mean" x="${x + CELL_WIDTH_PX / 2}" y="${y + CELL_HEIGHT_PX / 2}" ` +
      `dy="0.35em" text-anchor="middle" fill="${textColourOn(fill)}">` +
      `${formatCellMean(mean, threshold)}</text>`);
  }
  if (state === 'diverged') {
    parts.push(crossPath(x + 8, y + 8, right - 8, bottom - 8, ' class="diverged"'));
  }
  if (mean !== null && (point?.divergedCount ?? 0) > 0) {
    parts.push(`<path class="diverged-mark" d="M${right - 10} ${y}H${right}V${y + 10}Z" ` +
      `fill="${DIVERGED_COLOUR}"/>`);
  }
  return parts;
}

function crossPath(left: number, top: number, right: number, bottom: number, attributes = ''):
  string {
  return `<path${attributes} d="M${left} ${top}L${right} ${bottom}M${right} ${top}` +
    `L${left} ${bottom}" stroke="${DIVERGED_COLOUR}" stroke-width="2" fill="none"/>`;
}

/**
 * Line segments along every edge between a cell past the threshold and one that is not, for
 * the measured mean or, with `of = 'predicted'`, for the family's theoretical value.
 */
function drawBoundary(cells: readonly GridCell[], columnCount: number,
  threshold: ResolvedThreshold, cellBox: (cell: GridCell) => { x: number; y: number },
  of: 'mean' | 'predicted' = 'mean'): string[] {
  const segments: Array<[number, number, number, number]> = [];
  const side = (cell: GridCell | undefined) => {
    const value = of === 'mean' ? cell?.point?.mean : cell?.point?.predicted;
    return value == null ? null : isPastThreshold(value, threshold);
  };
  cells.forEach((cell, index) => {
    const here = side(cell);
    if (here === null) return;
    const { x, y } = cellBox(cell);
    // Cells run bottom row first, so the next row up sits one row length further on.
    const right = cell.column + 1 < columnCount ? cells[index + 1] : undefined;
    const above = cells[index + columnCount];
    if (side(right) === !here) {
      segments.push([x + CELL_WIDTH_PX, y, x + CELL_WIDTH_PX, y + CELL_HEIGHT_PX]);
    }
    if (side(above) === !here) segments.push([x, y, x + CELL_WIDTH_PX, y]);
  });

  // The solid casing underneath keeps the dashes visible at both ends of the colour scale.
  const line = (style: string, [x1, y1, x2, y2]: [number, number, number, number]) =>
    `x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" ${style} stroke-linecap="square"/>`;
  if (of === 'predicted') {
    return segments.map((coords) =>
      `<line class="predicted-boundary" ${line(PREDICTED_STYLE, coords)}`);
  }
  return [
    ...segments.map((coords) => `<line class="boundary-casing" ${line(CASING_STYLE, coords)}`),
    ...segments.map((coords) => `<line class="boundary" ${line(BOUNDARY_STYLE, coords)}`),
  ];
}

function predictedLegend(name: string, threshold: ResolvedThreshold): LegendEntry {
  return (x, y) => `<g class="legend-predicted"><line x1="${x}" y1="${y + 7}" x2="${x + 14}" ` +
    `y2="${y + 7}" ${PREDICTED_STYLE}/><text x="${x + 20}" y="${y + 11}">` +
    `${escapeXml(`theory: ${name} = ${threshold.value}`)}</text></g>`;
}

function drawAxes(options: HeatmapSvgOptions, yValues: readonly unknown[], plotLeft: number,
  plotBottom: number): string[] {
  const parts: string[] = [];
  options.xValues.forEach((value, column) => {
    const x = plotLeft + column * CELL_WIDTH_PX + CELL_WIDTH_PX / 2;
    parts.push(`<text class="tick" x="${x}" y="${plotBottom + FONT_SIZE_PX + 4}" ` +
      `text-anchor="middle">${escapeXml(displayAxisValue(value))}</text>`);
  });
  yValues.forEach((value, yIndex) => {
    const y = plotBottom - yIndex * CELL_HEIGHT_PX - CELL_HEIGHT_PX / 2;
    parts.push(`<text class="tick" x="${plotLeft - 6}" y="${y}" dy="0.35em" ` +
      `text-anchor="end">${escapeXml(displayAxisValue(value))}</text>`);
  });
  const xMiddle = plotLeft + (options.xValues.length * CELL_WIDTH_PX) / 2;
  const yMiddle = (PLOT_TOP_PX + plotBottom) / 2;
  const yLabelX = MARGIN_PX + FONT_SIZE_PX;
  parts.push(`<text class="axis-label" x="${xMiddle}" y="${plotBottom + 2 * FONT_SIZE_PX + 12}" ` +
    `text-anchor="middle">${escapeXml(options.diagram.x)}</text>`);
  parts.push(`<text class="axis-label" x="${yLabelX}" y="${yMiddle}" text-anchor="middle" ` +
    `transform="rotate(-90 ${yLabelX} ${yMiddle})">${escapeXml(options.diagram.y)}</text>`);
  return parts;
}

function drawColourBar(idPrefix: string, left: number, height: number,
  [low, high]: [number, number], threshold: ResolvedThreshold | null): string[] {
  const top = PLOT_TOP_PX;
  const bottom = top + height;
  const labelX = left + BAR_WIDTH_PX + 6;
  const parts = [
    `<rect class="colour-bar" x="${left}" y="${top}" width="${BAR_WIDTH_PX}" height="${height}" ` +
      `fill="url(#${idPrefix}-scale)" stroke="#000000" stroke-width="0.5"/>`,
    `<text class="tick" x="${labelX}" y="${top}" dy="0.35em">${formatSignificant(high, 3)}` +
      '</text>',
    `<text class="tick" x="${labelX}" y="${bottom}" dy="0.35em">${formatSignificant(low, 3)}` +
      '</text>',
  ];
  if (threshold !== null && high > low && threshold.value >= low && threshold.value <= high) {
    const y = bottom - ((threshold.value - low) / (high - low)) * height;
    parts.push(`<line class="threshold-mark" x1="${left - 3}" y1="${y}" ` +
      `x2="${left + BAR_WIDTH_PX + 3}" y2="${y}" stroke="#000000" stroke-width="2"/>`);
  }
  return parts;
}

type LegendEntry = (x: number, y: number) => string;

function legendEntries(cells: readonly GridCell[], name: string,
  threshold: ResolvedThreshold | null, idPrefix: string): LegendEntry[] {
  const entries: LegendEntry[] = [];
  const label = (x: number, y: number, text: string) =>
    `<text x="${x + 22}" y="${y + 7}" dy="0.35em">${escapeXml(text)}</text>`;
  if (threshold !== null) {
    entries.push((x, y) => `<g class="legend-boundary"><line x1="${x}" y1="${y + 7}" ` +
      `x2="${x + 16}" y2="${y + 7}" ${CASING_STYLE}/><line x1="${x}" y1="${y + 7}" ` +
      `x2="${x + 16}" y2="${y + 7}" ${BOUNDARY_STYLE}/>` +
      `${label(x, y, `boundary: ${name} = ${threshold.value}`)}</g>`);
  }
  const states = new Set(cells.map((cell) => cellState(cell.point)));
  if (states.has('no-data')) {
    entries.push((x, y) => `<g class="legend-no-data"><rect x="${x}" y="${y}" width="14" ` +
      `height="14" fill="url(#${idPrefix}-hatch)"/>${label(x, y, 'no data')}</g>`);
  }
  if (states.has('diverged')) {
    entries.push((x, y) => `<g class="legend-diverged"><rect x="${x}" y="${y}" width="14" ` +
      `height="14" fill="${NO_DATA_FILL}"/>${crossPath(x + 2, y + 2, x + 12, y + 12)}` +
      `${label(x, y, 'every seed diverged')}</g>`);
  }
  if (cells.some((cell) => cell.point?.mean != null && cell.point.divergedCount > 0)) {
    entries.push((x, y) => `<g class="legend-some-diverged"><path d="M${x + 4} ${y}H${x + 14}` +
      `V${y + 10}Z" fill="${DIVERGED_COLOUR}"/>${label(x, y, 'some seeds diverged')}</g>`);
  }
  return entries;
}

/**
 * A cell's mean to two significant digits, or more where two would put it on the other side of
 * the threshold from its true value (0.897 against 0.9 reads 0.897, not 0.9), so a label never
 * contradicts the boundary drawn next to it.
 */
export function formatCellMean(mean: number, threshold: ResolvedThreshold | null): string {
  let text = formatSignificant(mean, 2);
  for (let digits = 3; threshold !== null && digits <= 8; digits++) {
    if (isPastThreshold(Number(text), threshold) === isPastThreshold(mean, threshold)) break;
    text = formatSignificant(mean, digits);
  }
  return text;
}

/** `digits` significant digits, plain for everyday magnitudes and exponential otherwise. */
function formatSignificant(value: number, digits: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e5) return String(Number(value.toPrecision(digits)));
  return value.toExponential(digits - 1).replace('e+', 'e');
}

/** FNV-1a, for ids that differ between heatmaps inlined in one page yet never change. */
function hashHex(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
