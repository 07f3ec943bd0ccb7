import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/pick.js';
import { Rng } from '../../../src/random.js';
import { buildNetworks, discriminate, disposeNetworks, generate, generatorTrainables } from '../../../plugins/dcgan/networks.js';
import { batchNormRelu } from '../../../src/backend/kernels/batch-norm-relu.js';
import { installCustomKernels, uninstallCustomKernel } from '../../../src/backend/kernels/install.js';

const SHAPE = { height: 8, width: 12, channels: 2, classes: 3, noiseDim: 6, generatorWidth: 8, discriminatorWidth: 4 };

describe('dcgan networks', () => {
  beforeAll(async () => {
    await initBackend('auto');
  });

  it('trains the generator the same with and without the fused BatchNormRelu kernel', () => {
    const nets = buildNetworks(SHAPE, new Rng(5));
    const rng = new Rng(6);
    const noise = tf.tensor2d(Float32Array.from({ length: 5 * SHAPE.noiseDim }, () => rng.normal()), [5, SHAPE.noiseDim]);
    const onehot = tf.oneHot(tf.tensor1d([0, 2, 1, 1, 0], 'int32'), SHAPE.classes).toFloat() as tf.Tensor2D;
    const vars = generatorTrainables(nets.generator);
    const pass = (): Float32Array[] =>
      tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(generate(nets, noise, onehot, true))), vars);
        return [value.dataSync().slice() as Float32Array, ...vars.map((v) => grads[v.name]!.dataSync().slice() as Float32Array)];
      });
    const backend = tf.getBackend();
    const fused = pass();
    uninstallCustomKernel(batchNormRelu, backend);
    let stock: Float32Array[];
    try {
      expect(tf.getKernel('BatchNormRelu', backend)).toBeUndefined();
      stock = pass();
    } finally {
      installCustomKernels(backend, [batchNormRelu]);
    }
    expect(tf.getKernel('BatchNormRelu', backend)).toBeDefined();
    fused.forEach((values, i) => {
      const scale = Math.max(1, ...Array.from(stock[i]!, Math.abs));
      for (let j = 0; j < values.length; j++) expect(Math.abs(values[j]! - stock[i]![j]!)).toBeLessThan(1e-4 * scale);
    });
    tf.dispose([noise, onehot]);
    disposeNetworks(nets);
  });

  it('computes the projection and auxiliary heads as w·f + b + <embed(y), f> and f·aux + b', () => {
    const nets = buildNetworks(SHAPE, new Rng(8));
    const d = nets.discriminator;
    tf.tidy(() => {
      d.outBias.assign(tf.tensor1d([0.3]));
      d.auxBias.assign(tf.tensor1d([0.1, -0.2, 0.05]));
      d.embed.assign(tf.randomNormal(d.embed.shape, 0, 0.1, 'float32', 3));
      const images = tf.randomUniform([4, 8, 12, 2], 0, 1, 'float32', 4) as tf.Tensor4D;
      const onehot = tf.oneHot(tf.tensor1d([2, 0, 1, 2], 'int32'), 3).toFloat() as tf.Tensor2D;
      const out = discriminate(nets, images, onehot, 0);
      // Features as the discriminator computes them (no dropout), then the heads written out.
      let h = tf.leakyRelu(tf.add(tf.conv2d(images, d.conv1 as tf.Tensor4D, 2, 'same'), d.conv1Bias), 0.2) as tf.Tensor4D;
      h = tf.leakyRelu(tf.add(tf.conv2d(h, d.conv2 as tf.Tensor4D, 2, 'same'), d.conv2Bias), 0.2) as tf.Tensor4D;
      const f = tf.reshape(h, [4, -1]) as tf.Tensor2D;
      const realism = tf.add(tf.add(tf.matMul(f, d.out), d.outBias).reshape([4]), tf.sum(tf.mul(f, tf.matMul(onehot, d.embed)), 1));
      const logits = tf.add(tf.matMul(f, d.aux), d.auxBias);
      expect(tf.max(tf.abs(tf.sub(out.realism, realism))).dataSync()[0]).toBeLessThan(1e-5);
      expect(tf.max(tf.abs(tf.sub(out.classLogits, logits))).dataSync()[0]).toBeLessThan(1e-5);
    });
    disposeNetworks(nets);
  });
});
