/**
 * Every input row comes out unchanged (issue #14, "Input rows unchanged"; issue #16, "CSV missing
 * values"): CSV in, CSV out gives the original fields byte for byte, in memory and streaming; labels
 * are classes by their text (`1`, `1.0` and `01` are three classes); a --categorical column keeps its
 * text (`01234`) in every format; int64 values beyond 2^53 survive `random`'s copies and every format;
 * pandas' missing-value strings are nulls, with `naValues` / `keepDefaultNa` to change them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Table } from 'apache-arrow';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBuiltins } from '../../../src/index.js';
import { readTable, tableToBytes } from '../../../src/io/index.js';
import { openCsvSource } from '../../../src/io/csv/source.js';
import { writeBatches } from '../../../src/io/write-batches.js';
import { augment } from '../../../src/api/augment.js';
import { augmentStream } from '../../../src/stream/augment-stream.js';
import { cli, tempDir } from '../../support/cli-errors.js';
import { haveShared, sharedDir } from '../../support/shared-data.js';

const tmp = tempDir('rows-unchanged');
beforeAll(() => registerBuiltins());
afterAll(tmp.cleanup);

const BASE = 2n ** 53n;
/** Labels: 18 rows of `2`, 6 of `1`, 4 of `1.0`, 2 of `01` (three classes pandas would merge into one). */
const LABELS = [...Array<string>(18).fill('2'), ...Array<string>(6).fill('1'), ...Array<string>(4).fill('1.0'), '01', '01'];
const NOTES = ['"a,b"', 'x', '""', 'N/A', '', '"say ""hi"""', '" padded"'];

/** Fields spelled the way exports spell them, none the way our writer would. */
function messyCsv(): string {
  const lines = ['id,zip,score,ratio,flag,when,note,label'];
  LABELS.forEach((label, i) => {
    const id = String(BASE + BigInt(2 * i + 1)); // odd values above 2^53: a double cannot hold them
    const zip = `0${1000 + ((i * 7) % 13)}`;
    const score = i % 9 === 4 ? 'NA' : i % 11 === 6 ? '' : `0.${i % 10}70`;
    const ratio = i % 8 === 3 ? 'nan' : i % 2 === 0 ? `${i}e2` : `+${i}.50`;
    const flag = ['TRUE', 'False', 'true'][i % 3]!;
    const when = i % 10 === 7 ? 'NULL' : `2024-01-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00`;
    const note = NOTES[i % NOTES.length]!;
    lines.push([id, zip, score, ratio, flag, when, note, label].join(','));
  });
  return `${lines.join('\n')}\n`;
}

const text = messyCsv();
const inputLines = text.trimEnd().split('\n');
const file = tmp.put('messy.csv', text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const ids = new Set(LABELS.map((_, i) => BASE + BigInt(2 * i + 1)));
const zips = new Set(LABELS.map((_, i) => `0${1000 + ((i * 7) % 13)}`));

/** The output's lines: the input's lines (+ `,false`) first, then `added` synthetic ones. */
function expectOriginalLinesFirst(output: string, added: number): string[] {
  const lines = output.trimEnd().split('\n');
  expect(lines[0]).toBe(`${inputLines[0]},is_synthetic`);
  expect(lines.slice(1, inputLines.length)).toEqual(inputLines.slice(1).map((l) => `${l},false`));
  expect(lines.length).toBe(inputLines.length + added);
  return lines.slice(inputLines.length);
}

/** Synthetic rows of `random` are training rows: exact ids above 2^53, zips with their zero. */
function expectExactCopies(table: Table, from: number): void {
  const id = table.getChild('id')!;
  const zip = table.getChild('zip')!;
  for (let r = from; r < table.numRows; r++) {
    expect(ids.has(id.get(r) as bigint), `row ${r}: id ${String(id.get(r))}`).toBe(true);
    expect(zips.has(zip.get(r) as string), `row ${r}: zip ${String(zip.get(r))}`).toBe(true);
  }
}

describe('CSV in, CSV out: original fields byte for byte', () => {
  it('in memory: reading and writing a CSV gives its bytes back', async () => {
    const { table } = await readTable(file);
    expect(decode(await tableToBytes(table, 'csv'))).toBe(text);
    // The values are typed all the same (the text is kept beside them, not instead of them).
    expect(String(table.getChild('score')!.type)).toBe('Float64');
    expect(table.getChild('score')!.get(1)).toBeCloseTo(0.17);
    expect(table.getChild('score')!.get(4)).toBeNull();
    expect(table.getChild('id')!.get(0)).toBe(BASE + 1n);
  });

  it('streaming: the batches written as CSV give its bytes back, across batch boundaries', async () => {
    const src = await openCsvSource(file, { batchRows: 7, chunkBytes: 97 });
    const chunks: Uint8Array[] = [];
    await writeBatches({ write: async (c) => void chunks.push(c) }, 'csv', src.schema, src.batches(), {});
    expect(decode(Buffer.concat(chunks))).toBe(text);
  });

  it('augment (in memory and streaming): original lines first and unchanged; labels are classes by their text', async () => {
    const options = { input: file, label: 'label', model: 'random', categorical: ['zip'], quiet: true } as const;
    const mem = await augment({ ...options, output: path.join(tmp.dir, 'mem.csv') });
    expect(mem.summary.classes.map((c) => [c.class, c.before])).toEqual([
      ['01', 2],
      ['1', 6],
      ['1.0', 4],
      ['2', 18],
    ]);
    const added = mem.summary.classes.reduce((s, c) => s + c.added, 0);
    expect(added).toBe(16 + 12 + 14);
    const synthetic = expectOriginalLinesFirst(readFileSync(path.join(tmp.dir, 'mem.csv'), 'utf8'), added);
    // The labels of synthetic rows are the classes' own text too.
    expect(new Set(synthetic.map((l) => l.split(',').at(-2)))).toEqual(new Set(['01', '1', '1.0']));
    expectExactCopies(mem.table, inputLines.length - 1);

    await augmentStream({ ...options, output: path.join(tmp.dir, 'stream.csv') });
    const streamed = expectOriginalLinesFirst(readFileSync(path.join(tmp.dir, 'stream.csv'), 'utf8'), added);
    expect(streamed.length).toBe(added);
  });

  it('any CSV quoted as the writer quotes comes back byte for byte, in memory and streaming (property)', async () => {
    // Spellings our writer would change, missing-value strings, and plain ones; fields as the
    // writer quotes them (so only the spelling of values, never the quoting, is under test).
    const values = ['0.370', '1.0', '01', '+5', '-0', '1e3', '-inf', 'NaN', 'nan', 'NA', 'N/A', 'NULL', 'None', '', '""', 'TRUE', 'false',
      '2024-01-02', '2024-01-02 03:04:05', '2024-01-02T03:04:05.120Z', '9007199254740993', '-12', '7', 'x', '"a,b"', '"q""q"', '" sp"'];
    const csvFile = fc.record({
      cols: fc.integer({ min: 2, max: 4 }),
      rows: fc.array(fc.array(fc.constantFrom(...values), { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 15 }),
      batchRows: fc.integer({ min: 1, max: 6 }),
      chunkBytes: fc.integer({ min: 3, max: 50 }),
    });
    let k = 0;
    await fc.assert(
      fc.asyncProperty(csvFile, async (f) => {
        const header = Array.from({ length: f.cols }, (_, i) => `c${i}`).join(',');
        const content = `${[header, ...f.rows.map((r) => r.slice(0, f.cols).join(','))].join('\n')}\n`;
        const p = tmp.put(`prop${k++}.csv`, content);
        expect(decode(await tableToBytes((await readTable(p)).table, 'csv'))).toBe(content);
        const src = await openCsvSource(p, { batchRows: f.batchRows, chunkBytes: f.chunkBytes });
        const chunks: Uint8Array[] = [];
        await writeBatches({ write: async (c) => void chunks.push(c) }, 'csv', src.schema, src.batches(), {});
        expect(decode(Buffer.concat(chunks))).toBe(content);
      }),
      { numRuns: 60, seed: 14 },
    );
  });

  it('shared breast-cancer file: literal nan is missing, and its rows come back byte for byte', async (ctx) => {
    const breast = path.join(sharedDir, 'datasets', 'breast_cancer_ljubljana.csv');
    if (!haveShared(breast)) return ctx.skip();
    const bytes = readFileSync(breast, 'utf8');
    const { table } = await readTable(breast);
    const nanCells = bytes.split('\n').slice(1).join(',').split(',').filter((f) => f === 'nan').length;
    const nulls = table.schema.fields.reduce((s, _f, i) => s + table.getChildAt(i)!.nullCount, 0);
    expect(nanCells).toBeGreaterThan(0);
    expect(nulls).toBe(nanCells);
    expect(decode(await tableToBytes(table, 'csv'))).toBe(bytes);
  });
});

describe('every format keeps the original rows and exact copies', () => {
  for (const ext of ['parquet', 'arrow', 'csv']) {
    it(`random's copies and the original int64 values above 2^53 through ${ext}`, async () => {
      const out = path.join(tmp.dir, `out.${ext}`);
      await augment({ input: file, output: out, label: 'label', model: 'random', categorical: ['zip'], quiet: true });
      // CSV has no types: say which columns are text when reading it back, as the stage does.
      const { table } = await readTable(out, { csv: { textColumns: ['zip', 'label'] } });
      const n = inputLines.length - 1;
      const id = table.getChild('id')!;
      for (let r = 0; r < n; r++) expect(id.get(r)).toBe(BASE + BigInt(2 * r + 1));
      // --categorical and the label are text in every format, so `01234` and `01` keep their zero.
      expect(String(table.getChild('zip')!.type)).toMatch(/Utf8/);
      expect(table.getChild('zip')!.get(0)).toBe('01000');
      expect(table.getChild('label')!.get(n - 1)).toBe('01');
      expectExactCopies(table, n);
    });
  }
});

describe('CSV missing values (pandas read_csv defaults, na_values, keep_default_na)', () => {
  const csv = 'a,b,c\nNA,1,x\nnan,#N/A,N/A\n<NA>,None,null\n"",NULL,-999\n,2.5,NaN\n';

  it("reads pandas' default strings as null, and a quoted empty field as the empty string", async () => {
    const { table } = await readTable(tmp.put('na.csv', csv));
    expect(table.getChild('a')!.toArray()).toEqual([null, null, null, '', null]);
    expect(String(table.getChild('b')!.type)).toBe('Float64');
    expect(Array.from({ length: 5 }, (_, i) => table.getChild('b')!.get(i))).toEqual([1, null, null, null, 2.5]);
    expect(table.getChild('c')!.toArray()).toEqual(['x', null, null, '-999', null]);
    expect(decode(await tableToBytes(table, 'csv'))).toBe(csv);
  });

  it('naValues adds strings, keepDefaultNa: false drops the defaults; the streaming reader agrees', async () => {
    const p = tmp.put('na2.csv', csv);
    const extra = await readTable(p, { csv: { naValues: ['-999'] } });
    expect(extra.table.getChild('c')!.toArray()).toEqual(['x', null, null, null, null]);
    const none = await readTable(p, { csv: { keepDefaultNa: false } });
    expect(none.table.getChild('a')!.toArray()).toEqual(['NA', 'nan', '<NA>', '', '']);
    expect(String(none.table.getChild('b')!.type)).toBe('Utf8');
    for (const options of [{ naValues: ['-999'] }, { keepDefaultNa: false }, { keepDefaultNa: false, naValues: ['', 'x'] }]) {
      const mem = await readTable(p, { csv: options });
      const src = await openCsvSource(p, { ...options, batchRows: 2 });
      const rows: unknown[] = [];
      for await (const b of src.batches()) for (let i = 0; i < b.numRows; i++) rows.push(b.get(i)!.toJSON());
      expect(rows).toEqual(mem.table.toArray().map((r) => r.toJSON()));
      const chunks: Uint8Array[] = [];
      await writeBatches({ write: async (c) => void chunks.push(c) }, 'csv', src.schema, src.batches(), {});
      expect(decode(Buffer.concat(chunks))).toBe(csv);
    }
  });

  it('--na-values and --keep-default-na reach the reader from the command line', async () => {
    const lines = ['v,w,label'];
    for (let i = 0; i < 30; i++) lines.push(`${i % 5 === 0 ? 'NA' : i},${i % 4 === 0 ? '-999' : i * 2},${i < 8 ? 'rare' : 'common'}`);
    const input = tmp.put('cli.csv', `${lines.join('\n')}\n`);
    const run = async (...extra: string[]) => {
      const summary = path.join(tmp.dir, 'summary.json');
      const out = path.join(tmp.dir, 'cli-out.csv');
      const result = await cli(['augment', '--input', input, '--output', out, '--label', 'label', '--model', 'random', '--summary', summary, '--quiet', ...extra]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(readFileSync(out, 'utf8').split('\n').slice(0, 31)).toEqual(lines.map((l, i) => (i === 0 ? `${l},is_synthetic` : `${l},false`)));
      const columns = (JSON.parse(readFileSync(summary, 'utf8')) as { columns: { name: string; type: string; role: string }[] }).columns;
      const synthetic = readFileSync(out, 'utf8').trimEnd().split('\n').slice(31).map((l) => l.split(',')[1]);
      return { types: Object.fromEntries(columns.map((c) => [c.name, `${c.role}:${c.type}`])), w: new Set(synthetic) };
    };
    const plain = await run();
    expect(plain.types).toMatchObject({ v: 'numeric:Int32', w: 'numeric:Int32' });
    expect(plain.w.has('-999')).toBe(true);
    expect((await run('--keep-default-na', 'false')).types).toMatchObject({ v: 'categorical:Utf8' });
    // -999 is missing now: the copies of those rows have an empty field there (the originals keep theirs).
    const minus = await run('--na-values=-999');
    expect(minus.w.has('-999')).toBe(false);
    expect(minus.w.has('')).toBe(true);
    const bad = await cli(['augment', '--input', input, '--output', path.join(tmp.dir, 'x.csv'), '--label', 'label', '--keep-default-na', 'maybe']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--keep-default-na must be true or false, got 'maybe'/);
  });
});
