/**
 * The LeakyReLU + dropout gate of the image discriminator (plugins/dcgan), drawn in JavaScript:
 * gate[i] = (pre[i] > 0 ? 1 : alpha) · mask[i], mask[i] 0 with probability `rate`, else
 * 1 / (1 − rate). The single definition of the mask stream: the `BiasLeakyDropout` kernel's
 * WebAssembly loop (wasm-simd.ts) draws the same words from the same state, and its tests and
 * self-test compare the two.
 *
 * The generator is xoshiro128** (four 32-bit words, `Math.imul`), seeded through splitmix32 (src/random.ts `seedWords`) so
 * that nearby seeds give unrelated streams; each 32-bit draw gives two 16-bit uniforms (low half
 * for element i, high half for i + 1), compared branch-free with the rate, so the drop
 * probability is the rate rounded to a multiple of 2^-16.
 */
import { seedWords } from '../../random.js';

/** The gate's constants: u < threshold drops; the kept values, as float32 (what the gate holds). */
export function dropoutConstants(alpha: number, rate: number): { threshold: number; kept: number; alphaKept: number } {
  const kept = 1 / (1 - rate);
  return { threshold: Math.round(rate * 65536), kept: Math.fround(kept), alphaKept: Math.fround(alpha * kept) };
}

/**
 * Write gate[i] = (x[i] > 0 ? 1 : alpha) · mask[i] into `out`, the mask drawn from `seed`
 * (same seed ⇒ same mask on every backend).
 */
export function fillLeakyDropoutGate(x: ArrayLike<number>, out: Float32Array, alpha: number, rate: number, seed: number): void {
  let [s0, s1, s2, s3] = seedWords(seed);
  const { threshold, kept, alphaKept } = dropoutConstants(alpha, rate);
  // Indexed by (kept ? 2 : 0) | (x > 0 ? 1 : 0): table lookups instead of branches on random bits.
  const table = new Float32Array([0, 0, alphaKept, kept]);
  const n = out.length;
  for (let i = 0; i < n; i += 2) {
    // xoshiro128** step, inlined (state in locals).
    const m = Math.imul(s1, 5);
    const r = Math.imul((m << 7) | (m >>> 25), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    // (threshold − 1 − u) is negative exactly when u ≥ threshold (kept): its sign bit, times 2.
    out[i] = table[(((threshold - 1 - (r & 0xffff)) >>> 31) << 1) | Number(x[i]! > 0)]!;
    if (i + 1 < n) out[i + 1] = table[(((threshold - 1 - (r >>> 16)) >>> 31) << 1) | Number(x[i + 1]! > 0)]!;
  }
}
