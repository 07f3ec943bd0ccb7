/**
 * ctgan `noiseScale` (a truncation trick at sampling time): the latent noise is shrunk by the
 * factor, the condition part untouched; 1 (the default) samples the bytes it always did; a scaled
 * sampler's rows of a fitted model spread less around the class's centre; saved and loaded, it keeps the scale.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/pick.js';
import type { Dataset } from '../../../src/contracts.js';
import { Rng } from '../../../src/random.js';
import { ctganFactory } from '../../../plugins/ctgan/index.js';
import { noiseWithCondition } from '../../../plugins/ctgan/noise.js';

const SMALL = { embeddingDim: 16, generatorDims: [32, 32], criticDims: [32, 32] };

/** 60 majority rows around 0 and 30 minority rows around 5 (sd 1), one numeric column. */
function data(): Dataset {
  const rng = new Rng(1);
  const labels = Int32Array.from({ length: 90 }, (_, i) => (i < 60 ? 0 : 1));
  return { features: [{ kind: 'numeric', name: 'x', values: Float64Array.from(labels, (l) => 5 * l + rng.normal()), integer: false }], labels, classes: ['major', 'minor'], rowCount: 90 };
}

/** The minority rows' x after a fixed 60-epoch fit (the seed makes the fit the same whatever noiseScale is). */
async function sampled(params: Record<string, unknown>): Promise<Float64Array> {
  const synth = ctganFactory.create({ ...SMALL, ...params });
  await synth.fit(data(), { rng: new Rng(2), epochs: 60 });
  const rows = await synth.sample(new Map([[1, 400]]), new Rng(3));
  const restored = ctganFactory.deserialize(await synth.serialize());
  const again = await restored.sample(new Map([[1, 400]]), new Rng(3));
  synth.dispose();
  restored.dispose();
  const x = (d: Dataset): Float64Array => (d.features[0] as { values: Float64Array }).values;
  expect(x(again)).toEqual(x(rows));
  return x(rows);
}

const sd = (v: Float64Array): number => {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length);
};

describe('ctgan noiseScale', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('scales the noise part of the generator input only', () => {
    const cond = Float32Array.of(1, 0, 0, 1);
    const whole = noiseWithCondition(2, 3, cond, 42).arraySync();
    const half = noiseWithCondition(2, 3, cond, 42, 0.5).arraySync();
    for (let r = 0; r < 2; r++) {
      expect(half[r]!.slice(0, 3)).toEqual(whole[r]!.slice(0, 3).map((v) => v / 2));
      expect(half[r]!.slice(3)).toEqual(whole[r]!.slice(3));
    }
    expect(whole[0]!.slice(0, 3).some((v) => v !== 0)).toBe(true);
  });

  it('1 samples the default bytes; 0.25 draws rows nearer the centre; the range is (0, 1]', async () => {
    const plain = await sampled({});
    expect(await sampled({ noiseScale: 1 })).toEqual(plain);
    const truncated = await sampled({ noiseScale: 0.25 });
    expect(truncated).not.toEqual(plain);
    expect(sd(truncated)).toBeLessThan(0.8 * sd(plain));
    expect(() => ctganFactory.create({ noiseScale: 0 })).toThrow(/noiseScale/);
    expect(() => ctganFactory.create({ noiseScale: 1.5 })).toThrow(/noiseScale/);
  }, 120_000);
});
