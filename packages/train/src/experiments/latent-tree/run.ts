/**
 * Trains one latent-tree cell: draws the seed's tree, measures the untrained encoder and the
 * Bayes ceiling on held-out trees, trains on fresh positive pairs every step, and measures
 * again. Plain Float64Array math, no tensors: see `encoder.ts` for why.
 */
import { Random } from '@phasegrid/core';
import type { RunOptions, RunResult } from '@phasegrid/core';
import { FlatOptimizer } from '../../optimizers/flat-optimizer.ts';
import { CurveRecorder } from '../curve-recorder.ts';
import { divergedResult, elapsedSeconds, PLAIN_JAVASCRIPT_BACKEND } from '../shared/run-result.ts';
import type { LatentTreeConfig } from './config.ts';
import {
  encode, encoderGradient, encoderLayout, initialParameters, type EncoderLayout,
} from './encoder.ts';
import { prepareHeldOut, type HeldOutMeasures } from './held-out.ts';
import { evaluateObjective, type LatentTreeObjective } from './objective.ts';
import { copyLeaves, drawLatentTree, samplePositivePairs, type LatentTree } from './tree.ts';

/** Runs one cell; the seed fixes the tree, the initial weights and every sample. */
export async function runLatentTree(
  config: LatentTreeConfig,
  seed: number,
  options: RunOptions,
): Promise<RunResult> {
  const startMs = performance.now();
  const { training, evaluation } = config;
  // The tree is part of the data model: one named stream, so a seed's tree is the same in
  // every cell that shares its shape (and moves monotonically with delta_lower).
  const tree = drawLatentTree(new Random(seed, 'latent-tree/tree'), config.tree.depth,
    config.tree.childrenPerNode, config.tree.delta_lower);
  const layout = encoderLayout(tree, config.encoder.hid, config.encoder.normEpsilon);
  const params = initialParameters(layout, new Random(seed, 'latent-tree/init'));
  const dataRng = new Random(seed, 'latent-tree/data');
  const objective: LatentTreeObjective = config.objective;

  const heldOut = prepareHeldOut(layout, params, seed, evaluation.samples,
    Math.min(evaluation.deepDepths, tree.depth));
  const untrained = heldOut.measure(params);
  // A share that does not exist for this cell (see held-out.ts) stays off its curve too.
  const curve = new CurveRecorder(Object.keys(curveSample(untrained, 0)));

  const optimizer = new FlatOptimizer(config.optimizer, layout.numParams, training.steps);
  for (let step = 0; step < training.steps; step++) {
    options.signal?.throwIfAborted();
    const { loss, gradient } = lossAndGradient(layout, params, objective,
      drawPairLeaves(tree, dataRng, training.batchSize));
    if (!Number.isFinite(loss)) {
      return divergedResult(curve, step, startMs, PLAIN_JAVASCRIPT_BACKEND);
    }
    if (step % evaluation.everySteps === 0) {
      curve.add(step, curveSample(step === 0 ? untrained : heldOut.measure(params), loss));
    }
    if (!optimizer.apply(params, gradient)) {
      return divergedResult(curve, step + 1, startMs, PLAIN_JAVASCRIPT_BACKEND);
    }
  }

  if (!params.every(Number.isFinite)) {
    return divergedResult(curve, training.steps, startMs, PLAIN_JAVASCRIPT_BACKEND);
  }
  const finalLoss = lossAndGradient(layout, params, objective,
    drawPairLeaves(tree, dataRng, training.batchSize)).loss;
  const final = heldOut.measure(params);
  curve.add(training.steps, curveSample(final, finalLoss));

  const orderParameters: Record<string, number | null> = {
    deep_corr: final.deepCorr,
    deep_untrained_corr: heldOut.deepUntrained,
    deep_bayes_corr: heldOut.deepBayes,
    deep_gap_closed: final.gapClosed,
    deep_ceiling_fraction: final.ceilingFraction,
    root_effective_rank: final.rootEffectiveRank,
    loss: finalLoss,
  };
  for (let d = 0; d < tree.depth; d++) {
    orderParameters[`corr_depth_${d}`] = final.perDepth[d]!;
    orderParameters[`untrained_corr_depth_${d}`] = heldOut.untrainedPerDepth[d]!;
    orderParameters[`bayes_corr_depth_${d}`] = heldOut.bayesPerDepth[d]!;
  }
  return {
    outcome: 'finished',
    orderParameters,
    curve: curve.toCurve(),
    steps: training.steps,
    seconds: elapsedSeconds(startMs),
    backend: PLAIN_JAVASCRIPT_BACKEND,
  };
}

/** A fresh batch of positive pairs as encoder inputs: anchors' leaves, then partners'. */
function drawPairLeaves(tree: LatentTree, rng: Random, numPairs: number): Float64Array {
  const { anchors, positives } = samplePositivePairs(tree, rng, numPairs);
  const leaves = new Float64Array(2 * numPairs * tree.numLeaves);
  copyLeaves(tree, anchors, leaves, 0);
  return copyLeaves(tree, positives, leaves, numPairs);
}

function lossAndGradient(layout: EncoderLayout, params: Float64Array,
  objective: LatentTreeObjective, leaves: Float64Array) {
  const forward = encode(layout, params, leaves);
  const value = evaluateObjective(objective, forward.output, layout.hid);
  if (!Number.isFinite(value.loss)) return { loss: value.loss, gradient: value.outputGradient };
  return { loss: value.loss,
    gradient: encoderGradient(layout, params, forward, value.outputGradient) };
}

/** The curve's order parameters; the shares only where they exist for the cell. */
function curveSample(measures: HeldOutMeasures, loss: number): Record<string, number> {
  const sample: Record<string, number> = { deep_corr: measures.deepCorr,
    root_effective_rank: measures.rootEffectiveRank, loss };
  if (measures.gapClosed !== null) sample.deep_gap_closed = measures.gapClosed;
  if (measures.ceilingFraction !== null) sample.deep_ceiling_fraction = measures.ceilingFraction;
  return sample;
}
