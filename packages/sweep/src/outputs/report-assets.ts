/**
 * The style and script inlined in `report.html`. The script is plain browser JavaScript with no
 * libraries, so the page works offline and from a file.
 */

export const REPORT_STYLE = `
body { font-family: sans-serif; margin: 0 1.5rem 2rem; color: #222; }
header { border-bottom: 1px solid #ddd; margin-bottom: 1rem; }
h1 .family { font-size: 0.6em; color: #666; font-weight: normal; }
.hint { color: #555; max-width: 60rem; }
main { display: flex; gap: 1.5rem; align-items: flex-start; }
section.order { flex: 1; min-width: 0; }
.figures { display: flex; flex-wrap: wrap; gap: 1rem; }
figure.heatmap { margin: 0; }
rect.cell { cursor: pointer; }
/* Labels and boundaries drawn over a cell must not swallow its click. */
figure.heatmap text, figure.heatmap line, figure.heatmap path { pointer-events: none; }
rect.cell:hover, rect.cell.selected { stroke: #e4572e; stroke-width: 3; }
#curve-panel { position: sticky; top: 1rem; width: 26rem; border: 1px solid #ddd;
  padding: 0.5rem 1rem; background: #fafafa; }
#curve-plot svg { width: 100%; height: auto; }
.provenance table { border-collapse: collapse; }
.provenance th, .provenance td { text-align: left; padding: 0.15rem 0.8rem 0.15rem 0; }
pre { background: #f4f4f4; padding: 0.75rem; overflow: auto; max-width: 60rem; }
`;

export const REPORT_SCRIPT = `
(() => {
  const curves = JSON.parse(document.getElementById('curves').textContent);
  const select = document.getElementById('order');
  select.addEventListener('change', () => {
    for (const section of document.querySelectorAll('section.order')) {
      section.hidden = section.dataset.order !== select.value;
    }
  });

  document.addEventListener('click', (event) => {
    const rect = event.target.closest && event.target.closest('rect.cell');
    if (!rect) return;
    for (const old of document.querySelectorAll('rect.cell.selected')) {
      old.classList.remove('selected');
    }
    rect.classList.add('selected');
    const figure = rect.closest('figure.heatmap');
    const order = rect.closest('section.order').dataset.order;
    const facet = figure.dataset.facet;
    const matches = curves.filter((entry) => entry.facetLabel === facet &&
      entry.x === rect.dataset.x && entry.y === rect.dataset.y);
    const where = (facet ? facet + ', ' : '') + 'x = ' + rect.dataset.x + ', y = ' + rect.dataset.y;
    document.getElementById('curve-title').textContent = order + ' at ' + where +
      ' (' + matches.length + ' seed' + (matches.length === 1 ? '' : 's') + ')';
    document.getElementById('curve-plot').innerHTML = plot(order, matches);
  });

  function plot(order, matches) {
    const series = matches.filter((entry) => entry.curve.values[order])
      .map((entry) => ({ seed: entry.seed, steps: entry.curve.steps,
        values: entry.curve.values[order] }));
    if (series.length === 0) {
      return '<p class="no-curve">' + (matches.length === 0 ? 'No finished cell here.'
        : order + ' is not sampled during training; the curves hold ' +
          Object.keys(matches[0].curve.values).join(', ') + '.') + '</p>';
    }
    const width = 400, height = 240, left = 48, right = 12, top = 12, bottom = 36;
    const xs = series.flatMap((s) => s.steps), ys = series.flatMap((s) => s.values);
    const xMin = Math.min(...xs), xMax = Math.max(...xs);
    let yMin = Math.min(...ys), yMax = Math.max(...ys);
    if (yMin === yMax) { yMin -= 0.5; yMax += 0.5; }
    const sx = (x) => left + (x - xMin) / ((xMax - xMin) || 1) * (width - left - right);
    const sy = (y) => top + (1 - (y - yMin) / (yMax - yMin)) * (height - top - bottom);
    const colours = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];
    const lines = series.map((s, i) => '<polyline class="curve" data-seed="' + s.seed +
      '" fill="none" stroke-width="2" stroke="' + colours[i % colours.length] + '" points="' +
      s.steps.map((x, j) => sx(x).toFixed(1) + ',' + sy(s.values[j]).toFixed(1)).join(' ') +
      '"/>');
    const legend = series.map((s, i) => '<text x="' + (left + 8 + 60 * i) + '" y="' +
      (top + 12) + '" fill="' + colours[i % colours.length] + '">seed ' + s.seed + '</text>');
    const fmt = (v) => Number(v.toPrecision(3));
    return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ' + width + ' ' + height +
      '" font-size="11">' +
      '<rect x="' + left + '" y="' + top + '" width="' + (width - left - right) +
      '" height="' + (height - top - bottom) + '" fill="#fff" stroke="#bbb"/>' +
      lines.join('') + legend.join('') +
      '<text x="' + left + '" y="' + (height - 20) + '">' + fmt(xMin) + '</text>' +
      '<text x="' + (width - right) + '" y="' + (height - 20) + '" text-anchor="end">' +
      fmt(xMax) + '</text>' +
      '<text x="' + (width / 2) + '" y="' + (height - 4) + '" text-anchor="middle">step</text>' +
      '<text x="' + (left - 4) + '" y="' + (top + 10) + '" text-anchor="end">' + fmt(yMax) +
      '</text>' +
      '<text x="' + (left - 4) + '" y="' + (height - bottom) + '" text-anchor="end">' +
      fmt(yMin) + '</text></svg>';
  }
})();
`;
