/**
 * The training step's random tensors — Gaussian latent noise, uniform noise for the Gumbel
 * softmax, dropout masks — drawn in JavaScript from a seed (a `rng.seed32()`, like tfjs's own
 * seeded ops), so the same seed gives the same tensors on every backend.
 *
 * Why hand-written: tfjs's seeded `randomNormal` draws ~25-50 ns per value here (seedrandom's alea
 * and the polar method in float64): ~3 ms for one 500x128 batch of latent noise, twice per CTGAN
 * step, more than the generator's first layer. xoshiro128** (four 32-bit words, `Math.imul`) with
 * Marsaglia and Tsang's ziggurat (128 layers; the layer index is drawn separately from the value,
 * which avoids the original's correlation flaw) takes ~0.5 ms. @stdlib's improved ziggurat, the
 * closest library, measured ~4x slower and pulls in ~200 packages.
 */
import * as tf from '@tensorflow/tfjs';
import { seedWords } from '../../src/random.js';

/** xoshiro128** state, seeded through splitmix32 (src/random.ts `seedWords`) so that nearby seeds (seed, seed + 1) give unrelated streams. */
class Xoshiro128 {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    [this.s0, this.s1, this.s2, this.s3] = seedWords(seed);
  }

  /** Next 32 random bits as a signed int32. */
  next(): number {
    const s1 = this.s1;
    const m = Math.imul(s1, 5);
    const r = Math.imul((m << 7) | (m >>> 25), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return r;
  }

  /** Uniform in the open interval (0, 1) (float64). */
  uniform(): number {
    return ((this.next() >>> 0) + 0.5) / 4294967296;
  }
}

/** Ziggurat tables (Marsaglia & Tsang 2000, 128 layers, 32-bit). */
const ZIG_R = 3.442619855899;
const { kn: KN, wn: WN, fn: FN } = (() => {
  const m1 = 2147483648;
  const vn = 9.91256303526217e-3;
  let dn = ZIG_R;
  let tn = dn;
  const kn = new Float64Array(128);
  const wn = new Float64Array(128);
  const fn = new Float64Array(128);
  const q = vn / Math.exp(-0.5 * dn * dn);
  kn[0] = Math.floor((dn / q) * m1);
  kn[1] = 0;
  wn[0] = q / m1;
  wn[127] = dn / m1;
  fn[0] = 1;
  fn[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    kn[i + 1] = Math.floor((dn / tn) * m1);
    tn = dn;
    fn[i] = Math.exp(-0.5 * dn * dn);
    wn[i] = dn / m1;
  }
  return { kn, wn, fn };
})();

/** One standard normal draw by the ziggurat method. */
function ziggurat(g: Xoshiro128): number {
  for (;;) {
    const hz = g.next();
    const iz = g.next() & 127;
    if (Math.abs(hz) < KN[iz]!) return hz * WN[iz]!;
    if (iz === 0) {
      // The tail beyond R.
      let x: number;
      let y: number;
      do {
        x = -Math.log(g.uniform()) / ZIG_R;
        y = -Math.log(g.uniform());
      } while (y + y < x * x);
      return hz > 0 ? ZIG_R + x : -ZIG_R - x;
    }
    const x = hz * WN[iz]!;
    if (FN[iz]! + g.uniform() * (FN[iz - 1]! - FN[iz]!) < Math.exp(-0.5 * x * x)) return x;
  }
}

/** Standard normal values (the ziggurat above), deterministic in `seed`. */
export function normalValues(count: number, seed: number): Float32Array {
  const g = new Xoshiro128(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = ziggurat(g);
  return out;
}

/**
 * The generator's input: per row `noiseWidth` standard normal values (in the order normalValues
 * draws them) followed by the row's condition vector (`cond`, rows × condWidth), as one tensor —
 * built here rather than by a concat kernel. `scale` < 1 shrinks the noise (ctgan's `noiseScale`,
 * at sampling only): the same draws, nearer the generator's typical rows; 1 leaves the bytes as they were.
 */
export function noiseWithCondition(rows: number, noiseWidth: number, cond: Float32Array, seed: number, scale = 1): tf.Tensor2D {
  const condWidth = cond.length / rows;
  const width = noiseWidth + condWidth;
  const g = new Xoshiro128(seed);
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    const at = r * width;
    for (let j = 0; j < noiseWidth; j++) out[at + j] = scale * ziggurat(g);
    out.set(cond.subarray(r * condWidth, (r + 1) * condWidth), at + noiseWidth);
  }
  return tf.tensor2d(out, [rows, width]);
}

/** A [rows, cols] tensor uniform in (0, 1) (as float32 a value can round to 1; callers clip). */
export function uniformNoise(rows: number, cols: number, seed: number): tf.Tensor2D {
  const g = new Xoshiro128(seed);
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < out.length; i++) out[i] = g.uniform();
  return tf.tensor2d(out, [rows, cols]);
}

/** Write `count` dropout multipliers (0 with probability `rate`, else 1 / (1 − rate)) into `out` at `offset`. */
export function fillDropoutMask(out: Float32Array, offset: number, count: number, rate: number, seed: number): void {
  const g = new Xoshiro128(seed);
  const kept = 1 / (1 - rate);
  const end = offset + count;
  if (rate === 0.5) {
    // One random bit per value (32 per draw): exactly Bernoulli(1/2), and ~10x faster than a uniform each.
    for (let i = offset; i < end; i += 32) {
      const bits = g.next();
      const n = Math.min(32, end - i);
      // Branch-free: a branch on random bits is mispredicted half the time.
      for (let j = 0; j < n; j++) out[i + j] = ((bits >>> j) & 1) * kept;
    }
    return;
  }
  for (let i = offset; i < end; i++) out[i] = g.uniform() < rate ? 0 : kept;
}

/** A [rows, cols] dropout multiplier: 0 with probability `rate`, else 1 / (1 − rate). */
export function dropoutMask(rows: number, cols: number, rate: number, seed: number): tf.Tensor2D {
  const out = new Float32Array(rows * cols);
  fillDropoutMask(out, 0, rows * cols, rate, seed);
  return tf.tensor2d(out, [rows, cols]);
}
