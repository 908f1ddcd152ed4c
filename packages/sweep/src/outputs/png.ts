/** PNG copies of the heatmaps, for papers: the SVG rendered by resvg with the system's fonts. */
import { Resvg } from '@resvg/resvg-js';

/** Renders `svg` at `scale` times its own size. */
export function svgToPng(svg: string, scale: number): Uint8Array {
  const renderer = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
  });
  return renderer.render().asPng();
}
