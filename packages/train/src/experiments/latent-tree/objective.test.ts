import { Random } from '@phasegrid/core';
import { describe, expect, it } from 'vitest';
import { evaluateObjective, infoNce, softContrast, type LatentTreeObjective } from './objective.ts';

// Two pairs in 2-D: anchors e1 and e2, partners (0.6, 0.8) and e2.
const OUTPUTS = Float64Array.from([1, 0, 0, 1, 0.6, 0.8, 0, 1]);

describe('latent-tree objectives', () => {
  it('gives InfoNCE of two orthogonal matched pairs as log(2 + e) - 1 at T = 1', () => {
    const matched = Float64Array.from([1, 0, 0, 1, 1, 0, 0, 1]);
    // Each row sees its partner at logit 1 and two orthogonal rows at 0.
    expect(infoNce(matched, 2, 1).loss).toBeCloseTo(Math.log(2 + Math.E) - 1, 12);
  });

  it('gives InfoNCE of an unbalanced batch as the mean of the hand-computed rows', () => {
    const temperature = 0.5;
    const logit = (dot: number) => dot / temperature;
    // Rows: a1 = e1, a2 = e2, p1 = (0.6, 0.8), p2 = e2; each against the three others.
    const rowLoss = (others: number[], partner: number) =>
      Math.log(others.reduce((sum, dot) => sum + Math.exp(logit(dot)), 0)) - logit(partner);
    const expected = (rowLoss([0, 0.6, 0], 0.6) + rowLoss([0, 0.8, 1], 1)
      + rowLoss([0.6, 0.8, 0.8], 0.6) + rowLoss([0, 1, 0.8], 1)) / 4;
    expect(infoNce(OUTPUTS, 2, temperature).loss).toBeCloseTo(expected, 12);
  });

  it('contrasts batch-mean distances, as the official code does', () => {
    // d+ = (0.4^2 + 0.8^2) / 2 = 0.4 and 0; d- = |e1 - e2|^2 / 2 = 1 for both anchors.
    const loss = softContrast(OUTPUTS, 2, 1, 'batch').loss;
    expect(loss).toBeCloseTo(-1 / (1 + Math.exp(-(1 - 0.2))), 12);
  });

  it('contrasts pair by pair when asked, which differs from the batch form', () => {
    const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
    const loss = softContrast(OUTPUTS, 2, 1, 'pair').loss;
    expect(loss).toBeCloseTo(-(sigmoid(1 - 0.4) + sigmoid(1 - 0)) / 2, 12);
    expect(loss).not.toBeCloseTo(softContrast(OUTPUTS, 2, 1, 'batch').loss, 4);
  });

  it('approaches its minimum as temperature falls when positives match and negatives differ',
    () => {
      const matched = Float64Array.from([1, 0, 0, 1, 1, 0, 0, 1]);
      expect(softContrast(matched, 2, 0.01, 'batch').loss).toBeCloseTo(-1, 6);
      expect(infoNce(matched, 2, 0.01).loss).toBeCloseTo(0, 6);
    });

  const objectives: LatentTreeObjective[] = [
    { kind: 'infonce', temperature: 0.2 },
    { kind: 'soft-contrast', temperature: 0.2, reduction: 'batch' },
    { kind: 'soft-contrast', temperature: 0.2, reduction: 'pair' },
  ];
  for (const objective of objectives) {
    it(`has the gradient of finite differences (${JSON.stringify(objective)})`, () => {
      const width = 3;
      const outputs = new Random(1, 'outputs').fillNormal(new Float64Array(2 * 5 * width));
      const { outputGradient } = evaluateObjective(objective, outputs, width);
      const step = 1e-6;
      for (let i = 0; i < outputs.length; i++) {
        const plus = outputs.slice();
        const minus = outputs.slice();
        plus[i]! += step;
        minus[i]! -= step;
        const numeric = (evaluateObjective(objective, plus, width).loss
          - evaluateObjective(objective, minus, width).loss) / (2 * step);
        expect(Math.abs(outputGradient[i]! - numeric), `output ${i}`).toBeLessThan(1e-7);
        expect(Math.abs(numeric)).toBeGreaterThan(0);
      }
    });
  }
});
