/**
 * The one source of randomness. Every random choice in gan-augment flows from a seeded `Rng`
 * passed explicitly (never global state), so the same seed gives the same output.
 *
 * Built on pure-rand's xoroshiro128+; `fork` derives independent, named sub-streams so that adding
 * a random draw in one component does not shift the numbers another component sees.
 */
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

type Generator = ReturnType<typeof xoroshiro128plusFromState>;

export class Rng {
  private readonly gen: Generator;
  private spareNormal: number | undefined;

  constructor(readonly seed: number) {
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    this.gen = xoroshiro128plusFromState(seedWords(seed));
  }

  /** Uniform in [0, 1). */
  next(): number {
    return uniformFloat64(this.gen);
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.min(n - 1, Math.floor(this.next() * n));
  }

  /** Standard normal (Box-Muller, caching the second value). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const v = this.spareNormal;
      this.spareNormal = undefined;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** A 31-bit seed for APIs that take an integer seed (TensorFlow.js initializers and random ops). */
  seed32(): number {
    return Math.floor(this.next() * 0x7fffffff);
  }

  /** An independent stream named by `key`: same parent seed and key, same stream, whatever else was drawn. */
  fork(key: string | number): Rng {
    return new Rng(hashSeed(this.seed, String(key)));
  }

  /** In-place Fisher-Yates shuffle. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i] as T;
      items[i] = items[j] as T;
      items[j] = t;
    }
    return items;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = out[i]!;
      out[i] = out[j]!;
      out[j] = t;
    }
    return out;
  }
}

/**
 * Four 32-bit state words from a 32-bit seed, through a splitmix-style mixer (as xoroshiro's
 * authors advise), so nearby seeds give unrelated streams: the state of `Rng`'s xoroshiro128+ and
 * of the xoshiro128** streams drawn in hot loops (ctgan's noise, dcgan's dropout gate). pure-rand's
 * own `xoroshiro128plus(seed)` puts the raw seed into the state, so the first draws track the seed:
 * the first `next()` was ~1 for every small seed.
 */
export function seedWords(seed: number): [number, number, number, number] {
  const state: [number, number, number, number] = [0, 0, 0, 0];
  let s = seed | 0;
  for (let i = 0; i < 4; i++) {
    s = (s + 0x9e3779b9) | 0;
    let z = Math.imul(s ^ (s >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    state[i] = (z ^ (z >>> 16)) | 0;
  }
  if (!state.some((v) => v !== 0)) state[0] = 1; // the all-zero state is xoroshiro's fixed point
  return state;
}

/** FNV-1a over the parent seed and key, folded to a 32-bit signed integer. */
export function hashSeed(seed: number, key: string): number {
  let h = 0x811c9dc5; // the seed enters through `text` (XOR-ing it in too cancelled single-digit seeds)
  const text = `${seed}:${key}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
