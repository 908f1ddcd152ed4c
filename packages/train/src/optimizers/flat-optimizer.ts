/**
 * Adam and SGD over one flat Float64Array of parameters, with the semantics of the tensor
 * `Optimizer` (same settings schema, schedule, bias correction and coupled L2 decay), for
 * models trained in plain JavaScript: at the sizes of the latent-tree and longitudinal
 * families, loops beat TensorFlow.js's per-operation overhead and keep float64.
 */
import type { OptimizerConfig } from './optimizer-config.ts';
import { scheduledLearningRate } from './schedule.ts';

/** Adam or SGD for one flat parameter vector; owns its moment estimates. */
export class FlatOptimizer {
  private readonly firstMoment: Float64Array;
  private readonly secondMoment: Float64Array;
  private stepCount = 0;

  /**
   * @param parameterCount length of the vectors `apply` receives.
   * @param numSteps the run's length, which the cosine schedule decays over.
   * @param isDecayed which parameters weight decay applies to (all when absent).
   */
  constructor(
    private readonly config: OptimizerConfig,
    parameterCount: number,
    private readonly numSteps: number,
    private readonly isDecayed?: Uint8Array,
  ) {
    this.firstMoment = new Float64Array(parameterCount);
    this.secondMoment = new Float64Array(parameterCount);
  }

  /**
   * Updates `parameters` in place from `gradient` (which it may overwrite).
   * @returns false when the step stopped being finite: a parameter, or Adam's second moment
   *   (a gradient entry whose square overflows freezes Adam silently), is no longer finite.
   */
  apply(parameters: Float64Array, gradient: Float64Array): boolean {
    const { config } = this;
    const rate = scheduledLearningRate(config.schedule, config.learningRate, this.stepCount,
      this.numSteps);
    this.stepCount += 1;
    if (config.weightDecay > 0) {
      for (let i = 0; i < gradient.length; i++) {
        if (!this.isDecayed || this.isDecayed[i]) {
          gradient[i]! += config.weightDecay * parameters[i]!;
        }
      }
    }

    if (config.kind === 'sgd') {
      const velocity = this.firstMoment;
      let total = 0;
      for (let i = 0; i < gradient.length; i++) {
        velocity[i] = config.momentum * velocity[i]! + gradient[i]!;
        parameters[i]! -= rate * velocity[i]!;
        total += parameters[i]!;
      }
      // Any infinite or NaN entry makes the sum non-finite.
      return Number.isFinite(total);
    }
    const { beta1, beta2, epsilon } = config;
    const firstCorrection = 1 / (1 - beta1 ** this.stepCount);
    const secondCorrection = 1 / (1 - beta2 ** this.stepCount);
    let total = 0;
    for (let i = 0; i < gradient.length; i++) {
      const g = gradient[i]!;
      const first = beta1 * this.firstMoment[i]! + (1 - beta1) * g;
      const second = beta2 * this.secondMoment[i]! + (1 - beta2) * g * g;
      this.firstMoment[i] = first;
      this.secondMoment[i] = second;
      parameters[i]! -= (rate * first * firstCorrection)
        / (Math.sqrt(second * secondCorrection) + epsilon);
      total += parameters[i]! + second;
    }
    // Any infinite or NaN entry makes the sum non-finite.
    return Number.isFinite(total);
  }
}
