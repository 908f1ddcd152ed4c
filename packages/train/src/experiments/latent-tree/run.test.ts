import { describe, expect, it } from 'vitest';
import { findExperiment } from '../definitions.ts';
import { runExperimentCell } from '../runners.ts';
import { latentTreeConfigSchema } from './config.ts';

describe('latent-tree cell', () => {
  it('parses {} to the documented defaults and rejects misspelt settings', () => {
    const defaults = latentTreeConfigSchema.parse({});
    expect(defaults.tree).toEqual({ depth: 5, childrenPerNode: 2, delta_lower: 0.8 });
    expect(defaults.encoder.hid).toBe(10);
    expect(defaults.objective).toEqual({ kind: 'infonce', temperature: 0.1 });
    expect(defaults.optimizer.kind).toBe('adam');
    expect(defaults.training).toEqual({ steps: 500, batchSize: 128 });
    expect(latentTreeConfigSchema.safeParse({ tree: { deltaLower: 0.5 } }).success).toBe(false);
    expect(latentTreeConfigSchema.safeParse({ tree: { delta_lower: 1 } }).success).toBe(false);
  });

  it('is registered, and every order parameter it reports is declared', async () => {
    const definition = findExperiment('latent-tree')!;
    const declared = new Set(definition.orderParameters.map((info) => info.name));
    const result = await runExperimentCell('latent-tree', { encoder: { hid: 3 },
      training: { steps: 20 }, evaluation: { everySteps: 5, samples: 512 } }, 0,
    { backend: 'none' });
    expect(result.outcome).toBe('finished');
    for (const name of Object.keys(result.orderParameters)) expect(declared).toContain(name);
    expect(result.curve.steps).toEqual([0, 5, 10, 15, 20]);
    expect(declared).toContain(definition.defaultOrderParameter);
  });

  it('reports divergence when the loss stops being finite', async () => {
    // Logits of 1e300 give gradients that SGD at rate 1000 sends past the float range.
    const result = await runExperimentCell('latent-tree', {
      objective: { kind: 'infonce', temperature: 1e-300 },
      optimizer: { kind: 'sgd', learningRate: 1000 },
      training: { steps: 20 },
      evaluation: { samples: 512 },
    }, 0, { backend: 'none' });
    expect(result.outcome).toBe('diverged');
    expect(result.divergedAtStep).toBe(1);
    expect(result.orderParameters).toEqual({});
  });

  it('reports divergence when Adam freezes on gradients whose squares overflow', async () => {
    // Before this was caught, such a cell "finished" with the untrained network's values.
    const result = await runExperimentCell('latent-tree', {
      objective: { kind: 'infonce', temperature: 1e-300 },
      training: { steps: 20 },
      evaluation: { samples: 512 },
    }, 0, { backend: 'none' });
    expect(result.outcome).toBe('diverged');
  });
});
