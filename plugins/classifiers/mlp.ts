/**
 * A one-hidden-layer perceptron (64 ReLU units, softmax output) in TensorFlow.js, shaped like the
 * anchors' `MLPClassifier((64,), early_stopping=True)`: Adam (lr 1e-3), L2 1e-4, mini-batches of
 * min(200, rows), early stopping on a seeded 10% validation split (patience 10 epochs, best weights
 * restored). Initial weights, the validation split and batch order all come from the Rng, so a fit is
 * reproducible; sample weights scale each row's loss.
 */
import * as tf from '@tensorflow/tfjs';
import type { Classifier, ClassifierFactory, ClassifierFitOptions, Matrix, ParamDeclarations } from '../../src/contracts.js';
import { parseDeclaredParams } from '../../src/plugin-params.js';
import type { Rng } from '../../src/random.js';

export interface MlpParams {
  readonly hidden: number;
  readonly maxEpochs: number;
  readonly learningRate: number;
  readonly l2: number;
  readonly patience: number;
  readonly validationFraction: number;
}

const DEFAULTS: MlpParams = { hidden: 64, maxEpochs: 300, learningRate: 1e-3, l2: 1e-4, patience: 10, validationFraction: 0.1 };

const PARAMS = {
  hidden: { type: 'integer', default: DEFAULTS.hidden, min: 1, help: 'units of the one hidden layer' },
  maxEpochs: { type: 'integer', name: 'max_iter', default: DEFAULTS.maxEpochs, min: 1, help: 'epochs at most (early stopping usually ends sooner)' },
} as const satisfies ParamDeclarations;

interface Weights {
  w1: tf.Variable;
  b1: tf.Variable;
  w2: tf.Variable;
  b2: tf.Variable;
}

class MlpClassifier implements Classifier {
  readonly name = 'mlp';
  private weights: Weights | undefined;
  /** Epochs the last fit ran (for tests and diagnostics). */
  epochsRun = 0;

  constructor(private readonly params: MlpParams = DEFAULTS) {}

  async fit(x: Matrix, y: Int32Array, options: ClassifierFitOptions): Promise<void> {
    this.dispose();
    const k = options.classCount;
    const rng = options.rng;
    const { hidden } = this.params;
    // tf.variable copies its initial value: build the initial tensors inside tidy so they are freed.
    const weights: Weights = tf.tidy(() => ({
      w1: tf.variable(glorot(x.cols, hidden, rng.fork('w1'))),
      b1: tf.variable(tf.zeros([hidden])),
      w2: tf.variable(glorot(hidden, k, rng.fork('w2'))),
      b2: tf.variable(tf.zeros([k])),
    }));
    this.weights = weights;
    const sampleWeight = options.sampleWeight ?? new Float32Array(x.rows).fill(1);

    // Seeded validation split (only when it leaves a usable validation set).
    const order = rng.fork('validation').permutation(x.rows);
    const valCount = Math.floor(x.rows * this.params.validationFraction);
    const useValidation = valCount >= 2 && x.rows - valCount >= 2;
    const valRows = useValidation ? order.subarray(0, valCount) : new Int32Array(0);
    const trainRows = useValidation ? order.subarray(valCount) : order;

    const xAll = tf.tensor2d(x.data, [x.rows, x.cols]);
    const yAll = tf.tidy(() => tf.oneHot(tf.tensor1d(y, 'int32'), k).toFloat());
    const wAll = tf.tensor1d(sampleWeight);
    const optimizer = tf.train.adam(this.params.learningRate);
    const batchSize = Math.min(200, trainRows.length);
    const shuffle = rng.fork('batches');
    let best = Infinity;
    let bestSnapshot: tf.Tensor[] | undefined;
    let stale = 0;
    const vars = [weights.w1, weights.b1, weights.w2, weights.b2];
    const valIdx = useValidation ? tf.tensor1d(valRows, 'int32') : undefined;
    try {
      for (let epoch = 0; epoch < this.params.maxEpochs; epoch++) {
        this.epochsRun = epoch + 1;
        const perm = shuffle.permutation(trainRows.length);
        for (let start = 0; start < trainRows.length; start += batchSize) {
          const end = Math.min(trainRows.length, start + batchSize);
          const idx = new Int32Array(end - start);
          for (let i = start; i < end; i++) idx[i - start] = trainRows[perm[i]!]!;
          tf.tidy(() => {
            const bi = tf.tensor1d(idx, 'int32');
            const xb = tf.gather(xAll, bi);
            const yb = tf.gather(yAll, bi);
            const wb = tf.gather(wAll, bi);
            optimizer.minimize(() => this.loss(xb, yb, wb, true), false, vars);
          });
        }
        if (!valIdx) continue;
        const valLoss = tf.tidy(() => this.loss(tf.gather(xAll, valIdx), tf.gather(yAll, valIdx), tf.gather(wAll, valIdx), false).dataSync()[0]!);
        if (valLoss < best - 1e-4) {
          best = valLoss;
          stale = 0;
          bestSnapshot?.forEach((t) => t.dispose());
          bestSnapshot = vars.map((v) => v.clone());
        } else if (++stale >= this.params.patience) {
          break;
        }
      }
      if (bestSnapshot) vars.forEach((v, i) => v.assign(bestSnapshot![i]!));
    } finally {
      bestSnapshot?.forEach((t) => t.dispose());
      valIdx?.dispose();
      xAll.dispose();
      yAll.dispose();
      wAll.dispose();
      optimizer.dispose();
    }
  }

  async predictProba(x: Matrix): Promise<Float32Array> {
    const weights = this.weights;
    if (!weights) throw new Error('mlp: predictProba before fit');
    const probs = tf.tidy(() => tf.softmax(this.logits(tf.tensor2d(x.data, [x.rows, x.cols]))));
    const out = (await probs.data()) as Float32Array;
    probs.dispose();
    return Float32Array.from(out);
  }

  dispose(): void {
    if (!this.weights) return;
    for (const v of Object.values(this.weights)) v.dispose();
    this.weights = undefined;
  }

  private logits(x: tf.Tensor2D): tf.Tensor2D {
    const w = this.weights!;
    const h = tf.relu(tf.add(tf.matMul(x, w.w1), w.b1));
    return tf.add(tf.matMul(h, w.w2), w.b2) as tf.Tensor2D;
  }

  /** Weighted mean cross-entropy, plus the L2 penalty when training. */
  private loss(x: tf.Tensor, y: tf.Tensor, w: tf.Tensor, penalty: boolean): tf.Scalar {
    const logits = this.logits(x as tf.Tensor2D);
    const ce = tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(logits)), 1));
    const data = tf.div(tf.sum(tf.mul(ce, w)), tf.maximum(tf.sum(w), 1e-12)) as tf.Scalar;
    if (!penalty) return data;
    const weights = this.weights!;
    const l2 = tf.mul(this.params.l2 / 2, tf.add(tf.sum(tf.square(weights.w1)), tf.sum(tf.square(weights.w2))));
    return tf.add(data, tf.div(l2, x.shape[0]!)) as tf.Scalar;
  }
}

/** Glorot-uniform init drawn from the Rng (not tfjs's seeded ops, whose streams depend on the backend). */
function glorot(fanIn: number, fanOut: number, rng: Rng): tf.Tensor2D {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const values = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < values.length; i++) values[i] = (rng.next() * 2 - 1) * limit;
  return tf.tensor2d(values, [fanIn, fanOut]);
}

export const mlpFactory: ClassifierFactory = {
  name: 'mlp',
  description: 'One hidden layer of 64 ReLU units (TensorFlow.js), Adam, early stopping on a seeded 10% validation split; honours sample weights.',
  input: 'tabular',
  params: PARAMS,
  create(params) {
    return new MlpClassifier({ ...DEFAULTS, ...parseDeclaredParams('mlp', PARAMS, params) });
  },
};
