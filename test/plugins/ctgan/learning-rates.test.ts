/**
 * SDV's generator_lr and discriminator_lr: each reaches its own network, and `lr` (or leaving both
 * out) trains exactly as setting both to the same value.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/pick.js';
import type { NumericFeature } from '../../../src/contracts.js';
import { Rng } from '../../../src/random.js';
import { ctganFactory } from '../../../plugins/ctgan/index.js';
import { makeFixture } from '../../support/ctgan-fixture.js';

const SMALL = { embedding_dim: 8, generator_dim: [16], discriminator_dim: [16], train_on: 'all' };
const data = makeFixture(3, 80, 40);

/** The first numeric column of 30 rows sampled after a 3-epoch fit with `params`. */
async function sampled(params: Record<string, unknown>): Promise<number[]> {
  const synth = ctganFactory.create({ ...SMALL, ...params });
  try {
    await synth.fit(data, { rng: new Rng(5), epochs: 3 });
    const out = await synth.sample(new Map([[1, 30]]), new Rng(6));
    return Array.from((out.features.find((f) => f.kind === 'numeric') as NumericFeature).values);
  } finally {
    synth.dispose();
  }
}

describe('ctgan learning rates', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('train the same with lr as with both rates set to it, and differently when one differs', async () => {
    const base = await sampled({});
    expect(await sampled({ generator_lr: 2e-4, discriminator_lr: 2e-4 })).toEqual(base);
    const both = await sampled({ lr: 0.01 });
    expect(await sampled({ generatorLr: 0.01, criticLr: 0.01 })).toEqual(both);
    expect(both).not.toEqual(base);
    const generatorOnly = await sampled({ generator_lr: 0.01 });
    const criticOnly = await sampled({ discriminator_lr: 0.01 });
    expect(generatorOnly).not.toEqual(base);
    expect(criticOnly).not.toEqual(base);
    expect(generatorOnly).not.toEqual(criticOnly);
    expect(generatorOnly).not.toEqual(both);
  });
});
