/**
 * --privacy-distance: synthetic rows too close to a training row are dropped and redrawn; the
 * summary (and the output's metadata) reports the threshold, the rows dropped and the distance
 * to the closest training row of the rows written.
 */
import path from 'node:path';
import { tableFromArrays, type Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GanAugmentError } from '../../src/errors.js';
import { augment, registerBuiltins } from '../../src/index.js';
import { readTable } from '../../src/io/index.js';
import { Rng } from '../../src/random.js';
import type { RunSummary } from '../../src/stage/metadata.js';
import { cli, tempDir } from '../support/cli-errors.js';
import { MEMORISE_MODEL, registerMemoriser } from '../support/memorising-synthesizer.js';

const tmp = tempDir('privacy');
afterAll(tmp.cleanup);
beforeAll(() => {
  registerBuiltins();
  registerMemoriser();
});

/** 300 'common' and 100 'rare' rows: two continuous columns and one categorical. */
function table(): Table {
  const rng = new Rng(11);
  const n = 400;
  const label = Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 'rare' : 'common'));
  return tableFromArrays({
    a: Float64Array.from(label, (l) => (l === 'rare' ? 2 : 0) + rng.normal()),
    b: Float64Array.from(label, () => rng.normal() * 10),
    colour: Array.from({ length: n }, () => ['red', 'green', 'blue'][rng.int(3)]!),
    label,
  });
}

const run = (memorise: number, privacyDistance?: string) =>
  augment({ input: table(), label: 'label', model: MEMORISE_MODEL, modelParams: { memorise }, ...(privacyDistance ? { privacyDistance } : {}) });

describe('--privacy-distance', () => {
  it('without it, near-copies of training rows pass the exact-copy guard', async () => {
    const { summary } = await run(1);
    expect(summary.copies.dropped).toBe(0);
    expect(summary.classes.find((c) => c.class === 'rare')!.added).toBe(200);
    expect(summary.privacy).toBeUndefined();
  });

  it('drops every row of a generator that memorises, and says so', async () => {
    const err = await run(1, 'q0.05').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GanAugmentError);
    const e = err as GanAugmentError;
    expect(e.code).toBe('data');
    expect(e.message).toMatch(/^--privacy-distance: --model test-memorise kept producing rows at distance <= [0-9.e-]+ from a training row: after 5 rounds class 'rare' is still 200 rows short \(\d+ rows too close to a training row dropped, 0 exact copies\)\. The model may be memorising/);
  });

  it('replaces the memorised half of a mixed generator and reports the distances', async () => {
    const { summary, table: out } = await run(0.5, 'q0.05');
    const p = summary.privacy!;
    expect(p.threshold).toBe('q0.05');
    expect(p.distance).toBeGreaterThan(0);
    // About half of the first 200 draws, plus some of the redraws.
    expect(p.dropped).toBeGreaterThanOrEqual(70);
    expect(p.dcr!.count).toBe(200);
    expect(p.dcr!.min).toBeGreaterThan(p.distance);
    expect(summary.classes.find((c) => c.class === 'rare')!.added).toBe(200);
    expect(out.numRows).toBe(600);
    expect(summary.warnings.some((w) => w.startsWith(`--privacy-distance q0.05: dropped ${p.dropped} synthetic rows`))).toBe(true);
  });

  it('keeps most rows of a generator that draws new rows', async () => {
    const { summary } = await run(0, 'q0.05');
    const p = summary.privacy!;
    expect(p.dropped).toBeLessThanOrEqual(30); // of the 200 drawn first
    expect(p.dcr!.median).toBeGreaterThan(p.distance);
  });

  it('an absolute threshold is applied as given; the same seed gives the same table', async () => {
    const a = await run(0.5, '0.01');
    expect(a.summary.privacy!.distance).toBe(0.01);
    expect(a.summary.privacy!.threshold).toBe('0.01');
    expect(a.summary.privacy!.dcr!.min).toBeGreaterThan(0.01);
    const b = await run(0.5, '0.01');
    expect(b.summary.privacy).toEqual(a.summary.privacy);
  });

  it('on the command line: a summary line, and the report in the output file metadata', async () => {
    const input = tmp.put('in.csv', csvOf(table()));
    const output = path.join(tmp.dir, 'out.parquet');
    const res = await cli(['augment', '--input', input, '--label', 'label', '--output', output, '--model', MEMORISE_MODEL, '--model-param', 'memorise=0.5', '--privacy-distance', 'q0.05']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/--privacy-distance q0\.05 \(= [0-9.e-]+\): \d+ synthetic rows dropped as too close to a training row; distance to closest training row of the rows written: min [0-9.e-]+, median [0-9.e-]+/);
    const summary = JSON.parse((await readTable(output)).metadata.get('gan_augment')!) as RunSummary;
    expect(summary.privacy!.threshold).toBe('q0.05');
    expect(summary.privacy!.dropped).toBeGreaterThan(0);
    expect(summary.options.privacyDistance).toBe('q0.05');
  });
});

function csvOf(t: Table): string {
  const names = t.schema.fields.map((f) => f.name);
  const lines = [names.join(',')];
  for (let i = 0; i < t.numRows; i++) lines.push(names.map((n) => String(t.getChild(n)!.get(i))).join(','));
  return `${lines.join('\n')}\n`;
}
