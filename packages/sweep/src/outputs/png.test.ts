import { describe, expect, it } from 'vitest';
import { svgToPng } from './png.ts';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('svgToPng', () => {
  it('renders a PNG at the requested zoom, with the drawing in it', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">' +
      '<rect x="0" y="0" width="20" height="20" fill="#ff0000"/>' +
      '<text x="22" y="15" font-size="12">Hi</text></svg>';
    const png = svgToPng(svg, 3);
    expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expect(pngSize(png)).toEqual({ width: 120, height: 60 });
    // A text-bearing picture compresses worse than a blank one of the same size.
    const blank = svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"/>', 3);
    expect(png.length).toBeGreaterThan(blank.length);
  });
});
