/**
 * The WGAN-GP gradient penalty (a second-order gradient through LeakyReLU) on the patched wasm
 * backend and on cpu, against an independent float64 computation: the penalty and its input
 * gradient analytically, its gradient w.r.t. every weight by central finite differences.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/pick.js';
import { Rng } from '../../src/random.js';

const N = 6; // batch
const D = 3; // input features
const H = 5; // hidden units
const ALPHA = 0.2; // LeakyReLU slope

interface Params { w1: Float64Array; b1: Float64Array; w2: Float64Array; b2: Float64Array; w3: Float64Array; b3: Float64Array }
const SHAPES: Record<keyof Params, number[]> = { w1: [D, H], b1: [H], w2: [H, H], b2: [H], w3: [H, 1], b3: [1] };
/** b3 shifts the critic's output only, so the penalty does not depend on it (checked below). */
const NAMES = (Object.keys(SHAPES) as Array<keyof Params>).filter((n) => n !== 'b3');

function randomParams(rng: Rng): Params {
  const make = (n: number): Float64Array => Float64Array.from({ length: n }, () => rng.normal() * 0.7);
  return { w1: make(D * H), b1: make(H), w2: make(H * H), b2: make(H), w3: make(H), b3: make(1) };
}

/** float64: mean over rows of (‖∂critic/∂x̂‖₂ − 1)², x̂ = ε·real + (1 − ε)·fake. */
function penalty64(p: Params, real: Float64Array, fake: Float64Array, eps: Float64Array): number {
  let total = 0;
  for (let n = 0; n < N; n++) {
    const x = Array.from({ length: D }, (_, d) => eps[n]! * real[n * D + d]! + (1 - eps[n]!) * fake[n * D + d]!);
    const z1 = Array.from({ length: H }, (_, j) => p.b1[j]! + x.reduce((s, xv, d) => s + xv * p.w1[d * H + j]!, 0));
    const a1 = z1.map((v) => (v > 0 ? v : ALPHA * v));
    const z2 = Array.from({ length: H }, (_, j) => p.b2[j]! + a1.reduce((s, av, i) => s + av * p.w2[i * H + j]!, 0));
    // Backward to the input: g_z2 = w3 ⊙ lrelu'(z2), g_a1 = W2·g_z2, g_z1 = g_a1 ⊙ lrelu'(z1), g_x = W1·g_z1.
    const gz2 = z2.map((v, j) => p.w3[j]! * (v > 0 ? 1 : ALPHA));
    const ga1 = Array.from({ length: H }, (_, i) => gz2.reduce((s, g, j) => s + g * p.w2[i * H + j]!, 0));
    const gz1 = ga1.map((g, i) => g * (z1[i]! > 0 ? 1 : ALPHA));
    const gx = Array.from({ length: D }, (_, d) => gz1.reduce((s, g, j) => s + g * p.w1[d * H + j]!, 0));
    const norm = Math.sqrt(gx.reduce((s, g) => s + g * g, 0));
    total += (norm - 1) ** 2;
  }
  return total / N;
}

function penaltyTf(weights: tf.Tensor[], real: tf.Tensor2D, fake: tf.Tensor2D, eps: tf.Tensor2D): tf.Scalar {
  const [w1, b1, w2, b2, w3] = weights as [tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D, tf.Tensor2D];
  const b3 = tf.scalar(0.3);
  const critic = (x: tf.Tensor): tf.Tensor => {
    const h1 = tf.leakyRelu(tf.add(tf.matMul(x as tf.Tensor2D, w1), b1), ALPHA);
    const h2 = tf.leakyRelu(tf.add(tf.matMul(h1 as tf.Tensor2D, w2), b2), ALPHA);
    return tf.add(tf.matMul(h2 as tf.Tensor2D, w3), b3);
  };
  const xHat = tf.add(tf.mul(eps, real), tf.mul(tf.sub(1, eps), fake));
  const gx = tf.grad((x: tf.Tensor) => tf.sum(critic(x)))(xHat);
  const norm = tf.sqrt(tf.sum(tf.square(gx), 1));
  return tf.mean(tf.square(tf.sub(norm, 1)));
}

describe.each(['wasm', 'cpu'] as const)('WGAN-GP gradient penalty on %s', (backend) => {
  it('matches a float64 reference for the penalty and its gradient w.r.t. every weight', async () => {
    const info = await initBackend(backend);
    expect(info.name).toBe(backend);
    const rng = new Rng(11);
    const p = randomParams(rng);
    const real = Float64Array.from({ length: N * D }, () => rng.normal());
    const fake = Float64Array.from({ length: N * D }, () => rng.normal());
    const eps = Float64Array.from({ length: N }, () => rng.next());
    p.b3[0] = 0.3;
    const expected = penalty64(p, real, fake, eps);
    p.b3[0] = 5;
    expect(penalty64(p, real, fake, eps)).toBe(expected);
    p.b3[0] = 0.3;

    let value = 0;
    let grads: Float64Array[] = [];
    tf.tidy(() => {
      const weights = NAMES.map((name) => tf.tensor(Float32Array.from(p[name]), SHAPES[name]));
      const r = tf.tensor2d(Float32Array.from(real), [N, D]);
      const f = tf.tensor2d(Float32Array.from(fake), [N, D]);
      const e = tf.tensor2d(Float32Array.from(eps), [N, 1]);
      const { value: v, grads: g } = tf.valueAndGrads((...ws: tf.Tensor[]) => penaltyTf(ws, r, f, e))(weights);
      value = v.dataSync()[0]!;
      grads = g.map((t) => Float64Array.from(t.dataSync()));
    });
    expect(Math.abs(value - expected)).toBeLessThanOrEqual(1e-5 * Math.max(1, expected));

    const h = 1e-6;
    for (const [k, name] of NAMES.entries()) {
      const params = p[name];
      for (let i = 0; i < params.length; i++) {
        const keep = params[i]!;
        params[i] = keep + h;
        const up = penalty64(p, real, fake, eps);
        params[i] = keep - h;
        const down = penalty64(p, real, fake, eps);
        params[i] = keep;
        const numeric = (up - down) / (2 * h);
        expect(Math.abs(grads[k]![i]! - numeric), `${name}[${i}] ${grads[k]![i]} vs ${numeric}`).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(numeric)));
      }
    }
  });
});
