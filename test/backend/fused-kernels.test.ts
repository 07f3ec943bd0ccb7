/**
 * gan-augment's fused kernels (tfjs has no equivalent, so no stock kernel to compare with) against
 * the same computation written with stock tfjs ops, on wasm and cpu: forward values on many shapes,
 * and gradients through the engine (tf.grads of the fused op vs of the stock-op reference).
 * Tolerance: max |fused − reference| ≤ 1e-4 · max(1, max |reference|).
 */
import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap } from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/pick.js';
import { fusedAdam } from '../../src/backend/kernels/adam-update.js';
import { batchNormRelu, batchNormReluGrad, batchNormReluReference } from '../../src/backend/kernels/batch-norm-relu.js';
import type { CustomKernel, KernelCase } from '../../src/backend/kernels/custom-kernel.js';
import { installedKernelConfig } from '../../src/backend/kernels/install.js';
import { compareWithReference } from '../../src/backend/kernels/reference-check.js';
import { spanActivation, spanActivationGrad, spanActivationReference } from '../../src/backend/kernels/span-activation.js';
import { spanCrossEntropy, spanCrossEntropyGrad, spanCrossEntropyReference } from '../../src/backend/kernels/span-cross-entropy.js';
import { BATCH_NORM_RELU, FUSED_ADAM, SPAN_ACTIVATION, SPAN_CROSS_ENTROPY } from '../../src/kernel-contracts.js';
import { Rng } from '../../src/random.js';
import { maxRelError } from '../support/tensor-error.js';

const TOLERANCE = 1e-4;

function check(kernel: CustomKernel, backend: string, cases: readonly KernelCase[]): void {
  const config = installedKernelConfig(kernel, backend);
  expect(config, `${kernel.id} installed on ${backend}`).toBeDefined();
  const rng = new Rng(5);
  const failures: string[] = [];
  for (const kase of cases) {
    const r = compareWithReference(config!, kernel, backend, kase, rng.fork(JSON.stringify(kase)), TOLERANCE);
    if (!r.ok) failures.push(`${JSON.stringify(kase.inputs)}: err ${r.maxAbsError} scale ${r.scale}`);
  }
  expect(failures).toEqual([]);
}

/** Spans covering `widths` in order, every width-1 span tanh, the rest Gumbel-softmax. */
function spans(widths: number[], tau = 0.2): NamedAttrMap {
  const starts: number[] = [];
  let at = 0;
  for (const w of widths) {
    starts.push(at);
    at += w;
  }
  return { starts, widths, softmax: widths.map((w) => (w === 1 ? 0 : 1)), tau };
}

const ACTIVATION_LAYOUTS = [[1, 2, 1, 3], [4], [1], [1, 10, 1, 1, 5, 2, 2], [7, 1]];

describe.each(['wasm', 'cpu'] as const)('fused kernels on %s', (backend) => {
  it('FusedAdam matches the stock-op step (loop and composed paths, with and without an average)', async () => {
    await initBackend(backend);
    const attrs = { lr: 2e-3, beta1: 0.5, beta2: 0.9, epsilon: 1e-8, weightDecay: 1e-4, step: 7 };
    const cases: KernelCase[] = [];
    for (const shape of [[1], [3, 5], [256], [130, 131], [300, 60]]) {
      cases.push({ inputs: { x: shape, g: shape, m: shape, v: shape }, attrs });
      cases.push({ inputs: { x: shape, g: shape, m: shape, v: shape, average: shape }, attrs: { ...attrs, step: 1, averageDecay: 0.9, weightDecay: 0 } });
    }
    check(fusedAdam, backend, cases);
  });

  it('SpanActivation and its gradient kernel match stock ops on several span layouts', async () => {
    await initBackend(backend);
    const cases: KernelCase[] = [];
    const gradCases: KernelCase[] = [];
    for (const layout of ACTIVATION_LAYOUTS) {
      const width = layout.reduce((a, b) => a + b, 0);
      for (const rows of [1, 7]) {
        cases.push({ inputs: { logits: [rows, width], noise: [rows, width] }, attrs: spans(layout) });
        gradCases.push({ inputs: { dy: [rows, width], y: [rows, width] }, attrs: spans(layout, 0.5) });
      }
    }
    check(spanActivation, backend, cases);
    check(spanActivationGrad, backend, gradCases);
  });

  it('SpanCrossEntropy and its gradient kernel match stock ops', async () => {
    await initBackend(backend);
    const attrs = { starts: [1, 4, 8], widths: [3, 2, 4] };
    check(spanCrossEntropy, backend, [9, 4, 1].map((rows) => ({ inputs: { logits: [rows, 12], target: [rows, 12] }, attrs })));
    check(spanCrossEntropyGrad, backend, [9, 4].map((rows) => ({ inputs: { dy: [], logits: [rows, 12], target: [rows, 12] }, attrs })));
  });

  it('BatchNormRelu and its gradient kernel match stock ops', async () => {
    await initBackend(backend);
    const shapes = [[9, 5], [2, 3], [64, 17], [500, 8]] as const;
    check(batchNormRelu, backend, shapes.map(([r, c]) => ({ inputs: { x: [r, c], gamma: [c], beta: [c] }, attrs: { epsilon: 1e-5 } })));
    check(batchNormReluGrad, backend, shapes.map(([r, c]) => ({ inputs: { dy: [r, c], x: [r, c], gamma: [c], beta: [c] }, attrs: { epsilon: 1e-3 } })));
  });

  it('gradients through the engine equal those of the stock-op references', async () => {
    await initBackend(backend);
    const rng = new Rng(3);
    const normal = (shape: number[]): tf.Tensor => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), shape);
    tf.tidy(() => {
      // SpanActivation: d/d logits of Σ w ⊙ activation.
      const layout = [1, 3, 1, 4, 2];
      const attrs = spans(layout);
      const logits = normal([6, 11]);
      const noise = tf.tensor(Float32Array.from({ length: 66 }, () => rng.next()), [6, 11]);
      const w = normal([6, 11]);
      const fused = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(tf.engine().runKernel(SPAN_ACTIVATION, { logits: z, noise }, attrs) as tf.Tensor, w)))(logits);
      const ref = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(spanActivationReference({ logits: z, noise }, attrs)[0]!, w)))(logits);
      expect(maxRelError(fused, ref)).toBeLessThan(TOLERANCE);

      // SpanCrossEntropy: d/d logits, scaled.
      const ceAttrs = { starts: [0, 5], widths: [5, 6] };
      const target = tf.oneHot(tf.tensor1d([1, 7, 3, 10, 0, 6], 'int32'), 11).toFloat();
      const ceFused = tf.grad((z: tf.Tensor) => tf.mul(tf.engine().runKernel(SPAN_CROSS_ENTROPY, { logits: z, target }, ceAttrs) as tf.Tensor, 3))(logits);
      const ceRef = tf.grad((z: tf.Tensor) => tf.mul(spanCrossEntropyReference({ logits: z, target }, ceAttrs)[0]!, 3))(logits);
      expect(maxRelError(ceFused, ceRef)).toBeLessThan(TOLERANCE);

      // BatchNormRelu: d/d (x, gamma, beta) of Σ w ⊙ y.
      const x = normal([12, 5]);
      const gamma = tf.add(normal([5]), 1);
      const beta = normal([5]);
      const wy = normal([12, 5]);
      const bn = (useFused: boolean) => (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor): tf.Tensor => {
        const y = useFused
          ? (tf.engine().runKernel(BATCH_NORM_RELU, { x: xx, gamma: gg, beta: bb }, { epsilon: 1e-5 }) as tf.Tensor[])[0]!
          : batchNormReluReference({ x: xx, gamma: gg, beta: bb }, { epsilon: 1e-5 })[0]!;
        return tf.sum(tf.mul(y, wy));
      };
      const bnFused = tf.grads(bn(true))([x, gamma, beta]);
      const bnRef = tf.grads(bn(false))([x, gamma, beta]);
      bnFused.forEach((g, i) => expect(maxRelError(g, bnRef[i]!), `input ${i}`).toBeLessThan(TOLERANCE));
    });
  });

  it('SpanActivation stays finite when a uniform draw rounds to 1 or is tiny', async () => {
    await initBackend(backend);
    tf.tidy(() => {
      const attrs = spans([3, 1]);
      const noise = tf.tensor2d([[1, 0, 1e-30, 0.5]]);
      const out = tf.engine().runKernel(SPAN_ACTIVATION, { logits: tf.zeros([1, 4]), noise }, attrs) as tf.Tensor;
      const values = Array.from(out.dataSync());
      expect(values.every(Number.isFinite)).toBe(true);
      expect(values.slice(0, 3).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    });
  });

  it('registers the fused kernels on this backend', async () => {
    const info = await initBackend(backend);
    for (const name of [FUSED_ADAM, SPAN_ACTIVATION, SPAN_CROSS_ENTROPY, BATCH_NORM_RELU]) expect(tf.getKernel(name, backend), name).toBeDefined();
    expect(info.notes.filter((n) => n.startsWith('kernel '))).toEqual([]);
  });
});
