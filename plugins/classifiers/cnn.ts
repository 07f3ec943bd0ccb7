/**
 * A small convolutional classifier for image columns, the image counterpart of the tabular
 * baselines: Conv 3x3/2 (16) -> ReLU -> Conv 3x3/2 (32) -> ReLU -> Dense(classes), Adam (lr 1e-3),
 * mini-batches of min(64, rows). Small on purpose: the evaluator trains it once per fold and
 * method on a 2-core CPU. Initial weights and batch order come from the Rng, so a fit is
 * reproducible; sample weights scale each row's loss.
 */
import * as tf from '@tensorflow/tfjs';
import type { Classifier, ClassifierFactory, ClassifierFitOptions, Matrix, ParamDeclarations } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';
import { parseDeclaredParams } from '../../src/plugin-params.js';
import type { Rng } from '../../src/random.js';

export interface CnnParams {
  /** Passes over the data; raised when needed so a fit runs at least `minSteps` batches. */
  readonly epochs: number;
  readonly minSteps: number;
  /** Channels of the first conv (the second has twice as many). */
  readonly filters: number;
  readonly learningRate: number;
  readonly batchSize: number;
}

const DEFAULTS: CnnParams = { epochs: 10, minSteps: 150, filters: 16, learningRate: 1e-3, batchSize: 64 };

interface Weights {
  conv1: tf.Variable;
  b1: tf.Variable;
  conv2: tf.Variable;
  b2: tf.Variable;
  dense: tf.Variable;
  b3: tf.Variable;
}

class CnnClassifier implements Classifier {
  readonly name = 'cnn';
  private weights: Weights | undefined;
  private shape: readonly [number, number, number] | undefined;

  constructor(private readonly params: CnnParams = DEFAULTS) {}

  async fit(x: Matrix, y: Int32Array, options: ClassifierFitOptions): Promise<void> {
    this.dispose();
    const shape = imageShapeOf(x);
    this.shape = shape;
    const [h, w, c] = shape;
    const k = options.classCount;
    const f = this.params.filters;
    const rng = options.rng;
    const flat = Math.ceil(Math.ceil(h / 2) / 2) * Math.ceil(Math.ceil(w / 2) / 2) * 2 * f;
    // tidy releases the initial tensors (a variable made from a tensor otherwise leaves it counted).
    const weights: Weights = tf.tidy(() => ({
      conv1: tf.variable(heNormal([3, 3, c, f], 9 * c, rng.fork('conv1'))),
      b1: tf.variable(tf.zeros([f])),
      conv2: tf.variable(heNormal([3, 3, f, 2 * f], 9 * f, rng.fork('conv2'))),
      b2: tf.variable(tf.zeros([2 * f])),
      dense: tf.variable(heNormal([flat, k], flat, rng.fork('dense'), 1)),
      b3: tf.variable(tf.zeros([k])),
    }));
    this.weights = weights;
    const vars = Object.values(weights);
    const sampleWeight = options.sampleWeight ?? new Float32Array(x.rows).fill(1);
    const xAll = tf.tensor4d(x.data, [x.rows, h, w, c]);
    const yAll = tf.tidy(() => tf.oneHot(tf.tensor1d(y, 'int32'), k).toFloat());
    const wAll = tf.tensor1d(sampleWeight);
    const optimizer = tf.train.adam(this.params.learningRate);
    const batchSize = Math.min(this.params.batchSize, x.rows);
    const stepsPerEpoch = Math.ceil(x.rows / batchSize);
    const epochs = Math.max(this.params.epochs, Math.ceil(this.params.minSteps / stepsPerEpoch));
    const order = rng.fork('batches');
    try {
      for (let epoch = 0; epoch < epochs; epoch++) {
        const perm = order.permutation(x.rows);
        for (let start = 0; start < x.rows; start += batchSize) {
          const idx = perm.subarray(start, Math.min(x.rows, start + batchSize));
          tf.tidy(() => {
            const at = tf.tensor1d(idx, 'int32');
            const xb = tf.gather(xAll, at) as tf.Tensor4D;
            const yb = tf.gather(yAll, at);
            const wb = tf.gather(wAll, at);
            optimizer.minimize(() => {
              const ce = tf.neg(tf.sum(tf.mul(yb, tf.logSoftmax(this.logits(xb))), 1));
              return tf.div(tf.sum(tf.mul(ce, wb)), tf.maximum(tf.sum(wb), 1e-12)) as tf.Scalar;
            }, false, vars);
          });
        }
      }
    } finally {
      xAll.dispose();
      yAll.dispose();
      wAll.dispose();
      optimizer.dispose();
    }
  }

  async predictProba(x: Matrix): Promise<Float32Array> {
    if (!this.weights || !this.shape) throw new Error('cnn: predictProba before fit');
    const [h, w, c] = this.shape;
    if (x.cols !== h * w * c) {
      throw new GanAugmentError('data', `cnn: rows have ${x.cols} values, but the classifier was fitted on ${h}x${w}x${c} images.`);
    }
    const out = new Float32Array(x.rows * (this.weights.b3.shape[0] as number));
    const chunk = 512;
    let at = 0;
    for (let start = 0; start < x.rows; start += chunk) {
      const m = Math.min(chunk, x.rows - start);
      const probs = tf.tidy(() => tf.softmax(this.logits(tf.tensor4d(x.data.subarray(start * x.cols, (start + m) * x.cols), [m, h, w, c]))));
      const values = probs.dataSync() as Float32Array;
      out.set(values, at);
      at += values.length;
      probs.dispose();
    }
    return out;
  }

  dispose(): void {
    if (!this.weights) return;
    for (const v of Object.values(this.weights)) v.dispose();
    this.weights = undefined;
  }

  private logits(x: tf.Tensor4D): tf.Tensor2D {
    const wt = this.weights!;
    let h = tf.relu(tf.add(tf.conv2d(x, wt.conv1 as tf.Tensor4D, 2, 'same'), wt.b1)) as tf.Tensor4D;
    h = tf.relu(tf.add(tf.conv2d(h, wt.conv2 as tf.Tensor4D, 2, 'same'), wt.b2)) as tf.Tensor4D;
    return tf.add(tf.matMul(tf.reshape(h, [x.shape[0], -1]), wt.dense), wt.b3) as tf.Tensor2D;
  }
}

/** The matrix's image shape; a square single-channel shape when absent and the row length is a square. */
function imageShapeOf(x: Matrix): readonly [number, number, number] {
  if (x.imageShape) {
    const [h, w, c] = x.imageShape;
    if (h * w * c !== x.cols) throw new GanAugmentError('data', `cnn: image shape ${h}x${w}x${c} does not match rows of ${x.cols} values.`);
    return x.imageShape;
  }
  const side = Math.round(Math.sqrt(x.cols));
  if (side * side === x.cols) return [side, side, 1];
  throw new GanAugmentError('data', `cnn: rows of ${x.cols} values carry no image shape.`, {
    hint: "The cnn classifier is for image columns; use 'logistic', 'mlp' or 'forest' for tabular data.",
  });
}

/** He-normal init from the Rng (gain 2 for ReLU layers, 1 for the output layer). */
function heNormal(shape: number[], fanIn: number, rng: Rng, gain = 2): tf.Tensor {
  const std = Math.sqrt(gain / fanIn);
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = rng.normal() * std;
  return tf.tensor(values, shape);
}

const PARAMS = {
  epochs: { type: 'integer', default: DEFAULTS.epochs, min: 1, help: 'training epochs (raised to reach min_steps)' },
  minSteps: { type: 'integer', default: DEFAULTS.minSteps, min: 1, help: 'optimizer steps at least' },
  filters: { type: 'integer', default: DEFAULTS.filters, min: 1, help: 'channels of the first conv (doubled in the second)' },
  learningRate: { type: 'number', name: 'learning_rate', default: DEFAULTS.learningRate, min: 0, minOpen: true, max: 1, maxOpen: true, help: 'Adam learning rate' },
  batchSize: { type: 'integer', default: DEFAULTS.batchSize, min: 1, help: 'images per step at most' },
} as const satisfies ParamDeclarations;

export const cnnFactory: ClassifierFactory = {
  name: 'cnn',
  description: 'Small convolutional network for image columns (two 3x3 stride-2 convs, TensorFlow.js), Adam; honours sample weights.',
  input: 'image',
  params: PARAMS,
  create(params) {
    return new CnnClassifier(parseDeclaredParams('cnn', PARAMS, params));
  },
};
