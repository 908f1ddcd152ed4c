import { initBackend } from '@phasegrid/core/nn';
import { runSparseCoding } from '../../packages/train/src/experiments/sparse-coding/run.ts';
import { sparseCodingConfigSchema } from '../../packages/train/src/experiments/sparse-coding/definition.ts';
const b = await initBackend((process.env.BACKEND as any) || undefined);
console.log('backend', b.name, b.skipped);
const s = Number(process.env.S ?? 1), sigma = Number(process.env.SIGMA ?? 0.3);
for (const seed of [0, 1, 2, 3]) {
  const cfg = sparseCodingConfigSchema.parse({ views: { kind: 'mask', strength: s }, data: { noise: sigma } });
  const t = performance.now();
  const r = await runSparseCoding(cfg, seed, { backend: b.name });
  console.log(seed, ((performance.now() - t) / 1000).toFixed(3), 's', JSON.stringify(r.orderParameters));
}
