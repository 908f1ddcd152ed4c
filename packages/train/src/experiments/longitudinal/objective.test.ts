import { Random } from '@phasegrid/core';
import { describe, expect, it } from 'vitest';
import { Autoencoder } from './autoencoder.ts';
import { longitudinalModelSchema } from './config.ts';
import { directionTerm, evaluateObjective } from './objective.ts';

const [DIM, PAIRS] = [6, 5];

function smallModel(activation: 'tanh' | 'relu', seed: number): Autoencoder {
  const config = longitudinalModelSchema.parse({ hiddenWidths: [5, 4], latentDim: 3,
    hiddenActivation: activation });
  const model = Autoencoder.create(config, DIM, new Random(seed, 'model'));
  // Larger weights than the initialisation, so every layer's nonlinearity matters.
  for (let i = 0; i < model.tauOffset; i++) model.parameters[i]! *= 2;
  return model;
}

function randomPairs(seed: number): { earlier: Float64Array; later: Float64Array } {
  const rng = new Random(seed, 'pairs');
  return { earlier: rng.fillNormal(new Float64Array(PAIRS * DIM)),
    later: rng.fillNormal(new Float64Array(PAIRS * DIM)) };
}

describe('evaluateObjective', () => {
  for (const activation of ['tanh', 'relu'] as const) {
    it(`matches central differences in every parameter, tau included (${activation})`, () => {
      const model = smallModel(activation, 1);
      const { earlier, later } = randomPairs(2);
      const lambda = 0.7;
      const analytic = new Float64Array(model.parameters.length);
      evaluateObjective(model, earlier, later, PAIRS, lambda, analytic);

      const step = 1e-6;
      for (let i = 0; i < model.parameters.length; i++) {
        const saved = model.parameters[i]!;
        model.parameters[i] = saved + step;
        const above = evaluateObjective(model, earlier, later, PAIRS, lambda).total;
        model.parameters[i] = saved - step;
        const below = evaluateObjective(model, earlier, later, PAIRS, lambda).total;
        model.parameters[i] = saved;
        const numeric = (above - below) / (2 * step);
        expect(Math.abs(analytic[i]! - numeric), `parameter ${i}`)
          .toBeLessThan(1e-7 + 1e-5 * Math.abs(numeric));
      }
    });
  }

  it('adds lambda times the direction term to the reconstruction MSE of both visits', () => {
    const model = smallModel('tanh', 3);
    const { earlier, later } = randomPairs(4);
    let squaredError = 0;
    for (const visits of [earlier, later]) {
      const reconstructed = model.forward(visits, PAIRS).at(-1)!;
      visits.forEach((value, i) => { squaredError += (reconstructed[i]! - value) ** 2; });
    }
    const value = evaluateObjective(model, earlier, later, PAIRS, 2.5);
    expect(value.reconstruction).toBeCloseTo(squaredError / (PAIRS * DIM), 12);
    expect(value.total).toBeCloseTo(value.reconstruction + 2.5 * value.direction, 12);
  });

  it('leaves tau alone and trains only reconstruction when lambda is 0', () => {
    const model = smallModel('tanh', 5);
    const { earlier, later } = randomPairs(6);
    const plain = new Float64Array(model.parameters.length);
    evaluateObjective(model, earlier, later, PAIRS, 0, plain);
    expect(Array.from(plain.subarray(model.tauOffset))).toEqual([0, 0, 0]);
    expect(plain.some((value) => value !== 0)).toBe(true);
  });
});

describe('directionTerm', () => {
  it('is the mean of 1 - cos(z_t - z_s, tau), as computed by hand', () => {
    // Changes (2, 0), (0, 3) and (-1, -1) against tau = (0.6, 0.8): cosines 0.6, 0.8 and
    // -1.4 / sqrt 2, so the term is (0.4 + 0.2 + 1 + 1.4 / sqrt 2) / 3.
    const earlier = [1, 1, 0, -1, 2, 2];
    const later = [3, 1, 0, 2, 1, 1];
    const latents = Float64Array.from([...earlier, ...later]);
    const tau = Float64Array.from([0.6, 0.8]);
    const expected = (0.4 + 0.2 + 1 + 1.4 / Math.SQRT2) / 3;
    expect(directionTerm(latents, 3, tau, undefined, undefined)).toBeCloseTo(expected, 12);
  });

  it('does not depend on the length of tau, and its tau gradient is tangent to tau', () => {
    const latents = new Random(7, 'latents').fillNormal(new Float64Array(2 * 4 * 3));
    const tau = Float64Array.from([0.2, -0.5, 0.4]);
    const gradient = new Float64Array(3);
    const value = directionTerm(latents, 4, tau, undefined, gradient);
    const longer = directionTerm(latents, 4, tau.map((v) => 3 * v), undefined, undefined);
    expect(longer).toBeCloseTo(value, 12);
    const radial = gradient.reduce((sum, g, k) => sum + g * tau[k]!, 0);
    expect(Math.abs(radial)).toBeLessThan(1e-12);
    expect(Math.hypot(...gradient)).toBeGreaterThan(1e-3);
  });

  it('is 0 when every change points along tau and 2 when every change points against it', () => {
    const tau = Float64Array.from([0, 1]);
    const along = Float64Array.from([0, 0, 5, 5, 0, 1, 5, 9]);
    const against = Float64Array.from([0, 1, 5, 9, 0, 0, 5, 5]);
    expect(directionTerm(along, 2, tau, undefined, undefined)).toBeCloseTo(0, 12);
    expect(directionTerm(against, 2, tau, undefined, undefined)).toBeCloseTo(2, 12);
  });
});
