import { Random } from '@phasegrid/core';
import { describe, expect, it } from 'vitest';
import { copy, zeros, type Mat } from './matrix.ts';
import {
  objectiveGradient, squaredFromMoments, viewMoments, type LinearWeights, type LossKind,
  type ViewBatch,
} from './objective.ts';
import { sampleViewMoments } from './wishart.ts';

const [OUT, IN, BATCH] = [3, 4, 5];

function randomMatrix(rng: Random, rows: number, cols: number): Mat {
  const out = zeros(rows, cols);
  rng.fillNormal(out.data);
  return out;
}

function randomViews(rng: Random): ViewBatch {
  return { first: rng.fillNormal(new Float64Array(BATCH * IN)),
    second: rng.fillNormal(new Float64Array(BATCH * IN)), batchSize: BATCH, dim: IN };
}

/** Central differences of the loss in every entry of the online encoder or the predictor. */
function numericGradient(kind: LossKind, weights: LinearWeights, views: ViewBatch,
  isTargetTrained: boolean, which: 'online' | 'predictor'): Float64Array {
  const step = 1e-6;
  const out = new Float64Array(weights[which].data.length);
  for (let i = 0; i < out.length; i++) {
    const lossAt = (delta: number) => {
      const shifted = copy(weights[which]);
      shifted.data[i]! += delta;
      const online = which === 'online' ? shifted : weights.online;
      const moved: LinearWeights = { online,
        predictor: which === 'predictor' ? shifted : weights.predictor,
        target: isTargetTrained ? online : weights.target };
      return objectiveGradient(kind, moved, views, isTargetTrained).loss;
    };
    out[i] = (lossAt(step) - lossAt(-step)) / (2 * step);
  }
  return out;
}

describe('objectiveGradient', () => {
  for (const kind of ['squared', 'cosine'] as const) {
    for (const isTargetTrained of [false, true]) {
      it(`matches finite differences (${kind}, target trained: ${isTargetTrained})`, () => {
        const rng = new Random(7, `${kind}/${isTargetTrained}`);
        const online = randomMatrix(rng, OUT, IN);
        const weights: LinearWeights = { online, predictor: randomMatrix(rng, OUT, OUT),
          target: isTargetTrained ? online : randomMatrix(rng, OUT, IN) };
        const views = randomViews(rng);
        const analytic = objectiveGradient(kind, weights, views, isTargetTrained);
        for (const which of ['online', 'predictor'] as const) {
          const numeric = numericGradient(kind, weights, views, isTargetTrained, which);
          numeric.forEach((value, i) => {
            expect(analytic[which].data[i]).toBeCloseTo(value, 5);
          });
        }
      });
    }
  }

  it('computes the squared loss as the mean of 1/2 |W_p W x_a - W_a x_b|^2 over both views', () => {
    const rng = new Random(3, 'direct');
    const weights: LinearWeights = { online: randomMatrix(rng, OUT, IN),
      predictor: randomMatrix(rng, OUT, OUT), target: randomMatrix(rng, OUT, IN) };
    const views = randomViews(rng);
    let direct = 0;
    for (const [a, b] of [[views.first, views.second], [views.second, views.first]]) {
      for (let n = 0; n < BATCH; n++) {
        const xa = a!.subarray(n * IN, (n + 1) * IN);
        const xb = b!.subarray(n * IN, (n + 1) * IN);
        for (let i = 0; i < OUT; i++) {
          let residual = 0;
          for (let k = 0; k < OUT; k++) {
            for (let j = 0; j < IN; j++) {
              residual += weights.predictor.data[i * OUT + k]! * weights.online.data[k * IN + j]!
                * xa[j]!;
            }
          }
          for (let j = 0; j < IN; j++) residual -= weights.target.data[i * IN + j]! * xb[j]!;
          direct += (0.5 * residual * residual) / (2 * BATCH);
        }
      }
    }
    expect(squaredFromMoments(weights, viewMoments(views), false).loss).toBeCloseTo(direct, 10);
  });
});

describe('sampleViewMoments', () => {
  it('draws moments with the mean and spread of a real batch\'s moments', () => {
    const variances = [1, 0.25];
    const noiseVariance = 0.5;
    const batchSize = 16;
    const numDraws = 4000;
    const rng = new Random(11, 'wishart');
    const stats = { first: [0, 0], cross: [0, 0], offDiagonal: [0, 0] };
    for (let draw = 0; draw < numDraws; draw++) {
      const moments = sampleViewMoments(rng, variances, noiseVariance, batchSize);
      const [first, cross, off] = [moments.firstFirst.data[0]!, moments.firstSecond.data[0]!,
        moments.firstSecond.data[1]!];
      stats.first[0]! += first; stats.first[1]! += first * first;
      stats.cross[0]! += cross; stats.cross[1]! += cross * cross;
      stats.offDiagonal[0]! += off; stats.offDiagonal[1]! += off * off;
    }
    const mean = (pair: number[]) => pair[0]! / numDraws;
    const variance = (pair: number[]) => pair[1]! / numDraws - mean(pair) ** 2;
    // E[x1_0^2] = d + s2 = 1.5, with variance 2 (1.5)^2 / B; E[x1_0 x2_0] = d = 1, variance
    // (d^2 + (d + s2)^2) / B; E[x1_0 x2_1] = 0, variance (d0 + s2)(d1 + s2) / B.
    // Standard errors: about 0.01 on the means, 2-3% on the variances; tolerances are 4-5x.
    expect(mean(stats.first)).toBeCloseTo(1.5, 1);
    expect(variance(stats.first) / ((2 * 1.5 ** 2) / batchSize)).toBeCloseTo(1, 0.9);
    expect(mean(stats.cross)).toBeCloseTo(1, 1);
    expect(variance(stats.cross) / ((1 + 1.5 ** 2) / batchSize)).toBeCloseTo(1, 0.9);
    expect(mean(stats.offDiagonal)).toBeCloseTo(0, 1);
    expect(variance(stats.offDiagonal) / ((1.5 * 0.75) / batchSize)).toBeCloseTo(1, 0.9);
  });

  it('refuses a batch smaller than twice the dimension', () => {
    expect(() => sampleViewMoments(new Random(0), [1, 1], 0.1, 3)).toThrow(RangeError);
  });
});
