/**
 * `report.html`: one self-contained page (no network needed to view it) with every heatmap and
 * its boundary, the spread over seeds, the learning-time map, the learning curves of a cell when
 * it is clicked, and the spec and provenance.
 */
import type { LearningCurve, OrderParameterInfo } from '@phasegrid/core';
import type { PhasePoint } from '../aggregate.ts';
import { escapeXml } from './xml.ts';
import { REPORT_SCRIPT, REPORT_STYLE } from './report-assets.ts';

/** One heatmap already drawn, with what it shows. */
export interface ReportFigure {
  readonly order: string;
  /** `seeds` for the spread-over-seeds map of `order`. */
  readonly statistic: 'mean' | 'std';
  /** Label of the facet (and any held axis values), empty without one. */
  readonly facetLabel: string;
  readonly svg: string;
}

/** A finished cell's learning curve, keyed so a click on a heatmap cell can find it. */
export interface ReportCurve {
  readonly facetLabel: string;
  /** Formatted x and y axis values, as the heatmap's `data-x` and `data-y` carry them. */
  readonly x: string;
  readonly y: string;
  readonly seed: number;
  readonly curve: LearningCurve;
}

export interface ReportHtmlInput {
  readonly sweepName: string;
  readonly description?: string;
  readonly experiment: string;
  readonly orderParameters: readonly OrderParameterInfo[];
  readonly headlineOrder: string;
  readonly figures: readonly ReportFigure[];
  readonly curves: readonly ReportCurve[];
  /** The spec as written. */
  readonly spec: unknown;
  readonly provenance: Readonly<Record<string, string | number>>;
}

/** The page's HTML. Deterministic for the same input. */
export function reportHtml(input: ReportHtmlInput): string {
  const orders = input.orderParameters.map((info) => info.name);
  const sections = orders.map((order) => {
    const figures = input.figures.filter((figure) => figure.order === order);
    const info = input.orderParameters.find((entry) => entry.name === order)!;
    const isHeadline = order === input.headlineOrder;
    return `<section class="order" data-order="${escapeXml(order)}"` +
      `${isHeadline ? '' : ' hidden'}>\n<h2>${escapeXml(order)}</h2>\n` +
      `<p class="description">${escapeXml(info.description)}</p>\n` +
      figureRow('Mean over seeds', figures.filter((figure) => figure.statistic === 'mean')) +
      figureRow('Spread over seeds (standard deviation)',
        figures.filter((figure) => figure.statistic === 'std')) +
      '</section>';
  });
  const options = orders.map((order) =>
    `<option value="${escapeXml(order)}"${order === input.headlineOrder ? ' selected' : ''}>` +
    `${escapeXml(order)}</option>`).join('');
  const provenance = Object.entries(input.provenance).map(([key, value]) =>
    `<tr><th>${escapeXml(key)}</th><td>${escapeXml(String(value))}</td></tr>`).join('\n');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>phasegrid: ${escapeXml(input.sweepName)}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
<header>
<h1>${escapeXml(input.sweepName)} <span class="family">${escapeXml(input.experiment)}</span></h1>
${input.description ? `<p>${escapeXml(input.description)}</p>` : ''}
<p class="hint">Each square is one point of the sweep: its colour is the order parameter
averaged over seeds, the dashed line is the boundary where it crosses the threshold. Click a
square to see its learning curves (one line per seed).</p>
<label>Order parameter <select id="order">${options}</select></label>
</header>
<main>
${sections.join('\n')}
<aside id="curve-panel"><h2>Learning curves</h2>
<p id="curve-title">Click a cell of a diagram.</p><div id="curve-plot"></div></aside>
</main>
<section class="provenance"><h2>Provenance</h2>
<table>${provenance}</table>
<h2>Spec</h2><pre>${escapeXml(JSON.stringify(input.spec, null, 2))}</pre></section>
<script type="application/json" id="curves">${jsonForScript(input.curves)}</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}

function figureRow(title: string, figures: readonly ReportFigure[]): string {
  if (figures.length === 0) return '';
  const cells = figures.map((figure) =>
    `<figure class="heatmap" data-facet="${escapeXml(figure.facetLabel)}" ` +
    `data-statistic="${figure.statistic}">${figure.svg}</figure>`).join('\n');
  return `<h3>${escapeXml(title)}</h3>\n<div class="figures">\n${cells}\n</div>\n`;
}

/** JSON that cannot end the script element it sits in. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** Spread-over-seeds points: the standard deviation shown as the value, no boundary. */
export function spreadPoints(points: readonly PhasePoint[]): PhasePoint[] {
  return points.map((point) => ({ ...point, mean: point.std, predicted: null }));
}

/** The info of a spread map: no threshold, the range of the data. */
export function spreadInfo(info: OrderParameterInfo): OrderParameterInfo {
  return { name: `${info.name} (std over seeds)`, description: info.description,
    isOnCurve: false };
}
