import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/pick.js';
import { DcganAdam } from '../../../plugins/dcgan/adam.js';
import { fusedAdam } from '../../../src/backend/kernels/adam-update.js';
import { installCustomKernels, uninstallCustomKernel } from '../../../src/backend/kernels/install.js';

describe('dcgan DcganAdam', () => {
  beforeAll(async () => {
    await initBackend('auto');
  });

  it('takes the same steps as tf.train.adam (lr 5e-4, betas 0.5 / 0.999)', () => {
    const start = [0.3, -1.2, 2, 0.01, -0.4, 1.5];
    const target = tf.tensor1d([1, 0, -1, 2, 0.5, -2]);
    const loss = (v: tf.Variable) => (): tf.Scalar => tf.sum(tf.square(tf.sub(tf.mul(v, v), target)));
    const ours = tf.variable(tf.tensor1d(start), true, 'dcgan-adam-test.ours');
    const theirs = tf.variable(tf.tensor1d(start), true, 'dcgan-adam-test.theirs');
    const opt = new DcganAdam([ours], { lr: 5e-4, beta1: 0.5, beta2: 0.999 });
    const reference = tf.train.adam(5e-4, 0.5, 0.999);
    for (let i = 0; i < 50; i++) {
      opt.minimize(loss(ours)).dispose();
      reference.minimize(loss(theirs), false, [theirs]);
    }
    const a = ours.dataSync();
    const b = theirs.dataSync();
    for (let i = 0; i < start.length; i++) {
      expect(a[i]).not.toBeCloseTo(start[i]!, 3);
      expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-5);
    }
    opt.dispose();
    reference.dispose();
    tf.dispose([ours, theirs, target]);
  });

  it('gives the same steps without the fused kernel (the stock-op fallback)', () => {
    const run = (): Float32Array => {
      const v = tf.variable(tf.tensor2d([[0.5, -1], [2, 0.25]]), true, `dcgan-adam-test.fallback${tf.getKernel('FusedAdam', tf.getBackend()) ? 'F' : 'S'}`);
      const opt = new DcganAdam([v], { lr: 1e-2, beta1: 0.5, beta2: 0.999 });
      for (let i = 0; i < 20; i++) opt.minimize(() => tf.sum(tf.pow(v, 4))).dispose();
      const out = v.dataSync().slice() as Float32Array;
      opt.dispose();
      v.dispose();
      return out;
    };
    const backend = tf.getBackend();
    const fused = run();
    uninstallCustomKernel(fusedAdam, backend);
    try {
      expect(tf.getKernel('FusedAdam', backend)).toBeUndefined();
      const stock = run();
      for (let i = 0; i < fused.length; i++) expect(Math.abs(fused[i]! - stock[i]!)).toBeLessThan(1e-5);
    } finally {
      installCustomKernels(backend, [fusedAdam]);
    }
    expect(tf.getKernel('FusedAdam', backend)).toBeDefined();
  });

  it('releases every tensor it makes per step', () => {
    const v = tf.variable(tf.ones([4, 3]), true, 'dcgan-adam-test.leak');
    const opt = new DcganAdam([v], { lr: 1e-3, beta1: 0.5, beta2: 0.999 });
    opt.minimize(() => tf.sum(tf.square(v))).dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) opt.minimize(() => tf.sum(tf.square(v))).dispose();
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
    v.dispose();
  });
});
