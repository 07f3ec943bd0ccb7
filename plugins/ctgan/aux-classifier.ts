/**
 * The auxiliary classifier of the generator loss (Engelmann & Lessmann 2021; CTAB-GAN+): a
 * multinomial logistic regression fitted once on the real training rows, in the generator's own
 * output encoding, and then frozen. Its cross-entropy on generated rows against the requested class
 * is added to the generator's loss, so a row asked for as the minority is pushed out of the region
 * where the real rows are mostly another class. The loss is clamped from below per row: a row the
 * classifier already gives its class confidently gets no push, which keeps the generator from
 * collapsing onto the classifier's most extreme region.
 */
import * as tf from '@tensorflow/tfjs';

export interface AuxClassifier {
  /** dataDim x classCount. */
  readonly weights: tf.Tensor2D;
  readonly bias: tf.Tensor1D;
  readonly classCount: number;
  /** Weight of the loss in the generator's objective. */
  readonly weight: number;
  /** Per-row floor of the cross-entropy. */
  readonly floor: number;
}

/** Full-batch Adam iterations of the fit; the problem is convex, so a fixed count from zeros is deterministic and enough. */
const FIT_ITERATIONS = 200;
const FIT_LR = 0.05;
/** L2 penalty on the weights (keeps one-hot columns seen in a handful of rows from dominating). */
const L2 = 1e-3;

/**
 * Fit on `matrix` (rows * dataDim, the encoded real rows) with class-balanced weights, so the
 * minority's region is not swallowed by the majority prior.
 *
 * @example
 * const aux = fitAuxClassifier(encoded, data.labels, dataDim, classes.length, { weight: 0.5, floor: 0.29 });
 */
export function fitAuxClassifier(
  matrix: Float32Array,
  labels: Int32Array,
  dataDim: number,
  classCount: number,
  settings: { readonly weight: number; readonly floor: number },
): AuxClassifier {
  const rows = labels.length;
  const counts = new Array<number>(classCount).fill(0);
  for (const l of labels) counts[l]! += 1;
  const present = counts.filter((c) => c > 0).length;
  const rowWeight = Float32Array.from(labels, (l) => rows / (present * counts[l]!));
  const weights = tf.variable(tf.zeros([dataDim, classCount]), true);
  const bias = tf.variable(tf.zeros([classCount]), true);
  const optimizer = tf.train.adam(FIT_LR);
  tf.tidy(() => {
    const x = tf.tensor2d(matrix, [rows, dataDim]);
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), classCount).toFloat();
    const w = tf.tensor1d(rowWeight);
    for (let i = 0; i < FIT_ITERATIONS; i++) {
      optimizer.minimize(() => {
        const ce = tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(tf.add(tf.matMul(x, weights), bias))), 1));
        return tf.add(tf.div(tf.sum(tf.mul(ce, w)), rows), tf.mul(L2, tf.sum(tf.square(weights)))) as tf.Scalar;
      });
    }
  });
  optimizer.dispose();
  const out = { weights: tf.clone(weights) as tf.Tensor2D, bias: tf.clone(bias) as tf.Tensor1D, classCount, weight: settings.weight, floor: settings.floor };
  weights.dispose();
  bias.dispose();
  return out;
}

/**
 * weight * mean over rows of max(floor, cross-entropy of the requested class); `fake` are activated
 * generator rows, `classTarget` the requested classes one-hot (batch x classCount).
 */
export function auxiliaryLoss(aux: AuxClassifier, fake: tf.Tensor2D, classTarget: tf.Tensor2D): tf.Scalar {
  const logProb = tf.logSoftmax(tf.add(tf.matMul(fake, aux.weights), aux.bias));
  const ce = tf.neg(tf.sum(tf.mul(classTarget, logProb), 1));
  return tf.mul(aux.weight, tf.mean(tf.maximum(ce, aux.floor))) as tf.Scalar;
}

/** Class probabilities of encoded rows (for tests and diagnostics). */
export function auxProbabilities(aux: AuxClassifier, rows: Float32Array, dataDim: number): Float32Array {
  return tf.tidy(() => tf.softmax(tf.add(tf.matMul(tf.tensor2d(rows, [rows.length / dataDim, dataDim]), aux.weights), aux.bias)).dataSync() as Float32Array);
}

export function disposeAuxClassifier(aux: AuxClassifier): void {
  aux.weights.dispose();
  aux.bias.dispose();
}
