import { Random } from '@phasegrid/core';
import { describe, expect, it } from 'vitest';
import { latentSchema } from './definition.ts';
import { sampleLatentPairs } from './latent-space.ts';

const COUNT = 20_000;

describe('sampleLatentPairs', () => {
  it('keeps sphere anchors and projected Normal positives on the unit sphere', () => {
    const config = latentSchema.parse({ kind: 'sphere', conditional: { kind: 'normal' } });
    const pairs = sampleLatentPairs(config, new Random(0, 'test'), 500);
    for (const batch of [pairs.anchors, pairs.positives]) {
      for (let n = 0; n < 500; n++) {
        const row = batch.values.subarray(n * 10, (n + 1) * 10);
        expect(Math.hypot(...row)).toBeCloseTo(1, 10);
      }
    }
  });

  it('keeps box positives inside the box with the truncated Normal spread', () => {
    const config = latentSchema.parse({ kind: 'box', dim: 2,
      conditional: { kind: 'normal', scale: 0.05 } });
    const pairs = sampleLatentPairs(config, new Random(1, 'test'), COUNT);
    let sumSquares = 0;
    let interiorCount = 0;
    for (let k = 0; k < pairs.positives.values.length; k++) {
      const value = pairs.positives.values[k]!;
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
      const anchor = pairs.anchors.values[k]!;
      // Away from the walls the truncation is negligible: the offset has std 0.05.
      if (anchor > 0.25 && anchor < 0.75) {
        sumSquares += (value - anchor) ** 2;
        interiorCount += 1;
      }
    }
    expect(Math.sqrt(sumSquares / interiorCount)).toBeCloseTo(0.05, 3);
  });

  it('draws Laplace noise with mean |x| equal to its scale in R^n', () => {
    const config = latentSchema.parse({ kind: 'real', dim: 4,
      marginal: { kind: 'laplace', scale: 2 }, conditional: { kind: 'laplace', scale: 0.5 } });
    const pairs = sampleLatentPairs(config, new Random(2, 'test'), COUNT);
    let anchorAbs = 0;
    let offsetAbs = 0;
    let offsetSquares = 0;
    const total = pairs.anchors.values.length;
    for (let k = 0; k < total; k++) {
      const offset = pairs.positives.values[k]! - pairs.anchors.values[k]!;
      anchorAbs += Math.abs(pairs.anchors.values[k]!) / total;
      offsetAbs += Math.abs(offset) / total;
      offsetSquares += offset * offset / total;
    }
    // For Laplace(b): E|x| = b and E x^2 = 2 b^2; 80,000 draws give about 0.5% error.
    expect(anchorAbs).toBeCloseTo(2, 1);
    expect(offsetAbs).toBeCloseTo(0.5, 2);
    expect(offsetSquares).toBeCloseTo(0.5, 1);
  });
});
