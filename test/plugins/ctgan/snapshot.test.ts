/**
 * ctgan `snapshot: 'auto'`: the epochs chosen among snapshots of fits on halves of the training
 * rows, by a downstream judge on the other half, never by the loss.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerBuiltins } from '../../../plugins/index.js';
import { ctganFactory } from '../../../plugins/ctgan/index.js';
import { chooseEpochShare, SNAPSHOT_SHARES, type SnapshotFit } from '../../../plugins/ctgan/snapshot.js';
import { initBackend } from '../../../src/backend/pick.js';
import type { Dataset, SyntheticJudge } from '../../../src/contracts.js';
import { takeRows } from '../../../src/dataset.js';
import { judgeSynthetic } from '../../../src/evaluate/choose-judge.js';
import { Rng } from '../../../src/random.js';
import { makeFixture } from '../../support/ctgan-fixture.js';
import { blobs } from '../../support/toy-data.js';

const SMALL = { embeddingDim: 16, generatorDims: [32, 32], criticDims: [32, 32] };

/** For `rows`, `count` synthetic minority rows: copies of real minority rows, or (misleading) majority rows labelled minority. */
function planted(rows: Dataset, count: number, good: boolean): Dataset {
  const of = (c: number) => [...rows.labels.keys()].filter((i) => rows.labels[i] === c);
  const source = good ? of(1) : of(0);
  const out = takeRows(rows, Array.from({ length: count }, (_, k) => source[k % source.length]!));
  return { ...out, labels: new Int32Array(count).fill(1) };
}

function ids(rows: Dataset): number[] {
  const id = rows.features.find((f) => f.name === 'id');
  return id && id.kind === 'numeric' ? [...id.values] : [];
}

function bytes(rows: Dataset): string {
  const h = createHash('sha256');
  for (const f of rows.features) if (f.kind === 'numeric') h.update(new Uint8Array(f.values.buffer));
  return h.digest('hex');
}

describe('choosing the epochs on data', () => {
  beforeAll(async () => {
    registerBuiltins();
    await initBackend();
  });

  it('picks the snapshot whose rows help on the held-out half, judging each half on the other', async () => {
    const data = blobs({ majority: 120, minority: 30, gap: 3, withId: true });
    const seen: Array<{ train: number[]; validation: number[] }> = [];
    const judge: SyntheticJudge = (train, synthetic, validation, rng) => {
      seen.push({ train: ids(train), validation: ids(validation) });
      return judgeSynthetic(train, synthetic, validation, rng);
    };
    // Only the second snapshot (half the epochs) makes rows like the real minority.
    const fitHalf = async (rows: Dataset): Promise<SnapshotFit> => ({
      sample: async (i, counts) => planted(rows, counts.get(1)!, i === 1),
      dispose: () => undefined,
    });
    const choice = await chooseEpochShare(data, judge, new Rng(3), fitHalf);
    if (typeof choice === 'string') throw new Error(choice);
    expect(choice.share).toBe(0.5);
    expect(choice.scores[1]).toBeGreaterThan(choice.scores[3]!);
    expect(seen).toHaveLength(2 * SNAPSHOT_SHARES.length);
    const [first, second] = [seen[0]!, seen[SNAPSHOT_SHARES.length]!];
    // The halves are disjoint, together every row, stratified, and swap roles.
    expect(new Set([...first.train, ...first.validation]).size).toBe(data.rowCount);
    expect(first.train.filter((id) => first.validation.includes(id))).toHaveLength(0);
    expect(second.train).toEqual(first.validation);
    expect(first.train.filter((id) => id >= 120)).toHaveLength(15);
    // Equal scores keep the full training.
    const same = await chooseEpochShare(data, judgeSynthetic, new Rng(3), async (rows) => ({ sample: async (_i, counts) => planted(rows, counts.get(1)!, true), dispose: () => undefined }));
    expect(typeof same !== 'string' && same.share).toBe(1);
    // A class of one row cannot be split: no choice, the fit keeps every epoch.
    const labels = Int32Array.from(data.labels);
    labels[0] = 2;
    expect(await chooseEpochShare({ ...data, labels, classes: ['major', 'minor', 'single'] }, judgeSynthetic, new Rng(3), fitHalf)).toMatch(/class 'single' has 1 training row/);
  }, 60_000);

  it('ctgan stops at the chosen share of its epochs, the same model as a fit of that many epochs; share 1 is the plain fit', async () => {
    const data = makeFixture(5, 170, 60);
    const run = async (params: Record<string, unknown>, epochs: number, judge?: SyntheticJudge) => {
      const synth = ctganFactory.create({ ...SMALL, ...params });
      const report = await synth.fit(data, { rng: new Rng(4), epochs, ...(judge ? { judge } : {}) });
      const rows = await synth.sample(new Map([[1, 20]]), new Rng(5));
      synth.dispose();
      return { report, rows };
    };
    let calls = 0;
    // The first snapshot of each half scores best.
    const earliest: SyntheticJudge = async () => 4 - (calls++ % SNAPSHOT_SHARES.length);
    const early = await run({ snapshot: 'auto' }, 4, earliest);
    expect(calls).toBe(2 * SNAPSHOT_SHARES.length);
    expect(early.report.epochs).toBe(1);
    expect(early.report.notes?.join(' ')).toMatch(/snapshot 'auto': trained 1 of 4 epochs \(share 0\.25\).*0\.25: 4\.000/);
    expect(bytes(early.rows)).toBe(bytes((await run({}, 1)).rows));
    const latest = await run({ snapshot: 'auto' }, 4, async () => 1);
    expect(latest.report.epochs).toBe(4);
    expect(bytes(latest.rows)).toBe(bytes((await run({}, 4)).rows));
    await expect(run({ snapshot: 'auto' }, 2)).rejects.toThrow(/snapshot 'auto' scores snapshots with a downstream judge, and none was supplied/);
    expect(() => ctganFactory.create({ snapshot: 'best' })).toThrow(/'snapshot' must be one of 'last', 'auto', got 'best'/);
  }, 120_000);
});
