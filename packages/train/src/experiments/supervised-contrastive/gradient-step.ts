/**
 * One gradient evaluation of a supervised-contrastive cell: both views through the encoder as
 * one stacked batch (thresholds per view), then the configured objective, all hand-written.
 */
import { encodeSymmetricRelu, symmetricReluWeightGradient } from '@phasegrid/core/nn';
import * as tf from '@tensorflow/tfjs';
import { crossEntropy } from '../../objectives/cross-entropy.ts';
import { infoNce } from '../../objectives/info-nce.ts';
import { supCon } from '../../objectives/sup-con.ts';
import type { SupervisedContrastiveConfig, SupervisedContrastiveObjective } from './definition.ts';

/** Gradients for the encoder and, with cross-entropy, for the linear head. */
export interface GradientStep {
  readonly gradient: tf.Tensor2D;
  readonly headGradient?: tf.Tensor2D;
  readonly loss?: tf.Scalar;
}

/** The objective's gradient with respect to the stacked outputs, and the head's if it has one. */
interface ObjectiveGradients {
  readonly outputGradient: tf.Tensor2D;
  readonly headGradient?: tf.Tensor2D;
  readonly loss?: tf.Scalar;
}

/**
 * @param weights encoder rows, `width x dim`.
 * @param head the linear head (`(width + 1) x classes`); only cross-entropy uses it.
 * @param labels the class of every sample of the batch (both views share them).
 */
export function gradientStep(
  config: SupervisedContrastiveConfig,
  weights: tf.Tensor2D,
  head: tf.Tensor2D | undefined,
  first: Float32Array,
  second: Float32Array,
  labels: Int32Array,
  wantsLoss: boolean,
): GradientStep {
  const batchSize = labels.length;
  const dim = config.data.dim;
  const stackedViews = new Float32Array(2 * batchSize * dim);
  stackedViews.set(first, 0);
  stackedViews.set(second, batchSize * dim);

  return tf.tidy(() => {
    const inputs = tf.tensor2d(stackedViews, [2 * batchSize, dim]);
    const forward = encodeSymmetricRelu(inputs, tf.transpose(weights),
      config.encoder.thresholdScale, 2);
    const objective = objectiveGradients(config.objective, forward.output, head, labels,
      wantsLoss);
    const gradient = symmetricReluWeightGradient(inputs, forward, objective.outputGradient);
    return {
      gradient,
      ...(objective.headGradient ? { headGradient: objective.headGradient } : {}),
      ...(objective.loss ? { loss: objective.loss } : {}),
    };
  });
}

function objectiveGradients(
  objective: SupervisedContrastiveObjective,
  outputs: tf.Tensor2D,
  head: tf.Tensor2D | undefined,
  labels: Int32Array,
  wantsLoss: boolean,
): ObjectiveGradients {
  switch (objective.kind) {
    case 'supcon':
      return supCon(objective, outputs, labels, wantsLoss);
    case 'simclr':
      // Every sample its own class: SupCon's positives shrink to the other view.
      return supCon({ variant: 'out', temperature: objective.temperature }, outputs,
        ownClasses(labels.length), wantsLoss);
    case 'infonce':
      return infoNce(objective, outputs, wantsLoss);
    case 'cross-entropy': {
      if (!head) throw new Error('cross-entropy needs a linear head');
      return crossEntropy(outputs, head, labels, wantsLoss);
    }
    default:
      return assertNever(objective);
  }
}

const ownClassCache = new Map<number, Int32Array>();

function ownClasses(batchSize: number): Int32Array {
  let classes = ownClassCache.get(batchSize);
  if (!classes) {
    classes = Int32Array.from({ length: batchSize }, (_, i) => i);
    ownClassCache.set(batchSize, classes);
  }
  return classes;
}

function assertNever(value: never): never {
  throw new Error(`unhandled objective kind: ${JSON.stringify(value)}`);
}
