export { cellsCsv, type CellsCsvInput } from './cells-csv.ts';
export { heatmapSvg, type HeatmapSvgOptions } from './heatmap-svg.ts';
export { phaseCsv } from './phase-csv.ts';
export { writeFileAtomic } from './write-atomic.ts';
