/**
 * The streaming CSV source gives exactly the in-memory reader's schema and values (the batches
 * concatenated equal readTable's table), whatever the chunking, and the same errors; the
 * streaming augment of a CSV writes the rows the in-memory augment writes.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RecordBatch, Table } from 'apache-arrow';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBuiltins } from '../../src/index.js';
import { readTable } from '../../src/io/index.js';
import { Rng } from '../../src/random.js';
import { augment } from '../../src/api/augment.js';
import { augmentStream } from '../../src/stream/augment-stream.js';
import { openBatchSource } from '../../src/io/batch-source.js';
import { openCsvSource, type CsvSourceOptions } from '../../src/io/csv/source.js';
import { generatedCsv, type CsvSpec } from '../support/generated-csv.js';

let dir: string;
let n = 0;
beforeAll(async () => {
  registerBuiltins();
  dir = await mkdtemp(path.join(tmpdir(), 'gan-augment-csv-source-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(content: string | Uint8Array): Promise<string> {
  const p = path.join(dir, `f${n++}.csv`);
  await writeFile(p, content);
  return p;
}

const json = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : typeof x === 'number' && !Number.isFinite(x) ? String(x) : x));
const schemaOf = (s: Table['schema']) => s.fields.map((f) => `${f.name}:${String(f.type)}:${f.nullable}`);
const rowsOf = (batches: readonly RecordBatch[]) => batches.flatMap((b) => Array.from({ length: b.numRows }, (_, i) => json(b.get(i)!.toJSON())));

async function streamed(p: string, options: CsvSourceOptions = {}) {
  const src = await openCsvSource(p, options);
  const batches: RecordBatch[] = [];
  for await (const b of src.batches()) batches.push(b);
  return { src, batches };
}

/** Stream `p` and compare with readTable: same schema, same rows, batches of `batchRows`. */
async function expectSameAsInMemory(p: string, options: CsvSourceOptions = {}) {
  const mem = (await readTable(p, options.delimiter ? { csv: { delimiter: options.delimiter } } : {})).table;
  const { src, batches } = await streamed(p, options);
  expect(schemaOf(src.schema)).toEqual(schemaOf(mem.schema));
  expect(batches.map((b) => schemaOf(b.schema))).toEqual(batches.map(() => schemaOf(mem.schema)));
  expect(src.numRows).toBe(mem.numRows);
  expect(rowsOf(batches)).toEqual(rowsOf(mem.batches));
  if (options.batchRows !== undefined) {
    expect(batches.slice(0, -1).every((b) => b.numRows === options.batchRows)).toBe(true);
    expect(batches.at(-1)!.numRows).toBeLessThanOrEqual(options.batchRows);
  }
  return { mem, src, batches };
}

async function errorOf(run: () => Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await run();
  } catch (err) {
    const e = err as { code: string; message: string };
    return { code: e.code, message: e.message };
  }
  throw new Error('expected an error');
}

async function streamAll(p: string, options: CsvSourceOptions = {}) {
  return (await streamed(p, options)).batches;
}

describe('streaming CSV source', () => {
  const specs: [string, CsvSpec, CsvSourceOptions][] = [
    ['nulls, quotes, every type', { rows: 3000, seed: 1 }, { batchRows: 700 }],
    ['quoted empty strings, CRLF, BOM', { rows: 2500, seed: 2, quotedEmpty: true, eol: '\r\n', bom: true }, { batchRows: 1000, chunkBytes: 4093 }],
    ['semicolons, every field quoted', { rows: 1200, seed: 3, delimiter: ';', quoteAll: true }, { delimiter: ';', batchRows: 512, chunkBytes: 1000 }],
    ['tabs, one batch', { rows: 500, seed: 4, delimiter: '\t', quotedEmpty: true }, { delimiter: '\t' }],
  ];
  for (const [name, spec, options] of specs) {
    it(`equals the in-memory read: ${name}`, async () => {
      const { mem } = await expectSameAsInMemory(await file(generatedCsv(spec)), options);
      // The generated columns reach every inferred type.
      expect(schemaOf(mem.schema).map((s) => s.split(':')[1])).toEqual(
        ['Int32', 'Int64', 'Float64', 'Float64', 'Float64', 'Bool', 'Date32<DAY>', 'Timestamp<MICROSECOND, UTC>', 'Timestamp<MILLISECOND>', 'Utf8', 'Utf8', 'Float64', 'Utf8'],
      );
      const text = mem.getChild('text')!.toArray() as (string | null)[];
      expect(text.includes(null)).toBe(true);
      expect(text.includes('')).toBe(spec.quotedEmpty === true);
      expect(text.some((v) => v?.includes('\n'))).toBe(true);
    });
  }

  it('types a column from all rows: changes after row 70,000 apply to the first batch too', async () => {
    const rng = new Rng(7);
    const lines = ['id,late_float,late_int64,late_text,label'];
    for (let i = 0; i < 80_000; i++) {
      const late = i === 70_001;
      lines.push(`${i},${late ? '0.5' : rng.int(1000)},${late ? '9007199254740993' : rng.int(1000)},${late ? 'maybe' : rng.int(2) ? 'true' : 'false'},${i % 20 ? 'ok' : 'rare'}`);
    }
    const p = await file(`${lines.join('\n')}\n`);
    const { src, batches } = await expectSameAsInMemory(p);
    expect(schemaOf(src.schema)).toEqual(['id:Int32:true', 'late_float:Float64:true', 'late_int64:Int64:true', 'late_text:Utf8:true', 'label:Utf8:true']);
    expect(batches.map((b) => b.numRows)).toEqual([65_536, 80_000 - 65_536]);
    expect(batches[1]!.get(70_001 - 65_536)!.toJSON()).toMatchObject({ late_float: 0.5, late_int64: 9007199254740993n, late_text: 'maybe' });
  });

  it('reads the same whatever the chunk size (multi-byte characters, a BOM and quoted line breaks across chunks)', async () => {
    const p = await file('\uFEFFname,note,n\n"日本","a\r\nb",1\n🙂,"x,""y""",2\r\ncafé,"",\n,,3\n');
    const mem = (await readTable(p)).table;
    expect(mem.numRows).toBe(4);
    for (const chunkBytes of [1, 2, 3, 5, 7, 64]) await expectSameAsInMemory(p, { chunkBytes, batchRows: 3 });
  });

  it('equals the in-memory read for random small files, delimiters, line ends, BOMs, chunk and batch sizes', async () => {
    const values = ['', '1', '-7', '2.5', 'nan', 'TRUE', 'false', '2024-01-02', '2024-01-02T03:04:05Z', '2024-01-02 03:04:05.123456789', '9223372036854775808', 'a b', 'x,y', 'x;y', 'q"q', 'two\nlines', 'cr\rlf', 'é', '🙂'];
    const cell = fc.record({ value: fc.constantFrom(...values), quoted: fc.boolean() });
    const csvFile = fc.record({
      cols: fc.integer({ min: 1, max: 4 }),
      rows: fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { maxLength: 12 }),
      delimiter: fc.constantFrom(',', ';', '\t', '|'),
      eol: fc.constantFrom('\n', '\r\n'),
      bom: fc.constantFrom('', '\uFEFF', '\uFEFF\uFEFF'),
      chunkBytes: fc.integer({ min: 1, max: 40 }),
      batchRows: fc.integer({ min: 1, max: 5 }),
      finalEol: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(csvFile, async (f) => {
        const field = ({ value, quoted }: { value: string; quoted: boolean }) =>
          quoted || /[",;\t|\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
        const header = Array.from({ length: f.cols }, (_, i) => `c${i}`).join(f.delimiter);
        // A row of one bare empty field is a blank line, which both readers skip; keep rows countable.
        const lines = f.rows.map((r) => r.slice(0, f.cols).map(field).join(f.delimiter)).filter((l) => l !== '');
        const p = await file(`${f.bom}${[header, ...lines].join(f.eol)}${f.finalEol ? f.eol : ''}`);
        await expectSameAsInMemory(p, { delimiter: f.delimiter, chunkBytes: f.chunkBytes, batchRows: f.batchRows });
      }),
      { numRuns: 80, seed: 42 },
    );
  });

  it('keeps an in-memory-like single empty batch for a header-only file', async () => {
    const p = await file('a,b\n');
    const { batches } = await expectSameAsInMemory(p);
    expect(batches.map((b) => b.numRows)).toEqual([0]);
  });

  it('is what openBatchSource opens for a CSV file, with the row count known', async () => {
    const p = await file(generatedCsv({ rows: 100, seed: 9 }));
    const src = await openBatchSource(p);
    expect(src).toMatchObject({ format: 'csv', numRows: 100, files: [p] });
  });

  it('refuses bad files with the in-memory reader’s errors', async () => {
    const bad: [string, string | Uint8Array, RegExp][] = [
      ['ragged row', 'a,b\n1,2\n3\n4,5\n', /a row at line 3 has a different number of fields than the header/],
      ['ragged row far down', `a,b\n${'1,2\n'.repeat(5000)}1,2,3\n`, /a row at line 5002 has a different number/],
      ['unterminated quote', 'a,b\n1,"2\n', /invalid CSV/],
      ['invalid UTF-8', new Uint8Array([...Buffer.from('a,b\n1,2\n3,'), 0xff, 0x0a]), /not valid UTF-8 text \(line 3, byte offset 10\)/],
      ['character cut at the end', new Uint8Array([...Buffer.from('a,b\n1,'), 0xe6, 0x97]), /not valid UTF-8 text/],
      ['empty file', '', /the file is empty/],
      ['no header', '\n\n', /no header row/],
      ['repeated column', 'a,b,a\n1,2,3\n', /names column 'a' twice/],
    ];
    for (const [what, content, pattern] of bad) {
      const p = await file(content);
      const mem = await errorOf(() => readTable(p));
      for (const chunkBytes of [3, 1 << 20]) {
        const got = await errorOf(() => streamAll(p, { chunkBytes }));
        expect(got, what).toEqual(mem);
        expect(got.message, what).toMatch(pattern);
        expect(got.code, what).toBe('input');
      }
    }
  });

  it('refuses a file that changed between passes', async () => {
    const p = await file('a\n1\n2\n');
    const src = await openCsvSource(p);
    await writeFile(p, 'a\n1\n2\n3\n');
    await expect(async () => {
      for await (const _ of src.batches());
    }).rejects.toThrow(/changed/);
  });
});

describe('streaming augment of a CSV', () => {
  it('writes exactly the rows of the in-memory augment for the same seed', async () => {
    const rng = new Rng(21);
    const lines = ['f0,f1,city,when,label'];
    for (let i = 0; i < 3000; i++) {
      const rare = rng.int(20) === 0;
      lines.push(`${(rng.normal() + (rare ? 2 : 0)).toFixed(4)},${rng.int(100)},${['Lyon', 'Oslo', ''][rng.int(3)]},2024-01-${String(1 + rng.int(28)).padStart(2, '0')},${rare ? 'fraud' : 'ok'}`);
    }
    const input = await file(`${lines.join('\n')}\n`);
    for (const model of ['smote', 'random']) {
      const streamedOut = path.join(dir, `streamed-${model}.parquet`);
      const inMemoryOut = path.join(dir, `in-memory-${model}.parquet`);
      const { summary } = await augmentStream({ input, output: streamedOut, label: 'label', model, seed: 5, quiet: true });
      expect(summary.input).toMatchObject({ rows: 3000, format: 'csv' });
      await augment({ input: (await readTable(input)).table, output: inMemoryOut, label: 'label', model, seed: 5, quiet: true });
      const a = (await readTable(streamedOut)).table;
      const b = (await readTable(inMemoryOut)).table;
      expect(summary.classes.find((c) => c.class === 'fraud')!.added).toBeGreaterThan(2000);
      expect(schemaOf(a.schema)).toEqual(schemaOf(b.schema));
      expect(rowsOf(a.batches)).toEqual(rowsOf(b.batches));
    }
  });
});
