/**
 * Softmax cross-entropy through a linear head, with gradients written by hand.
 *
 * For outputs `h` (`rows x width`) and a head `V` (`(width + 1) x classes`, the last row the
 * bias), logits are `[h, 1] V` and the loss is the mean over rows of
 * `log sum_c exp(logit_c) - logit_label`.
 */
import * as tf from '@tensorflow/tfjs';

/** The loss (when asked for) and the gradients with respect to the outputs and the head. */
export interface CrossEntropyResult {
  readonly loss?: tf.Scalar;
  /** Gradient with respect to the outputs, `rows x width`. */
  readonly outputGradient: tf.Tensor2D;
  /** Gradient with respect to the head, `(width + 1) x classes`. */
  readonly headGradient: tf.Tensor2D;
}

/**
 * Evaluates the loss and its gradients; call inside `tf.tidy`. `labels[r mod labels.length]` is
 * row r's class, so the stacked views of one batch can share one label array.
 */
export function crossEntropy(
  outputs: tf.Tensor2D,
  head: tf.Tensor2D,
  labels: ArrayLike<number>,
  wantsLoss: boolean,
): CrossEntropyResult {
  const [rows, width] = outputs.shape;
  const numClasses = head.shape[1];
  if (head.shape[0] !== width + 1) {
    throw new RangeError(`crossEntropy: head has ${head.shape[0]} rows, need ${width + 1}`);
  }
  const targets = new Float32Array(rows * numClasses);
  for (let r = 0; r < rows; r++) targets[r * numClasses + labels[r % labels.length]!] = 1;
  const oneHot = tf.tensor2d(targets, [rows, numClasses]);

  const augmented = tf.concat([outputs, tf.ones([rows, 1])], 1) as tf.Tensor2D;
  const logits = tf.matMul(augmented, head);
  // d(mean loss)/d logits = (softmax - onehot) / rows. Explicit transposes: matMul's
  // transpose flags are many times slower on the wasm backend.
  const logitGradient = tf.mul(tf.sub(tf.softmax(logits), oneHot), 1 / rows) as tf.Tensor2D;
  const headGradient = tf.matMul(tf.transpose(augmented), logitGradient) as tf.Tensor2D;
  const weightsT = tf.transpose(tf.slice(head, [0, 0], [width, numClasses]));
  const outputGradient = tf.matMul(logitGradient, weightsT) as tf.Tensor2D;

  if (!wantsLoss) return { outputGradient, headGradient };
  const perRow = tf.sub(tf.logSumExp(logits, 1), tf.sum(tf.mul(logits, oneHot), 1));
  return { loss: tf.mean(perRow) as tf.Scalar, outputGradient, headGradient };
}
