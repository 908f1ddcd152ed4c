/**
 * The two contrastive objectives of the family, as losses of the normalised outputs with their
 * gradients. Outputs come as one `2B x k` matrix: anchors in rows 0 ... B - 1, their partners
 * (positives) in rows B ... 2B - 1.
 */

/** InfoNCE over the batch, or the official code's two-way soft contrast. */
export type LatentTreeObjective =
  | { readonly kind: 'infonce'; readonly temperature: number }
  | {
    readonly kind: 'soft-contrast';
    readonly temperature: number;
    readonly reduction: 'batch' | 'pair';
  };

/** A loss and its gradient in the outputs (same shape as the outputs). */
export interface ObjectiveValue {
  readonly loss: number;
  readonly outputGradient: Float64Array;
}

/** The loss of `outputs` (`2B x width`) under `objective`, with its gradient. */
export function evaluateObjective(
  objective: LatentTreeObjective,
  outputs: Float64Array,
  width: number,
): ObjectiveValue {
  switch (objective.kind) {
    case 'infonce':
      return infoNce(outputs, width, objective.temperature);
    case 'soft-contrast':
      return softContrast(outputs, width, objective.temperature, objective.reduction);
  }
}

/**
 * SimCLR's NT-Xent: each of the 2B outputs against the 2B - 1 others, its partner the class
 * to pick, logits `<z_a, z_b> / temperature`; the mean over all 2B rows.
 */
export function infoNce(outputs: Float64Array, width: number, temperature: number):
  ObjectiveValue {
  const numRows = (outputs.length / width) | 0;
  const numPairs = numRows >> 1;
  const logits = new Float64Array(numRows * numRows);
  for (let a = 0; a < numRows; a++) {
    for (let b = a + 1; b < numRows; b++) {
      let dot = 0;
      for (let u = 0; u < width; u++) dot += outputs[a * width + u]! * outputs[b * width + u]!;
      logits[a * numRows + b] = dot / temperature;
      logits[b * numRows + a] = dot / temperature;
    }
  }

  // Row a's softmax over b != a minus the one-hot of its partner is 2B dLoss/dLogit_ab. The
  // logits are symmetric, so each output collects (G_ab + G_ba) z_b / T, with G the
  // gradient in the logits; exponentials are taken once and kept in `logitGradient`.
  let loss = 0;
  const logitGradient = new Float64Array(numRows * numRows);
  for (let a = 0; a < numRows; a++) {
    const row = a * numRows;
    const partner = a < numPairs ? a + numPairs : a - numPairs;
    let largest = -Infinity;
    for (let b = 0; b < numRows; b++) {
      if (b !== a && logits[row + b]! > largest) largest = logits[row + b]!;
    }
    let total = 0;
    for (let b = 0; b < numRows; b++) {
      if (b === a) continue;
      const weight = Math.exp(logits[row + b]! - largest);
      logitGradient[row + b] = weight;
      total += weight;
    }
    loss += largest + Math.log(total) - logits[row + partner]!;
    for (let b = 0; b < numRows; b++) logitGradient[row + b]! /= total * numRows;
    logitGradient[row + partner]! -= 1 / numRows;
  }

  const outputGradient = new Float64Array(outputs.length);
  for (let a = 0; a < numRows; a++) {
    for (let b = a + 1; b < numRows; b++) {
      const weight = (logitGradient[a * numRows + b]! + logitGradient[b * numRows + a]!)
        / temperature;
      for (let u = 0; u < width; u++) {
        outputGradient[a * width + u]! += weight * outputs[b * width + u]!;
        outputGradient[b * width + u]! += weight * outputs[a * width + u]!;
      }
    }
  }
  return { loss: loss / numRows, outputGradient };
}

/**
 * The official code's contrast of one positive against one negative: with the mean squared
 * distances `d+` (anchor to partner) and `d-` (anchor to a negative), per output coordinate
 * as PyTorch's `MSELoss`, the loss is
 * `-exp(-d+ / T) / (exp(-d+ / T) + exp(-d- / T)) = -sigmoid((d- - d+) / T)`.
 * Anchor i's negative is anchor i + 1's (cyclically): an independent tree, as the official
 * code's separately drawn negative is, without a third forward pass. `reduction: 'batch'`
 * averages the distances over the batch before the contrast, as the official code does
 * (its `MSELoss` reduces over the batch); `pair` contrasts each pair and averages the losses.
 */
export function softContrast(
  outputs: Float64Array,
  width: number,
  temperature: number,
  reduction: 'batch' | 'pair',
): ObjectiveValue {
  const numPairs = (outputs.length / width / 2) | 0;
  const positiveDistances = new Float64Array(numPairs);
  const negativeDistances = new Float64Array(numPairs);
  for (let i = 0; i < numPairs; i++) {
    positiveDistances[i] = meanSquaredDistance(outputs, width, i, i + numPairs);
    negativeDistances[i] = meanSquaredDistance(outputs, width, i, (i + 1) % numPairs);
  }

  // dLoss/d(d+) and dLoss/d(d-) per pair: the sigmoid's slope, over T, times the averaging.
  const positiveWeights = new Float64Array(numPairs);
  const negativeWeights = new Float64Array(numPairs);
  let loss = 0;
  if (reduction === 'batch') {
    const margin = (mean(negativeDistances) - mean(positiveDistances)) / temperature;
    const sigmoid = logistic(margin);
    loss = -sigmoid;
    const slope = sigmoid * (1 - sigmoid) / temperature / numPairs;
    positiveWeights.fill(slope);
    negativeWeights.fill(-slope);
  } else {
    for (let i = 0; i < numPairs; i++) {
      const sigmoid = logistic((negativeDistances[i]! - positiveDistances[i]!) / temperature);
      loss -= sigmoid / numPairs;
      const slope = sigmoid * (1 - sigmoid) / temperature / numPairs;
      positiveWeights[i] = slope;
      negativeWeights[i] = -slope;
    }
  }

  const outputGradient = new Float64Array(outputs.length);
  for (let i = 0; i < numPairs; i++) {
    addDistanceGradient(outputs, outputGradient, width, i, i + numPairs, positiveWeights[i]!);
    addDistanceGradient(outputs, outputGradient, width, i, (i + 1) % numPairs,
      negativeWeights[i]!);
  }
  return { loss, outputGradient };
}

function meanSquaredDistance(outputs: Float64Array, width: number, a: number, b: number): number {
  let sum = 0;
  for (let u = 0; u < width; u++) sum += (outputs[a * width + u]! - outputs[b * width + u]!) ** 2;
  return sum / width;
}

/** Adds `weight * d(meanSquaredDistance(a, b))/d(outputs)` to `gradient`. */
function addDistanceGradient(outputs: Float64Array, gradient: Float64Array, width: number,
  a: number, b: number, weight: number): void {
  const scale = (2 * weight) / width;
  for (let u = 0; u < width; u++) {
    const difference = scale * (outputs[a * width + u]! - outputs[b * width + u]!);
    gradient[a * width + u]! += difference;
    gradient[b * width + u]! -= difference;
  }
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

function logistic(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}
