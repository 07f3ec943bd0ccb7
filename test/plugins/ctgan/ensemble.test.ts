/** ctgan `ensemble: N`: N fits with forked seeds, rows pooled in equal shares; N = 1 is the single fit. */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/pick.js';
import type { Dataset, ModelArtifacts } from '../../../src/contracts.js';
import { Rng } from '../../../src/random.js';
import { ctganFactory } from '../../../plugins/ctgan/index.js';
import { memberShare, splitMembers } from '../../../plugins/ctgan/ensemble.js';
import { makeFixture } from '../../support/ctgan-fixture.js';

const SMALL = { embeddingDim: 16, generatorDims: [32, 32], criticDims: [32, 32] };

/** Every feature value of the rows as bytes, then the labels. */
function rowBytes(rows: Dataset): string {
  const h = createHash('sha256');
  for (const f of rows.features) {
    const a = f.kind === 'numeric' ? f.values : f.kind === 'categorical' ? f.codes : f.pixels;
    h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  h.update(new Uint8Array(rows.labels.buffer, rows.labels.byteOffset, rows.labels.byteLength));
  return h.digest('hex');
}

async function fitAndSample(params: Record<string, unknown>, n = 30): Promise<{ rows: Dataset; artifacts: ModelArtifacts }> {
  const synth = ctganFactory.create({ ...SMALL, ...params });
  await synth.fit(makeFixture(5, 170, 60), { rng: new Rng(7), epochs: 3 });
  const rows = await synth.sample(new Map([[1, n]]), new Rng(8));
  const artifacts = await synth.serialize();
  synth.dispose();
  return { rows, artifacts };
}

/** Member m of saved ensemble artifacts as a model of its own. */
function member(artifacts: ModelArtifacts, m: number) {
  const part = splitMembers(artifacts)[m]!;
  const config = part.config as Record<string, unknown>;
  return ctganFactory.deserialize({ config: { ...(config as object), params: { ...(config['params'] as object), ensemble: 1 } } as ModelArtifacts['config'], arrays: part.arrays });
}

describe('ctgan ensemble', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('ensemble 1 (the default) samples the very bytes of the single fit before ensembles existed', async () => {
    const single = await fitAndSample({});
    const explicit = await fitAndSample({ ensemble: 1 });
    expect(rowBytes(explicit.rows)).toBe(rowBytes(single.rows));
    // Recorded with the code of fdb9f92 (before `ensemble` and `snapshot`), this fixture, seeds 7/8, on the wasm backend.
    expect(rowBytes(single.rows)).toBe(GOLDEN_SINGLE);
    expect((single.artifacts.config as Record<string, unknown>)['members']).toBeUndefined();
  }, 60_000);

  it('ensemble 3 is deterministic, draws row j from member j mod 3, and saves and loads every member', async () => {
    const a = await fitAndSample({ ensemble: 3 });
    const b = await fitAndSample({ ensemble: 3 });
    expect(rowBytes(a.rows)).toBe(rowBytes(b.rows));
    const single = await fitAndSample({});
    expect(rowBytes(a.rows)).not.toBe(rowBytes(single.rows));
    expect(splitMembers(a.artifacts)).toHaveLength(3);
    // Each member alone, drawing from the fork the pool gives it, makes exactly its interleaved rows.
    const x = a.rows.features[0]!;
    if (x.kind !== 'numeric') throw new Error('the fixture starts with a numeric column');
    const fromMembers = [0, 1, 2].map(async (m) => {
      const alone = member(a.artifacts, m);
      const rows = await alone.sample(new Map([[1, memberShare(30, 3, m)]]), new Rng(8).fork('member:' + m));
      alone.dispose();
      const v = rows.features[0]!;
      return v.kind === 'numeric' ? v.values : new Float64Array();
    });
    const parts = await Promise.all(fromMembers);
    expect(parts.map((p) => p.length)).toEqual([10, 10, 10]);
    for (let j = 0; j < 30; j++) expect(x.values[j]).toBe(parts[j % 3]![Math.floor(j / 3)]);
    // The members differ (forked seeds), so the pool mixes three models.
    expect(parts[1]).not.toEqual(parts[0]);
    expect(parts[2]).not.toEqual(parts[1]);
    // Loaded whole, the ensemble samples the same bytes; with a member gone it is refused.
    const loaded = ctganFactory.deserialize(a.artifacts);
    expect(rowBytes(await loaded.sample(new Map([[1, 30]]), new Rng(8)))).toBe(rowBytes(a.rows));
    loaded.dispose();
    const config = a.artifacts.config as Record<string, ModelArtifacts['config']>;
    const arrays = Object.fromEntries(Object.entries(a.artifacts.arrays).filter(([name]) => !name.startsWith('member2/')));
    expect(() => ctganFactory.deserialize({ config: { ...config, members: (config['members'] as ModelArtifacts['config'][]).slice(0, 1) }, arrays })).toThrow(/saved parameters are corrupt/);
  }, 120_000);

  it('splits rows evenly and validates the parameter and the saved members', () => {
    expect([0, 1, 2].map((m) => memberShare(10, 3, m))).toEqual([4, 3, 3]);
    expect([0, 1, 2].map((m) => memberShare(2, 3, m))).toEqual([1, 1, 0]);
    expect(() => ctganFactory.create({ ensemble: 0 })).toThrow(/ensemble/);
    expect(() => ctganFactory.create({ ensemble: 11 })).toThrow(/'ensemble' must be an integer from 1 to 10, got '11'/);
    expect(() => splitMembers({ config: { format: 'gan-augment/ctgan', members: 'x' }, arrays: {} })).toThrow(/corrupt \(members\)/);
  });
});

const GOLDEN_SINGLE = '17230e912f693904e2a82aefc8be021840d7360ce244e43658b05f8072a923b0';
