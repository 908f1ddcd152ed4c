/**
 * The held-out trees of a cell and what is measured on them: the Bayes ceiling and the
 * untrained network once, the trained network whenever the curve or the result asks.
 */
import { Random } from '@phasegrid/core';
import { encode, type EncoderLayout } from './encoder.ts';
import {
  bayesCorrelationByDepth, bestNeuronCorrelationByDepth, effectiveRank,
} from './measure.ts';
import { posteriorMeans } from './posterior.ts';
import { copyLeaves, sampleTrees } from './tree.ts';

/**
 * Below this ceiling-minus-untrained margin the untrained network already sits at the ceiling
 * and the share of the gap closed is noise over noise: `deep_gap_closed` is null then.
 */
const MIN_GAP_FOR_SHARE = 0.02;

/** The network's order parameters at one moment. */
export interface HeldOutMeasures {
  /** Best-neuron correlation per latent depth, root first. */
  readonly perDepth: number[];
  /** `perDepth` averaged over the deep depths. */
  readonly deepCorr: number;
  /** `(deepCorr - untrained) / (ceiling - untrained)`, or null when that gap is too small. */
  readonly gapClosed: number | null;
  /** `deepCorr / ceiling`, or null for a zero ceiling. */
  readonly ceilingFraction: number | null;
  /** Entropy effective rank of the normalised root output's covariance. */
  readonly rootEffectiveRank: number;
}

/** What the held-out trees say before training, and how to measure the network on them. */
export interface HeldOutEvaluation {
  /** The Bayes ceiling per latent depth, root first. */
  readonly bayesPerDepth: number[];
  /** The initial network's best-neuron correlation per latent depth. */
  readonly untrainedPerDepth: number[];
  /** Both averaged over the deep depths. */
  readonly deepBayes: number;
  readonly deepUntrained: number;
  /** Measures the network with parameters `params` (the layout's). */
  measure(params: Float64Array): HeldOutMeasures;
}

/**
 * Draws `numSamples` held-out trees from the seed's `latent-tree/evaluation` stream (the same
 * trees whatever the training does) and measures the ceiling and `initialParams` on them.
 * `numDeep` depths nearest the root count as deep.
 */
export function prepareHeldOut(
  layout: EncoderLayout,
  initialParams: Float64Array,
  seed: number,
  numSamples: number,
  numDeep: number,
): HeldOutEvaluation {
  const { tree, hid } = layout;
  const nodes = sampleTrees(tree, new Random(seed, 'latent-tree/evaluation'), numSamples);
  const leaves = copyLeaves(tree, nodes, new Float64Array(numSamples * tree.numLeaves));
  const bayesPerDepth = bayesCorrelationByDepth(tree, nodes, posteriorMeans(tree, nodes));
  const untrainedPerDepth = bestNeuronCorrelationByDepth(tree, hid, nodes,
    encode(layout, initialParams, leaves));
  const deepBayes = meanOfFirst(bayesPerDepth, numDeep);
  const deepUntrained = meanOfFirst(untrainedPerDepth, numDeep);
  const reachableGain = deepBayes - deepUntrained;

  const measure = (params: Float64Array): HeldOutMeasures => {
    const forward = encode(layout, params, leaves);
    const perDepth = bestNeuronCorrelationByDepth(tree, hid, nodes, forward);
    const deepCorr = meanOfFirst(perDepth, numDeep);
    return {
      perDepth,
      deepCorr,
      gapClosed: reachableGain >= MIN_GAP_FOR_SHARE
        ? (deepCorr - deepUntrained) / reachableGain
        : null,
      ceilingFraction: deepBayes > 0 ? deepCorr / deepBayes : null,
      rootEffectiveRank: effectiveRank(forward.output, hid),
    };
  };
  return { bayesPerDepth, untrainedPerDepth, deepBayes, deepUntrained, measure };
}

function meanOfFirst(values: readonly number[], count: number): number {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += values[i]!;
  return sum / count;
}
