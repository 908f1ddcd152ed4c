/**
 * The linear theory's surviving-mode count for the squared-error loss (Tian, Chen & Ganguli
 * 2021, in the form checked in SCIENCE.md section 3). Tensor-free: definitions import it.
 *
 * Per eigenmode of input variance `d`, with online weight `w`, predictor value `p` and a target
 * at stationarity (`w_a = w`), the symmetrised loss `1/2 |p w x1 - w x2|^2` with coupled weight
 * decay `eta` gives `dw/dt = w (p d - p^2 (d + sigma^2) - eta)`. A non-zero fixed point needs a
 * real root `p`, i.e. `4 eta (d + sigma^2) <= d^2`.
 */

/** The input variances: a geometric spectrum from `largest` down to `smallest`, largest first. */
export function geometricVariances(dim: number, largest: number, smallest: number): number[] {
  if (dim === 1) return [largest];
  const ratio = (smallest / largest) ** (1 / (dim - 1));
  return Array.from({ length: dim }, (_, k) => largest * ratio ** k);
}

/** The largest weight decay at which a mode of input variance `variance` survives. */
export function survivalWeightDecay(variance: number, noiseVariance: number): number {
  return (variance * variance) / (4 * (variance + noiseVariance));
}

/**
 * How many modes the theory keeps: those whose variance satisfies `eta < d^2 / (4 (d + s2))`.
 * Strict, so a mode exactly at the threshold counts as collapsed (its growth rate is zero).
 */
export function analyticSurvivingModes(
  variances: readonly number[],
  weightDecay: number,
  noiseVariance: number,
): number {
  return variances.filter((d) => weightDecay < survivalWeightDecay(d, noiseVariance)).length;
}
