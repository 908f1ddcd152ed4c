import { parseSpec, planCells } from '../../packages/sweep/src/index.ts';
const spec = parseSpec({ name: 'big', experiment: 'sparse-coding',
  axes: { 'views.strength': Array.from({ length: 100 }, (_, i) => i / 99), 'data.noise': Array.from({ length: 100 }, (_, i) => 0.1 + i / 200), 'encoder.width': Array.from({ length: 10 }, (_, i) => 8 + i) },
  seeds: 10, diagram: { x: 'views.strength', y: 'data.noise' } }, 'big');
const t = performance.now(); let n = 0;
for (const c of planCells(spec)) { n++;  }
const ms = performance.now() - t;
console.log('cells', n, 'ms', ms.toFixed(0), 'us/cell', (ms * 1000 / n).toFixed(1), 'rss MB', (process.memoryUsage().rss / 1e6).toFixed(0));
