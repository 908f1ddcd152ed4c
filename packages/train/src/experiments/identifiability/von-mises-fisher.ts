/**
 * Exact samplers for the sphere: von Mises-Fisher by Wood's (1994) rejection scheme, with the
 * Beta and Gamma variates it needs, and the mean resultant length it should reproduce.
 */
import type { Random } from '@phasegrid/core';

/**
 * A Gamma(shape, 1) variate by Marsaglia & Tsang (2000); shapes below 1 use the boost
 * `Gamma(a) = Gamma(a + 1) U^(1/a)`.
 */
export function sampleGamma(rng: Random, shape: number): number {
  if (shape < 1) return sampleGamma(rng, shape + 1) * Math.pow(1 - rng.uniform(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    const v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = 1 - rng.uniform();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** A Beta(a, b) variate as a ratio of Gammas. */
export function sampleBeta(rng: Random, a: number, b: number): number {
  const x = sampleGamma(rng, a);
  const y = sampleGamma(rng, b);
  return x / (x + y);
}

/**
 * The cosine `w = <mu, x>` of a vMF draw in `dim` dimensions (Wood 1994). Only this scalar
 * depends on kappa; the rest of the draw is a uniform direction orthogonal to mu.
 */
export function sampleVmfCosine(rng: Random, dim: number, concentration: number): number {
  const m = dim - 1;
  // b written as m / (sqrt(4k^2 + m^2) + 2k) rather than (sqrt(4k^2 + m^2) - 2k) / m: the same
  // value without cancellation when kappa is large.
  const b = m / (Math.sqrt(4 * concentration * concentration + m * m) + 2 * concentration);
  const x0 = (1 - b) / (1 + b);
  const c = concentration * x0 + m * Math.log(1 - x0 * x0);
  for (;;) {
    const beta = sampleBeta(rng, m / 2, m / 2);
    const w = (1 - (1 + b) * beta) / (1 - (1 - b) * beta);
    const u = 1 - rng.uniform();
    if (concentration * w + m * Math.log(1 - x0 * w) - c >= Math.log(u)) return w;
  }
}

/**
 * Writes into `out` a draw from vMF(mu, kappa) on the unit sphere of `mu.length` dimensions.
 * `mu` must have unit norm.
 */
export function sampleVmf(
  rng: Random,
  mu: ArrayLike<number>,
  concentration: number,
  out: Float64Array,
): void {
  const dim = mu.length;
  const w = sampleVmfCosine(rng, dim, concentration);

  // A uniform direction orthogonal to mu: a Gaussian with its mu component removed.
  let along = 0;
  for (let i = 0; i < dim; i++) {
    out[i] = rng.normal();
    along += out[i]! * mu[i]!;
  }
  let normSquared = 0;
  for (let i = 0; i < dim; i++) {
    out[i] = out[i]! - along * mu[i]!;
    normSquared += out[i]! * out[i]!;
  }
  const sideScale = Math.sqrt(Math.max(0, 1 - w * w)) / Math.sqrt(normSquared);
  for (let i = 0; i < dim; i++) out[i] = w * mu[i]! + sideScale * out[i]!;
}

/**
 * The mean resultant length `E<mu, x> = I_{dim/2}(k) / I_{dim/2-1}(k)` from the Bessel
 * series, with the common factor `(k/2)^nu / Gamma(nu + 1)` cancelled. Converges for any
 * kappa but needs about `kappa` terms; meant for tests and reports (kappa up to a few hundred).
 */
export function vmfMeanResultantLength(dim: number, concentration: number): number {
  const nu = dim / 2;
  const t = (concentration * concentration) / 4;
  // S1 = sum t^k / (k! (nu+1)_k), S0 = sum t^k / (k! (nu)_k); ratio = (k/2) S1 / (nu S0).
  let termUpper = 1;
  let termLower = 1;
  let sumUpper = 1;
  let sumLower = 1;
  for (let k = 1; k < 10_000; k++) {
    termUpper *= t / (k * (nu + k));
    termLower *= t / (k * (nu - 1 + k));
    sumUpper += termUpper;
    sumLower += termLower;
    if (termUpper < 1e-17 * sumUpper && termLower < 1e-17 * sumLower) break;
  }
  return ((concentration / 2) * sumUpper) / (nu * sumLower);
}
