/**
 * SpanActivation's softmax spans on tfjs-wasm run in WebAssembly (wasm-simd.ts `softmax_rows`,
 * with fdlibm's exp as `exp_f64`): `exp_f64` gives `Math.exp`'s bits on random inputs and the edge
 * cases, and the kernel gives the bits of the loop in JavaScript (span-activation.ts's `activate`:
 * f64 arithmetic, `Math.exp`, rounded to float32 at the end), written out here, on spans of widths
 * 1 to 12 with tanh spans between, several temperatures, and logits large enough to reach exp's
 * every range.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/pick.js';
import { simdLoopsFor } from '../../src/backend/kernels/wasm-simd.js';
import { GUMBEL_NOISE_MAX, GUMBEL_NOISE_MIN, SPAN_ACTIVATION } from '../../src/kernel-contracts.js';
import { Rng } from '../../src/random.js';

beforeAll(async () => {
  expect((await initBackend('wasm')).name).toBe('wasm');
});

describe('exp_f64', () => {
  it("gives Math.exp's bits", () => {
    const loops = simdLoopsFor(tf.backend())!;
    const rng = new Rng(31);
    const edges = [0, -0, 1, -1, 0.5, -0.5, 0.3465, 0.3466, 1.0397, 1.0398, 2 ** -28, -(2 ** -29), 1e-300, -708.4, -708.5, -709.1, -745.1, -745.2, -746, 709.7, 709.8, 710, 5e-324, -Infinity, Infinity, NaN];
    const values = [...edges, ...Array.from({ length: 200_000 }, (_, i) => (i % 2 ? -1 : 1) * rng.next() * (i % 3 === 0 ? 3 : 800))];
    const differing = values.filter((x) => !Object.is(loops.exp(x), Math.exp(x)));
    expect(differing).toEqual([]);
  });
});

/** The JavaScript loop's softmax and tanh per span, on logits and log(−log(u)) as read from the backend. */
function byHand(logits: Float32Array, logLogU: Float32Array, rows: number, width: number, starts: number[], widths: number[], softmax: number[], tau: number): Float32Array {
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    starts.forEach((s0, p) => {
      const [start, w] = [r * width + s0, widths[p]!];
      if (softmax[p] !== 1) {
        for (let j = start; j < start + w; j++) out[j] = Math.tanh(logits[j]!);
        return;
      }
      const z = Array.from({ length: w }, (_, j) => (logits[start + j]! - logLogU[start + j]!) / tau);
      const max = z.reduce((m, v) => (v > m ? v : m), -Infinity);
      const e = z.map((v) => Math.exp(v - max));
      const sum = e.reduce((a, v) => a + v, 0);
      e.forEach((v, j) => (out[start + j] = v / sum));
    });
  }
  return out;
}

describe('SpanActivation on wasm', () => {
  it('gives the bits of the JavaScript loop', () => {
    const widths = [1, 3, 1, 12, 2, 1, 5, 7, 1, 4, 6, 1, 9, 8, 10, 11];
    const softmax = widths.map((w, i) => (w === 1 && i % 3 !== 2 ? 0 : 1));
    const starts = widths.map((_, i) => widths.slice(0, i).reduce((a, b) => a + b, 0));
    const width = widths.reduce((a, b) => a + b, 0);
    const rows = 301;
    [0.2, 1, 0.5].forEach((tau, t) => {
      const rng = new Rng(50 + t);
      const logits = tf.tensor2d(Float32Array.from({ length: rows * width }, (_, i) => rng.normal() * (i % 5 === 0 ? 40 : 2)), [rows, width]);
      const noise = tf.tensor2d(Float32Array.from({ length: rows * width }, () => rng.next()), [rows, width]);
      const logLogU = tf.log(tf.neg(tf.log(tf.clipByValue(noise, GUMBEL_NOISE_MIN, GUMBEL_NOISE_MAX))));
      const out = tf.engine().runKernel(SPAN_ACTIVATION, { logits, noise }, { starts, widths, softmax, tau }) as tf.Tensor;
      const expected = byHand(logits.dataSync() as Float32Array, logLogU.dataSync() as Float32Array, rows, width, starts, widths, softmax, tau);
      const got = out.dataSync();
      const differing = expected.reduce((n, v, i) => n + (Object.is(v, got[i]) ? 0 : 1), 0);
      expect([tau, differing]).toEqual([tau, 0]);
      tf.dispose([logits, noise, logLogU, out]);
    });
  });
});
