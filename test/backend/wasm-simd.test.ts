/**
 * The WebAssembly SIMD loops (src/backend/kernels/wasm-simd.ts) give the very bits of the stock
 * wasm kernel chains they replace, on random inputs: FusedAdam's large-tensor path (with and without
 * weight decay and the running average, sizes that are and are not multiples of 4), and
 * BatchNormRelu and its gradient (channels a multiple of 4 take the loops, others the chain; one
 * row; a tabular block's 500x256 and an image block's 3136x32; ReLU edges at exactly 0), and
 * `Sum` over the rows against the stock wasm Sum.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/pick.js';
import { columnSum } from '../../src/backend/kernels/column-sum.js';
import { installCustomKernels, uninstallCustomKernel } from '../../src/backend/kernels/install.js';
import { simdLoopsFor } from '../../src/backend/kernels/wasm-simd.js';
import { BATCH_NORM_RELU, BATCH_NORM_RELU_GRAD, FUSED_ADAM, type FusedAdamAttrs } from '../../src/kernel-contracts.js';
import { Rng } from '../../src/random.js';

beforeAll(async () => {
  expect((await initBackend('wasm')).name).toBe('wasm');
});

/** Positions where two float32 arrays differ bit for bit. */
function bitDifferences(a: tf.Tensor, b: tf.Tensor): number {
  const x = new Uint32Array(Float32Array.from(a.dataSync()).buffer);
  const y = new Uint32Array(Float32Array.from(b.dataSync()).buffer);
  expect(x.length).toBe(y.length);
  let n = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) n++;
  return n;
}

function random(rng: Rng, shape: number[], positive = false): tf.Tensor {
  return tf.tensor(Float32Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => (positive ? rng.next() : rng.normal())), shape);
}

/** FusedAdam's former large-tensor path: one stock kernel per operation, float32 scalars. */
function adamChain(x: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, average: tf.Tensor | undefined, a: FusedAdamAttrs): tf.Tensor[] {
  const s = (value: number): tf.Scalar => tf.scalar(value);
  const grad = a.weightDecay !== 0 ? tf.add(g, tf.mul(x, s(a.weightDecay))) : g;
  const m1 = tf.add(tf.mul(m, s(a.beta1)), tf.mul(grad, s(1 - a.beta1)));
  const v1 = tf.add(tf.mul(v, s(a.beta2)), tf.mul(tf.square(grad), s(1 - a.beta2)));
  const denominator = tf.add(tf.sqrt(tf.mul(v1, s(1 / (1 - a.beta2 ** a.step)))), s(a.epsilon));
  const x1 = tf.sub(x, tf.div(tf.mul(m1, s(a.lr / (1 - a.beta1 ** a.step))), denominator));
  return average ? [x1, m1, v1, tf.add(tf.mul(average, s(a.averageDecay)), tf.mul(x1, s(1 - a.averageDecay)))] : [x1, m1, v1];
}

/** BatchNormRelu's former wasm kernels, one stock op each: [y, mean, variance] and [dx, dgamma, dbeta]. */
function batchNormChain(dy: tf.Tensor, x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number): { forward: tf.Tensor[]; backward: tf.Tensor[] } {
  const rows = x.shape[0]!;
  const mean = tf.mean(x, 0);
  const d = tf.sub(x, mean);
  const variance = tf.mean(tf.square(d), 0);
  const invStd = tf.rsqrt(tf.add(variance, tf.scalar(eps)));
  const scale = tf.mul(invStd, gamma);
  const pre = tf.add(tf.mul(d, scale), beta);
  const g = tf.mul(dy, tf.step(pre, 0));
  const xhat = tf.mul(d, invStd);
  const dbeta = tf.sum(g, 0);
  const dgamma = tf.sum(tf.mul(g, xhat), 0);
  const inv = tf.scalar(1 / rows);
  const dx = tf.mul(scale, tf.sub(tf.sub(g, tf.mul(dbeta, inv)), tf.mul(xhat, tf.mul(dgamma, inv))));
  return { forward: [tf.relu(pre), mean, variance], backward: [dx, dgamma, dbeta] };
}

describe('WebAssembly SIMD loops', () => {
  it('load on the wasm backend', () => {
    expect(simdLoopsFor(tf.backend())).not.toBeNull();
  });

  it('FusedAdam on large tensors gives the bits of the stock kernel chain', () => {
    const rng = new Rng(11);
    const failures: string[] = [];
    for (const shape of [[130, 130], [130, 131], [16385], [1320, 256]]) {
      for (const weightDecay of [0, 1e-6]) {
        for (const withAverage of [false, true]) {
          tf.tidy(() => {
            const [x, g, m] = [random(rng, shape), random(rng, shape), random(rng, shape)];
            const v = random(rng, shape, true);
            const average = withAverage ? random(rng, shape) : undefined;
            const attrs: FusedAdamAttrs = { lr: 2e-4, beta1: 0.6, beta2: 0.9, epsilon: 1e-8, weightDecay, step: 1 + rng.int(50), averageDecay: withAverage ? 0.97 : 0 };
            const fused = tf.engine().runKernel(FUSED_ADAM, { x, g, m, v, ...(average ? { average } : {}) }, attrs) as tf.Tensor[];
            const chain = adamChain(x, g, m, v, average, attrs);
            const diffs = fused.map((t, i) => bitDifferences(t, chain[i]!));
            if (diffs.some((d) => d > 0)) failures.push(`${JSON.stringify({ shape, weightDecay, withAverage })}: ${diffs.join(',')}`);
          });
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('BatchNormRelu and its gradient give the bits of the stock kernel chain', () => {
    const rng = new Rng(12);
    const failures: string[] = [];
    for (const [rows, ch] of [[500, 256], [9, 8], [1, 4], [7, 5], [3136, 32], [64, 12]] as const) {
      tf.tidy(() => {
        const x = random(rng, [rows, ch]);
        // Rows equal to the column mean in a few columns: pre-ReLU values of exactly beta.
        const gamma = tf.tensor1d(Float32Array.from({ length: ch }, (_, c) => (c % 3 === 0 ? 0 : 1 + rng.normal() * 0.5)));
        const beta = tf.tensor1d(Float32Array.from({ length: ch }, (_, c) => (c % 3 === 0 ? 0 : rng.normal())));
        const dy = random(rng, [rows, ch]);
        const eps = 1e-5;
        const chain = batchNormChain(dy, x, gamma, beta, eps);
        const forward = tf.engine().runKernel(BATCH_NORM_RELU, { x, gamma, beta }, { epsilon: eps }) as tf.Tensor[];
        const saved = tf.engine().runKernel(BATCH_NORM_RELU_GRAD, { dy, x, gamma, beta, mean: forward[1]!, variance: forward[2]! }, { epsilon: eps }) as tf.Tensor[];
        const recomputed = tf.engine().runKernel(BATCH_NORM_RELU_GRAD, { dy, x, gamma, beta }, { epsilon: eps }) as tf.Tensor[];
        const diffs = [...forward.map((t, i) => bitDifferences(t, chain.forward[i]!)), ...[...saved, ...recomputed].map((t, i) => bitDifferences(t, chain.backward[i % 3]!))];
        if (diffs.some((d) => d > 0)) failures.push(`[${rows}, ${ch}]: ${diffs.join(',')}`);
      });
    }
    expect(failures).toEqual([]);
  });

  it('Sum over the rows gives the bits of the stock wasm Sum (and leaves other reductions to it)', () => {
    const shapes = [[500, 256], [1, 8], [9, 76], [5, 6], [4, 3, 8]];
    const sums = (): Float32Array[] =>
      shapes.flatMap((shape, i) => {
        const x = random(new Rng(13 + i), shape);
        const out = [tf.sum(x, 0), tf.sum(x, 0, true), tf.sum(x, -1), tf.sum(x)].map((t) => Float32Array.from(t.dataSync()));
        x.dispose();
        return out;
      });
    const ours = sums();
    uninstallCustomKernel(columnSum, 'wasm');
    try {
      const stock = sums();
      expect(ours.map((o, i) => bitDifferences(tf.tensor(o), tf.tensor(stock[i]!)))).toEqual(ours.map(() => 0));
    } finally {
      installCustomKernels('wasm', [columnSum]);
    }
  });
});
