import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/pick.js';
import { batchNormRelu } from '../../../src/backend/kernels/batch-norm-relu.js';
import { installCustomKernels, uninstallCustomKernel } from '../../../src/backend/kernels/install.js';
import { Rng } from '../../../src/random.js';
import { generatorGradients } from '../../../plugins/dcgan/generator-backward.js';
import { buildNetworks, disposeNetworks, generate, generateTraced, generatorTrainables, networksToArrays } from '../../../plugins/dcgan/networks.js';
import { DcganTrainer } from '../../../plugins/dcgan/train.js';

// Odd sizes and batch: every reshape and stride-2 layer of the generator at a small scale.
const SHAPE = { height: 8, width: 12, channels: 2, classes: 3, noiseDim: 6, generatorWidth: 8, discriminatorWidth: 4 };
const SETTINGS = { lr: 5e-3, beta1: 0.5, dropout: 0.3, auxWeight: 1 };

function trainWeights(backend: string, reuseGeneratorPass: boolean): { weights: Record<string, Float32Array>; lossG: number[] } {
  const nets = buildNetworks(SHAPE, new Rng(11));
  const trainer = new DcganTrainer(nets, SETTINGS, { reuseGeneratorPass });
  const data = new Rng(12);
  const real = tf.tensor4d(Float32Array.from({ length: 5 * 8 * 12 * 2 }, () => data.next()), [5, 8, 12, 2]);
  const labels = tf.tensor1d([0, 2, 1, 1, 0], 'int32');
  const rng = new Rng(13);
  const lossG: number[] = [];
  for (let i = 0; i < 4; i++) lossG.push(trainer.step(real, labels, rng).lossG);
  const weights = networksToArrays(nets);
  trainer.dispose();
  disposeNetworks(nets);
  tf.dispose([real, labels]);
  expect(tf.getBackend()).toBe(backend);
  return { weights, lossG };
}

describe('dcgan generator backward pass (the D step\'s fakes reused)', () => {
  let previous: string;
  beforeAll(async () => {
    await initBackend('auto');
    previous = tf.getBackend();
  });
  afterAll(async () => {
    await tf.setBackend(previous);
  });

  it('gives exactly the gradients tf.variableGrads computes through the taped generator', () => {
    const nets = buildNetworks(SHAPE, new Rng(5));
    const rng = new Rng(6);
    tf.tidy(() => {
      const noise = tf.tensor2d(Float32Array.from({ length: 5 * SHAPE.noiseDim }, () => rng.normal()), [5, SHAPE.noiseDim]);
      const onehot = tf.oneHot(tf.tensor1d([0, 2, 1, 1, 0], 'int32'), SHAPE.classes).toFloat() as tf.Tensor2D;
      const weight = tf.randomNormal([5, 8, 12, 2], 0, 1, 'float32', 7);
      const loss = (images: tf.Tensor): tf.Scalar => tf.sum(tf.mul(tf.square(images), weight));
      const vars = generatorTrainables(nets.generator);
      const taped = tf.variableGrads(() => loss(generate(nets, noise, onehot, true)), vars);
      const trace = generateTraced(nets, noise, onehot)!;
      expect(trace).toBeDefined();
      const ours = generatorGradients(nets, trace, tf.grad(loss)(trace.images) as tf.Tensor4D);
      expect(Object.keys(ours).sort()).toEqual(vars.map((v) => v.name).sort());
      for (const v of vars) {
        const a = ours[v.name]!.dataSync();
        expect(ours[v.name]!.shape).toEqual(v.shape);
        expect(Array.from(a).some((x) => x !== 0)).toBe(true);
        expect(Array.from(a)).toEqual(Array.from(taped.grads[v.name]!.dataSync()));
      }
    });
    disposeNetworks(nets);
  });

  for (const backend of ['wasm', 'cpu']) {
    it(`trains to the same bytes as the taped G step on ${backend}`, async () => {
      await tf.setBackend(backend);
      const before = tf.memory().numTensors;
      const reused = trainWeights(backend, true);
      expect(tf.memory().numTensors).toBe(before);
      const taped = trainWeights(backend, false);
      expect(reused.lossG).toEqual(taped.lossG);
      for (const [name, values] of Object.entries(taped.weights)) expect(Buffer.from(reused.weights[name]!.buffer).equals(Buffer.from(values.buffer)), name).toBe(true);
    });
  }

  it('falls back to the taped G step where the fused batch norm is missing', () => {
    const backend = tf.getBackend();
    const nets = buildNetworks(SHAPE, new Rng(5));
    uninstallCustomKernel(batchNormRelu, backend);
    try {
      tf.tidy(() => {
        expect(generateTraced(nets, tf.zeros([2, SHAPE.noiseDim]) as tf.Tensor2D, tf.oneHot(tf.tensor1d([0, 1], 'int32'), 3).toFloat() as tf.Tensor2D)).toBeUndefined();
      });
      const taped = trainWeights(backend, false);
      const reused = trainWeights(backend, true);
      expect(reused.lossG).toEqual(taped.lossG);
      for (const [name, values] of Object.entries(taped.weights)) expect(Buffer.from(reused.weights[name]!.buffer).equals(Buffer.from(values.buffer)), name).toBe(true);
    } finally {
      installCustomKernels(backend, [batchNormRelu]);
      disposeNetworks(nets);
    }
    expect(tf.getKernel('BatchNormRelu', backend)).toBeDefined();
  });
});
