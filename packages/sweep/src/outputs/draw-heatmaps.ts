/**
 * Every heatmap of a sweep: per order parameter, per facet value and per value of any other
 * held axis, the mean over seeds and the spread over seeds.
 */
import { axisValueKey, displayAxisValue, type PhasePoint } from '../aggregate.ts';
import type { Spec } from '../spec.ts';
import { heatmapSvg } from './heatmap-svg.ts';
import { spreadInfo, spreadPoints, type ReportFigure } from './report-html.ts';

/** A drawn heatmap, where it goes, and which cells it covers. */
export interface DrawnHeatmap extends ReportFigure {
  readonly fileName: string;
  /** Whether a cell with these axis values is drawn in this heatmap. */
  readonly matches: (axisValues: Readonly<Record<string, unknown>>) => boolean;
}

export function drawHeatmaps(spec: Spec, points: readonly PhasePoint[]): DrawnHeatmap[] {
  const { diagram } = spec;
  const valuesOf = (path: string) => spec.axes.find((axis) => axis.path === path)!.values;
  const heldAxes = spec.axes.filter((axis) => axis.path !== diagram.x && axis.path !== diagram.y
    && axis.path !== diagram.facet);
  const facetValues = diagram.facet ? valuesOf(diagram.facet) : [undefined];
  const spread = spreadPoints(points);
  const drawn: DrawnHeatmap[] = [];

  for (const info of spec.experiment.orderParameters) {
    for (const facetValue of facetValues) {
      for (const held of combinations(heldAxes)) {
        const labels = { ...(diagram.facet ? { [diagram.facet]: facetValue } : {}), ...held };
        const common = {
          diagram: spec.diagram,
          xValues: valuesOf(diagram.x),
          yValues: valuesOf(diagram.y),
          ...(diagram.facet ? { facetValue } : {}),
          ...(heldAxes.length > 0 ? { fixedAxisValues: held } : {}),
        };
        const facetLabel = Object.entries(labels)
          .map(([path, value]) => `${path} = ${displayAxisValue(value)}`).join(', ');
        const matches = (axisValues: Readonly<Record<string, unknown>>) =>
          Object.entries(labels).every(([path, value]) =>
            axisValueKey(axisValues[path]) === axisValueKey(value));
        drawn.push({ order: info.name, statistic: 'mean', facetLabel, matches,
          fileName: heatmapFileName(info.name, labels),
          svg: heatmapSvg({ ...common, points, orderParameter: info }) });
        // The spread has no threshold: the diagram's own threshold belongs to its mean.
        const spreadOrder = spreadInfo(info);
        const { threshold: _threshold, ...spreadDiagram } = spec.diagram;
        drawn.push({ order: info.name, statistic: 'std', facetLabel, matches,
          fileName: heatmapFileName(`${info.name}-std`, labels),
          svg: heatmapSvg({ ...common, diagram: { ...spreadDiagram, order: spreadOrder.name },
            points: spread.filter((point) => point.order === info.name)
              .map((point) => ({ ...point, order: spreadOrder.name })),
            orderParameter: spreadOrder }) });
      }
    }
  }
  return drawn;
}

/** `phase-coverage-encoder.width=32.svg`: order parameter, then the values held fixed. */
export function heatmapFileName(order: string, held: Readonly<Record<string, unknown>>): string {
  const parts = Object.entries(held).map(([path, value]) => `${path}=${fileLabel(value)}`);
  const name = ['phase', order, ...parts].join('-');
  return `${name.replace(/[^A-Za-z0-9._=-]+/g, '_')}.svg`;
}

/**
 * A short label for a value in a file name: an object such as `{ kind: 'supcon', variant:
 * 'out' }` becomes `supcon-out` (its plain fields' values, in order).
 */
function fileLabel(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const entries = Object.values(value);
    // Only when every field is plain: nested fields left out could make two labels equal.
    const isFlat = entries.every((entry) => ['string', 'number', 'boolean'].includes(typeof entry));
    if (isFlat && entries.length > 0) return entries.join('-');
  }
  return JSON.stringify(value);
}

function* combinations(axes: ReadonlyArray<{ path: string; values: readonly unknown[] }>):
  Generator<Record<string, unknown>> {
  if (axes.length === 0) {
    yield {};
    return;
  }
  const [first, ...rest] = axes;
  for (const value of first!.values) {
    for (const tail of combinations(rest)) yield { [first!.path]: value, ...tail };
  }
}
