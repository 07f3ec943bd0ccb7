/**
 * Round trips through every format: Parquet, Arrow IPC file, Arrow IPC stream and CSV keep every
 * value (int64 beyond 2^53, NaN, nulls, empty strings, quotes, timestamps) and, where the format
 * has it, the key-value metadata; compressed Arrow IPC (LZ4, ZSTD) reads.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataType } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { GanAugmentError } from '../../src/errors.js';
import type { ReadOptions } from '../../src/io/types.js';
import { type OutputFormat, outputFormatFor, readTable, readTableFromBytes, tableToBytes, writeTable } from '../../src/io/index.js';
import { N, cellsOf, expected, sampleTable } from '../support/sample-table.js';
import { fixturesDir } from '../support/shared-data.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'io-roundtrip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const META = { 'gan-augment': '{"seed":42,"plugin":"ctgan"}', note: 'caf\u00e9 \u2713' };
const cases: { ext: string; format: OutputFormat; input: string; types: Record<string, string>; hasMetadata: boolean; read?: ReadOptions }[] = [
  {
    ext: 'parquet',
    format: 'parquet',
    input: 'parquet',
    hasMetadata: true,
    types: { i32: 'Int32', i64: 'Int64', f64: 'Float64', flag: 'Bool', text: 'Utf8', cat: 'Dictionary<Int32, Utf8>', ts: 'Timestamp<MICROSECOND, UTC>' },
  },
  {
    ext: 'arrow',
    format: 'arrow',
    input: 'arrow-file',
    hasMetadata: true,
    types: { i32: 'Int32', i64: 'Int64', f64: 'Float64', flag: 'Bool', text: 'Utf8', cat: 'Dictionary<Int32, Utf8>', ts: 'Timestamp<MICROSECOND, UTC>' },
  },
  {
    ext: 'arrows',
    format: 'arrow-stream',
    input: 'arrow-stream',
    hasMetadata: true,
    types: { i32: 'Int32', i64: 'Int64', f64: 'Float64', flag: 'Bool', text: 'Utf8', cat: 'Dictionary<Int32, Utf8>', ts: 'Timestamp<MICROSECOND, UTC>' },
  },
  {
    // CSV keeps values; it has no dictionary type (cat reads back as Utf8) and no metadata. The
    // written `NaN` is a missing value by pandas' defaults: only the empty field is, to keep NaN apart.
    ext: 'csv',
    format: 'csv',
    input: 'csv',
    hasMetadata: false,
    read: { csv: { keepDefaultNa: false, naValues: [''] } },
    types: { i32: 'Int32', i64: 'Int64', f64: 'Float64', flag: 'Bool', text: 'Utf8', cat: 'Utf8', ts: 'Timestamp<MICROSECOND, UTC>' },
  },
];

describe('round trips', () => {
  for (const c of cases) {
    it(`keeps every value through ${c.format}`, async () => {
      const file = path.join(dir, `sample.${c.ext}`);
      const result = await writeTable(sampleTable(), file, { metadata: META });
      expect(result.format).toBe(c.format);
      expect(result.bytes).toBe(readFileSync(file).length);
      const back = await readTable(file, c.read);
      expect(back.format).toBe(c.input);
      expect(back.table.numRows).toBe(N);
      for (const [name, type] of Object.entries(c.types)) {
        const col = back.table.getChild(name)!;
        expect(String(col.type), name).toBe(type);
        const want = Array.from({ length: N }, (_, i) => expected[name as keyof typeof expected](i));
        expect(cellsOf(col), name).toEqual(want);
      }
      if (c.hasMetadata) {
        expect(Object.fromEntries(back.metadata)).toEqual(META);
      } else {
        expect(back.metadata.size).toBe(0);
      }
    });
  }

  it('keeps a list<float32> embedding, a fixed-size list and field metadata through Parquet and Arrow', async () => {
    const { table } = await readTableFromBytes(
      await tableToBytes((await import('../support/list-table.js')).listTable(), 'parquet'),
      'lists.parquet',
    );
    expect(String(table.getChild('emb')!.type)).toBe('List<Float32>');
    expect(String(table.getChild('fixed')!.type)).toBe('FixedSizeList[3]<Float32>');
    expect(Array.from(table.getChild('emb')!.get(3)!)).toEqual([0, 0.5, 1]);
    expect(table.getChild('emb')!.get(1)).toBeNull();
    expect(Array.from(table.getChild('fixed')!.get(4)!)).toEqual([4, 5, 6]);
    expect(table.schema.fields[1]!.metadata.get('shape')).toBe('3');
    const arrow = await readTableFromBytes(await tableToBytes(table, 'arrow'), 'lists.arrow');
    expect(String(arrow.table.getChild('fixed')!.type)).toBe('FixedSizeList[3]<Float32>');
    expect(arrow.table.schema.fields[1]!.metadata.get('shape')).toBe('3');
  });

  it('writes many row groups and reads them back as one dictionary per column', async () => {
    const { bigTable } = await import('../support/list-table.js');
    const table = bigTable(150_000);
    const back = await readTableFromBytes(await tableToBytes(table, 'parquet'), 'big.parquet');
    expect(back.table.numRows).toBe(150_000);
    expect(back.table.batches.length).toBe(3); // 64k-row row groups
    const cat = back.table.getChild('cat')!;
    expect(DataType.isDictionary(cat.type)).toBe(true);
    expect(new Set(cat.data.map((d) => d.dictionary))).toHaveProperty('size', 1);
    expect(cat.get(149_999)).toBe(`c${149_999 % 5}`);
    expect(back.table.getChild('id')!.get(149_999)).toBe(149_999n);
    // And the Arrow IPC file format accepts the multi-batch dictionary column.
    const arrow = await readTableFromBytes(await tableToBytes(back.table, 'arrow'), 'big.arrow');
    expect(arrow.table.getChild('cat')!.get(70_001)).toBe(`c${70_001 % 5}`);
  });
});

describe('compressed Arrow IPC (as pandas to_feather writes)', () => {
  for (const name of ['compressed-lz4.arrow', 'compressed-lz4.arrows', 'compressed-zstd.arrow', 'compressed-zstd.arrows']) {
    it(`reads ${name}`, async () => {
      const { table, format } = await readTable(path.join(fixturesDir, name));
      expect(format).toBe(name.endsWith('.arrows') ? 'arrow-stream' : 'arrow-file');
      expect(table.numRows).toBe(1000);
      for (let i = 0; i < 1000; i++) {
        if (
          table.getChild('id')!.get(i) !== i ||
          table.getChild('big')!.get(i) !== 2n ** 60n + BigInt(i) ||
          table.getChild('x')!.get(i) !== (i % 7 === 0 ? null : i * 0.5) ||
          table.getChild('label')!.get(i) !== `class_${i % 3}`
        ) {
          throw new Error(`row ${i} differs`);
        }
      }
    });
  }

  it('refuses truncated or corrupted compressed files without hanging', async () => {
    for (const name of ['compressed-lz4.arrow', 'compressed-lz4.arrows', 'compressed-zstd.arrows']) {
      const bytes = readFileSync(path.join(fixturesDir, name));
      for (const cut of [10, 300, 600, Math.floor(bytes.length / 2), bytes.length - 20, bytes.length - 1]) {
        await expect(readTableFromBytes(bytes.subarray(0, cut), `${name}@${cut}`)).rejects.toBeInstanceOf(GanAugmentError);
      }
      // Damage the bytes of compressed buffers (after the schema, before the footer).
      for (let at = 700; at < bytes.length - 600; at += 997) {
        const copy = Uint8Array.from(bytes);
        copy.fill(0xee, at, at + 8);
        const outcome = await readTableFromBytes(copy, `${name}~${at}`).then(
          (r) => r.table.numRows,
          (e: unknown) => e,
        );
        if (typeof outcome !== 'number') expect(outcome).toBeInstanceOf(GanAugmentError);
      }
    }
  });
});

describe('outputFormatFor', () => {
  it('maps extensions and --format, and names the options when it cannot', () => {
    expect(outputFormatFor('a.parquet')).toBe('parquet');
    expect(outputFormatFor('a.PQ')).toBe('parquet');
    expect(outputFormatFor('a.feather')).toBe('arrow');
    expect(outputFormatFor('a.ipc')).toBe('arrow');
    expect(outputFormatFor('a.arrow')).toBe('arrow');
    expect(outputFormatFor('a.arrows')).toBe('arrow-stream');
    expect(outputFormatFor('a.csv')).toBe('csv');
    expect(outputFormatFor('-')).toBe('arrow-stream');
    expect(outputFormatFor('a.dat', 'csv')).toBe('csv');
    expect(() => outputFormatFor('a.dat')).toThrow(/--output.*--format|--format/s);
    try {
      outputFormatFor('a.xlsx');
    } catch (err) {
      expect(err).toBeInstanceOf(GanAugmentError);
      expect((err as GanAugmentError).code).toBe('usage');
      expect((err as GanAugmentError).message).toMatch(/--output 'a.xlsx'.*--format/);
    }
    expect(() => outputFormatFor('a.csv', 'xlsx')).toThrow(/--format 'xlsx'/);
  });
});
