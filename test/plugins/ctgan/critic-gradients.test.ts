/**
 * The hand-written critic gradients (plugins/ctgan/critic-gradients.ts) against tfjs autodiff of
 * the same critic (criticForward, tf.dropout, and tf.grad nested in tf.variableGrads for the
 * second-order WGAN-GP term), on wasm and cpu: the critic step's loss and its gradient w.r.t.
 * every critic weight, and the critic's scores and their input gradient.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/pick.js';
import { Rng } from '../../../src/random.js';
import { criticScores, criticStepGradients } from '../../../plugins/ctgan/critic-gradients.js';
import { buildNetworks, criticForward, criticVariables, disposeNetworks, type Critic } from '../../../plugins/ctgan/networks.js';
import { interpolate } from '../../../plugins/ctgan/train.js';
import { maxRelError as relativeError } from '../../support/tensor-error.js';

/** Critic gradients can be small: compare them on a scale of at least 1e-3. */
const maxRelError = (ours: tf.Tensor, ref: tf.Tensor): number => relativeError(ours, ref, 1e-3);

const LAMBDA = 10;
const SEEDS = { fake: 11, real: 22, penalty: 33 };

/** The critic step's loss with tfjs autodiff: mean D(fake) − mean D(real) + λ · penalty. */
function autodiffStep(c: Critic, fake: tf.Tensor2D, real: tf.Tensor2D, mixed: tf.Tensor2D): { w: number; grads: tf.NamedTensorMap } {
  let w = 0;
  const { value, grads } = tf.variableGrads(() => {
    const wasserstein = tf.sub(tf.mean(criticForward(c, fake, SEEDS.fake)), tf.mean(criticForward(c, real, SEEDS.real)));
    w = wasserstein.dataSync()[0]!;
    const grad = tf.grad((x: tf.Tensor) => tf.sum(criticForward(c, x as tf.Tensor2D, SEEDS.penalty)))(mixed);
    const perPack = tf.reshape(grad, [mixed.shape[0] / c.pac, -1]);
    const norm = tf.sqrt(tf.add(tf.sum(tf.square(perPack), 1), 1e-12));
    return tf.add(wasserstein, tf.mul(tf.mean(tf.square(tf.sub(norm, 1))), LAMBDA)) as tf.Scalar;
  }, criticVariables(c));
  value.dispose();
  return { w, grads };
}

describe.each(['wasm', 'cpu'] as const)('hand-written critic gradients on %s', (backend) => {
  for (const { hidden, pac } of [{ hidden: [16, 12], pac: 2 }, { hidden: [9], pac: 3 }, { hidden: [8, 7, 6], pac: 1 }]) {
    it(`match tfjs autodiff (critic ${hidden.join('x')}, pac ${pac})`, async () => {
      await initBackend(backend);
      const rng = new Rng(hidden.length * 10 + pac);
      const shape = { embeddingDim: 3, condDim: 2, dataDim: 5, generatorDims: [4], criticDims: hidden, pac };
      const { generator, critic } = buildNetworks(shape, [{ start: 0, width: 5, activation: 'softmax' }], rng);
      const rows = 6 * pac;
      const width = shape.dataDim + shape.condDim;
      tf.tidy(() => {
        const fake = tf.randomNormal([rows, width], 0, 1, 'float32', 1) as tf.Tensor2D;
        const real = tf.randomNormal([rows, width], 0.5, 1, 'float32', 2) as tf.Tensor2D;
        const mixed = interpolate(real, fake, pac, 3);
        const ours = criticStepGradients(critic, fake, real, mixed, SEEDS, LAMBDA);
        const ref = autodiffStep(critic, fake, real, mixed);
        expect(Math.abs(ours.wasserstein.dataSync()[0]! - ref.w)).toBeLessThan(1e-5);
        for (const v of criticVariables(critic)) {
          expect(maxRelError(ours.grads[v.name]!, ref.grads[v.name]!), v.name).toBeLessThan(1e-4);
        }
        // The scores and their input gradient.
        const dy = tf.randomNormal([rows / pac, 1], 0, 1, 'float32', 4);
        const f = (useOurs: boolean) => (x: tf.Tensor) => tf.sum(tf.mul(useOurs ? criticScores(critic, x as tf.Tensor2D, 55) : criticForward(critic, x as tf.Tensor2D, 55), dy));
        expect(maxRelError(criticScores(critic, fake, 55), criticForward(critic, fake, 55))).toBeLessThan(1e-5);
        expect(maxRelError(tf.grad(f(true))(fake), tf.grad(f(false))(fake))).toBeLessThan(1e-4);
      });
      disposeNetworks(generator, critic);
    });
  }
});
