/**
 * Adam and SGD (with optional momentum) for one weight tensor with a hand-computed gradient.
 * Weight decay is the coupled L2 form: `gradient + weightDecay * weights`.
 */
import * as tf from '@tensorflow/tfjs';
import type { AdamConfig, OptimizerConfig } from './optimizer-config.ts';
import { scheduledLearningRate } from './schedule.ts';

/** Owns the optimiser's state tensors; `dispose` frees them. */
export class Optimizer {
  private readonly config: OptimizerConfig;
  private readonly numSteps: number;
  private firstMoment: tf.Tensor | undefined;
  private secondMoment: tf.Tensor | undefined;
  private stepCount = 0;

  /** @param numSteps the run's length, which the cosine schedule decays over. */
  constructor(config: OptimizerConfig, numSteps: number) {
    this.config = config;
    this.numSteps = numSteps;
  }

  /** The learning rate the next `apply` will use. */
  get currentLearningRate(): number {
    const { schedule, learningRate } = this.config;
    return scheduledLearningRate(schedule, learningRate, this.stepCount, this.numSteps);
  }

  /** Returns the updated weights; the caller disposes the old ones. */
  apply<T extends tf.Tensor>(weights: T, gradient: T): T {
    const rate = this.currentLearningRate;
    this.stepCount += 1;
    return tf.tidy(() => {
      const decayed =
        this.config.weightDecay > 0
          ? tf.add(gradient, tf.mul(weights, this.config.weightDecay))
          : gradient;
      const update = this.config.kind === 'adam'
        ? this.adamDirection(decayed, this.config)
        : this.sgdDirection(decayed, this.config.momentum);
      return tf.sub(weights, tf.mul(update, rate)) as T;
    });
  }

  dispose(): void {
    this.firstMoment?.dispose();
    this.secondMoment?.dispose();
  }

  private adamDirection(gradient: tf.Tensor, config: AdamConfig): tf.Tensor {
    const { beta1, beta2, epsilon } = config;
    const first = this.firstMoment ?? tf.zerosLike(gradient);
    const second = this.secondMoment ?? tf.zerosLike(gradient);
    const nextFirst = tf.keep(tf.add(tf.mul(first, beta1), tf.mul(gradient, 1 - beta1)));
    const nextSecond = tf.keep(
      tf.add(tf.mul(second, beta2), tf.mul(tf.square(gradient), 1 - beta2)),
    );
    this.firstMoment?.dispose();
    this.secondMoment?.dispose();
    this.firstMoment = nextFirst;
    this.secondMoment = nextSecond;

    // Bias corrections are folded into scalars so the tensor work stays at a few ops:
    // (m c1) / (sqrt(v c2) + eps) == (c1 / sqrt c2) m / (sqrt v + eps / sqrt c2).
    const firstCorrection = 1 / (1 - beta1 ** this.stepCount);
    const rootSecondCorrection = Math.sqrt(1 / (1 - beta2 ** this.stepCount));
    const denominator = tf.add(tf.sqrt(nextSecond), epsilon / rootSecondCorrection);
    return tf.mul(tf.div(nextFirst, denominator), firstCorrection / rootSecondCorrection);
  }

  private sgdDirection(gradient: tf.Tensor, momentum: number): tf.Tensor {
    if (momentum === 0) return gradient;
    const previous = this.firstMoment ?? tf.zerosLike(gradient);
    const velocity = tf.keep(tf.add(tf.mul(previous, momentum), gradient));
    this.firstMoment?.dispose();
    this.firstMoment = velocity;
    return velocity;
  }
}
