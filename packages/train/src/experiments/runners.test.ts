import { describe, expect, it } from 'vitest';
import { runExperimentCell } from './runners.ts';

describe('runExperimentCell', () => {
  it('names the family and every invalid setting with its path', async () => {
    const run = runExperimentCell('latent-tree',
      { encoder: { hid: 0 }, tree: { delta_lower: 2 } }, 0, { backend: 'none' });
    await expect(run).rejects.toThrow(/^invalid latent-tree configuration:/);
    await expect(run).rejects.toThrow(/encoder\.hid/);
    await expect(run).rejects.toThrow(/tree\.delta_lower/);
  });

  it('refuses an unknown family by name', async () => {
    await expect(runExperimentCell('latent-trees', {}, 0, { backend: 'none' }))
      .rejects.toThrow('unknown experiment family "latent-trees"');
  });
});
