/**
 * The Arrow types pandas 3, Polars and Spark write, type x format: large_string (pandas 3's default),
 * string_view / binary_view / large_list (Polars), dictionaries with every index width, timestamps
 * with time zones, dates, decimals. Each is read from Arrow IPC (file and stream, plain, LZ4 and
 * ZSTD) and Parquet (ours; hyparquet-writer with a pyarrow-style ARROW:schema naming the large and
 * view types; DuckDB), written to Parquet, Arrow and CSV, read back with the same values, and
 * DuckDB reads our Parquet as an independent reader. Then the streaming augment runs from each
 * input to each output.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import * as a from 'apache-arrow';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeArrowSchema, ARROW_SCHEMA_KEY } from '../../src/io/arrow/schema-metadata.js';
import { registerArrowCodecs } from '../../src/io/arrow/codecs.js';
import { readTable, writeTable } from '../../src/io/index.js';
import { augmentStream } from '../../src/stream/augment-stream.js';
import { augment } from '../../src/index.js'; // also registers the built-in plugins (smote)
import { GanAugmentError } from '../../src/errors.js';
import { registerSynthesizer } from '../../src/registry.js';
import { seenByFit, spyFactory } from '../support/spy-synthesizer.js';

const N = 24;
const rows = Array.from({ length: N }, (_, i) => i);
const LEVELS = ['Lyon', 'Oslo', 'Kyiv'];
const level = (i: number): string | null => (i % 7 === 3 ? null : LEVELS[i % 3]!);
const dir = mkdtempSync(path.join(os.tmpdir(), 'io-type-matrix-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type OutFormat = 'parquet' | 'arrow' | 'csv';

interface Case {
  readonly name: string;
  make(): a.Vector;
  /** The expected value of row i as comparable text (null for missing). */
  value(i: number): string | null;
  /** The type read back from each output format (and from a Parquet input). */
  readonly types: Readonly<Record<OutFormat, string>>;
}

function dictionary(indices: a.Int): () => a.Vector {
  return () => {
    const dict = a.vectorFromArray(LEVELS, new a.Utf8());
    const wide = indices.bitWidth === 64;
    const data = rows.map((i) => LEVELS.indexOf(level(i) ?? 'Lyon'));
    const nullBitmap = new Uint8Array(Math.ceil(N / 8));
    rows.forEach((i) => level(i) !== null && (nullBitmap[i >> 3]! |= 1 << (i & 7)));
    const values = wide ? new (indices.isSigned ? BigInt64Array : BigUint64Array)(data.map((k) => BigInt(k))) : (indices.ArrayType as unknown as Int32ArrayConstructor).from(data);
    const nullCount = rows.filter((i) => level(i) === null).length;
    return a.makeVector(a.makeData({ type: new a.Dictionary(new a.Utf8(), indices as a.Int32), length: N, nullCount, nullBitmap, data: values as Int32Array, dictionary: dict }));
  };
}

const dictCase = (name: string, indices: a.Int, arrowIndex: string): Case => ({
  name,
  make: dictionary(indices),
  value: level,
  types: { arrow: `Dictionary<${arrowIndex}, Utf8>`, parquet: 'Dictionary<Int32, Utf8>', csv: 'Utf8' },
});

const MS = 1_700_000_000_000;
const CASES: readonly Case[] = [
  { name: 'large_string', make: () => a.vectorFromArray(rows.map(level), new a.LargeUtf8()), value: level, types: { arrow: 'LargeUtf8', parquet: 'Utf8', csv: 'Utf8' } },
  { name: 'string_view', make: () => a.vectorFromArray(rows.map((i) => (level(i) === null ? null : `${level(i)} is longer than twelve bytes`)), new a.Utf8View()), value: (i) => (level(i) === null ? null : `${level(i)} is longer than twelve bytes`), types: { arrow: 'Utf8View', parquet: 'Utf8', csv: 'Utf8' } },
  { name: 'binary_view', make: () => a.vectorFromArray(rows.map((i) => (i % 5 === 0 ? null : Uint8Array.of(i, 0, 255))), new a.BinaryView()), value: (i) => (i % 5 === 0 ? null : Buffer.from([i, 0, 255]).toString('base64')), types: { arrow: 'BinaryView', parquet: 'Binary', csv: 'Utf8' } },
  { name: 'large_binary', make: () => a.vectorFromArray(rows.map((i) => Uint8Array.of(65 + (i % 26))), new a.LargeBinary()), value: (i) => Buffer.from([65 + (i % 26)]).toString('base64'), types: { arrow: 'LargeBinary', parquet: 'Binary', csv: 'Utf8' } },
  { name: 'large_list', make: () => a.vectorFromArray(rows.map((i) => (i % 6 === 0 ? null : [i, i * 0.5])), new a.LargeList(new a.Field('item', new a.Float64(), true))), value: (i) => (i % 6 === 0 ? null : JSON.stringify([i, i * 0.5])), types: { arrow: 'LargeList<Float64>', parquet: 'List<Float64>', csv: 'Utf8' } },
  dictCase('dict_int8', new a.Int8(), 'Int8'),
  dictCase('dict_int16', new a.Int16(), 'Int16'),
  dictCase('dict_int32', new a.Int32(), 'Int32'),
  dictCase('dict_int64', new a.Int64(), 'Int32'),
  dictCase('dict_uint8', new a.Uint8(), 'Uint8'),
  dictCase('dict_uint16', new a.Uint16(), 'Uint16'),
  dictCase('dict_uint32', new a.Uint32(), 'Uint32'),
  dictCase('dict_uint64', new a.Uint64(), 'Int32'),
  { name: 'ts_paris_ms', make: () => a.vectorFromArray(rows.map((i) => MS + i * 1001), new a.TimestampMillisecond('Europe/Paris')), value: (i) => String(MS + i * 1001), types: { arrow: 'Timestamp<MILLISECOND, Europe/Paris>', parquet: 'Timestamp<MILLISECOND, Europe/Paris>', csv: 'Timestamp<MILLISECOND, UTC>' } },
  { name: 'ts_utc_us', make: () => a.vectorFromArray(rows.map((i) => (i % 4 === 0 ? null : MS + i * 1000)), new a.TimestampMicrosecond('UTC')), value: (i) => (i % 4 === 0 ? null : String((MS + i * 1000) * 1000)), types: { arrow: 'Timestamp<MICROSECOND, UTC>', parquet: 'Timestamp<MICROSECOND, UTC>', csv: 'Timestamp<MICROSECOND, UTC>' } },
  { name: 'ts_ny_ns', make: nanoseconds, value: (i) => String(BigInt(MS + i) * 1_000_000n + BigInt(i)), types: { arrow: 'Timestamp<NANOSECOND, America/New_York>', parquet: 'Timestamp<NANOSECOND, America/New_York>', csv: 'Timestamp<NANOSECOND, UTC>' } },
  { name: 'date32', make: () => a.vectorFromArray(rows.map((i) => new Date(Date.UTC(2024, 1, 1 + i))), new a.DateDay()), value: (i) => String(Date.UTC(2024, 1, 1 + i)), types: { arrow: 'Date32<DAY>', parquet: 'Date32<DAY>', csv: 'Date32<DAY>' } },
  { name: 'date64', make: () => a.vectorFromArray(rows.map((i) => (i % 8 === 1 ? null : new Date(Date.UTC(2023, 11, 1 + i)))), new a.DateMillisecond()), value: (i) => (i % 8 === 1 ? null : String(Date.UTC(2023, 11, 1 + i))), types: { arrow: 'Date64<MILLISECOND>', parquet: 'Date32<DAY>', csv: 'Date32<DAY>' } },
  { name: 'decimal_10_2', make: () => a.vectorFromArray(rows.map((i) => Uint32Array.of(i * 101 + 5, 0, 0, 0)), new a.Decimal(2, 10, 128)), value: (i) => String((i * 101 + 5) / 100), types: { arrow: 'Decimal[10e+2]', parquet: 'Decimal[10e+2]', csv: 'Float64' } },
  { name: 'decimal_30_4', make: () => a.vectorFromArray(rows.map((i) => Uint32Array.of(i * 12345, 0, 0, 0)), new a.Decimal(4, 30, 128)), value: (i) => String((i * 12345) / 10_000), types: { arrow: 'Decimal[30e+4]', parquet: 'Decimal[30e+4]', csv: 'Float64' } },
];

/** Built from bigints: apache-arrow's builder rounds nanoseconds through a double. */
function nanoseconds(): a.Vector {
  const data = BigInt64Array.from(rows, (i) => BigInt(MS + i) * 1_000_000n + BigInt(i));
  return a.makeVector(a.makeData({ type: new a.TimestampNanosecond('America/New_York'), length: N, nullCount: 0, data }));
}

function sourceTable(): a.Table {
  const columns: Record<string, a.Vector> = Object.fromEntries(CASES.map((c) => [c.name, c.make()]));
  columns['x'] = a.vectorFromArray(rows.map((i) => i * 1.5), new a.Float64());
  columns['y'] = a.vectorFromArray(rows.map((i) => (i < 18 ? 'no' : 'yes')), new a.Utf8());
  return new a.Table(columns);
}

/**
 * A cell as comparable text: bytes as base64, lists as JSON, decimals scaled, dates as epoch ms,
 * timestamps as the stored integer in their unit (the getter rounds through a double).
 */
function cell(vector: a.Vector, row: number): string | null {
  const v = vector.get(row) as unknown;
  if (v === null || v === undefined) return null;
  const type = vector.type as a.DataType;
  if (a.DataType.isTimestamp(type)) {
    let at = row;
    const chunk = vector.data.find((d) => (at < d.length ? true : ((at -= d.length), false)))!;
    return String((chunk.values as BigInt64Array)[at]);
  }
  if (a.DataType.isDecimal(type)) {
    const words = v as Uint32Array;
    let x = 0n;
    for (let w = 3; w >= 0; w--) x = (x << 32n) | BigInt(words[w]!);
    return String(Number(BigInt.asIntN(128, x)) / 10 ** type.scale);
  }
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v instanceof Date) return String(v.getTime());
  if (v instanceof a.Vector) return JSON.stringify(Array.from(v.toArray() as ArrayLike<number>));
  return String(v);
}

function expectColumns(table: a.Table, typeOf: (c: Case) => string, where: string): void {
  for (const c of CASES) {
    const column = table.getChild(c.name);
    expect(column, `${where}: column ${c.name}`).not.toBeNull();
    expect(String(column!.type), `${where}: type of ${c.name}`).toBe(typeOf(c));
    expect(rows.map((i) => cell(column!, i)), `${where}: values of ${c.name}`).toEqual(rows.map((i) => c.value(i)));
  }
}

// ---- inputs ------------------------------------------------------------------------------------

const cli = (tool: string) => (data: Uint8Array) => new Uint8Array(execFileSync(tool, ['-c', '-q'], { input: data }));
const haveCodecTools = ['lz4', 'zstd'].every((t) => spawnSync(t, ['--version']).status === 0);
if (!haveCodecTools) console.warn('test/io/type-matrix.test.ts: compressed IPC inputs skipped: the lz4 and zstd command-line tools are not installed (apt-get install lz4 zstd).');

function ipc(table: a.Table, kind: 'file' | 'stream', compression?: a.CompressionType): Uint8Array {
  const Writer = kind === 'file' ? a.RecordBatchFileWriter : a.RecordBatchStreamWriter;
  return Writer.writeAll(table, (compression === undefined ? {} : { compressionType: compression }) as never).toUint8Array(true);
}

/**
 * A Parquet file as pandas 3 / Polars write it: plain Parquet columns, but an ARROW:schema naming
 * the large and view types (written with hyparquet-writer directly, not through our writer).
 */
function pyarrowStyleParquet(table: a.Table): Uint8Array {
  const names = ['large_string', 'string_view', 'binary_view', 'large_binary', 'dict_int8'];
  const columnData = names.map((name) => {
    const v = table.getChild(name)!;
    const data = rows.map((i) => {
      const x = v.get(i) as unknown;
      return x === null ? null : x instanceof Uint8Array ? x : String(x);
    });
    return { name, data, type: (name.includes('binary') ? 'BYTE_ARRAY' : 'STRING') as 'STRING' };
  });
  const schema = new a.Schema(names.map((n) => table.schema.fields.find((f) => f.name === n)!));
  const buffer = parquetWriteBuffer({ columnData, kvMetadata: [{ key: ARROW_SCHEMA_KEY, value: encodeArrowSchema(schema) }] });
  return new Uint8Array(buffer);
}

describe('Arrow type matrix: read from every input format, written to every output format', () => {
  const source = sourceTable();
  const inputs: [string, string][] = [];
  const add = (name: string, bytes: Uint8Array): void => {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    inputs.push([name, file]);
  };
  add('in.arrow', ipc(source, 'file'));
  add('in.arrows', ipc(source, 'stream'));
  if (haveCodecTools) {
    // Encoders independent of our decoders (lz4js, fzstd), which stay registered for reading.
    registerArrowCodecs();
    for (const [type, tool] of [[a.CompressionType.LZ4_FRAME, 'lz4'], [a.CompressionType.ZSTD, 'zstd']] as const) {
      a.compressionRegistry.set(type, { encode: cli(tool), decode: a.compressionRegistry.get(type)!.decode! });
    }
    add('in-lz4.arrow', ipc(source, 'file', a.CompressionType.LZ4_FRAME));
    add('in-zstd.arrows', ipc(source, 'stream', a.CompressionType.ZSTD));
  }
  const parquetInput = path.join(dir, 'in.parquet');

  it('writes the source as Parquet (plain types) and reads it back', async () => {
    await writeTable(source, parquetInput);
    inputs.push(['in.parquet', parquetInput]);
    expectColumns((await readTable(parquetInput)).table, (c) => c.types.parquet, 'in.parquet');
  });

  for (const input of ['in.arrow', 'in.arrows', 'in-lz4.arrow', 'in-zstd.arrows', 'in.parquet']) {
    for (const out of ['parquet', 'arrow', 'csv'] as const) {
      it.skipIf(input.includes('-') && !haveCodecTools)(`${input} -> ${out}`, async () => {
        const file = path.join(dir, input);
        const read = (await readTable(file)).table;
        const readType = (c: Case): string => (input.endsWith('.parquet') ? c.types.parquet : c.types.arrow);
        expectColumns(read, readType, `read ${input}`);
        const written = path.join(dir, `${input}.out.${out}`);
        await writeTable(read, written);
        const back = (await readTable(written)).table;
        expectColumns(back, (c) => (out === 'arrow' ? readType(c) : c.types[out]), `${input} -> ${out}`);
      });
    }
  }

  it('reads a pyarrow-style Parquet file whose ARROW:schema names large and view types as plain types', async () => {
    const file = path.join(dir, 'pyarrow-style.parquet');
    writeFileSync(file, pyarrowStyleParquet(source));
    const table = (await readTable(file)).table;
    const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toEqual({ large_string: 'Utf8', string_view: 'Utf8', binary_view: 'Binary', large_binary: 'Binary', dict_int8: 'Dictionary<Int32, Utf8>' });
    for (const name of Object.keys(types)) {
      const c = CASES.find((k) => k.name === name)!;
      expect(rows.map((i) => cell(table.getChild(name)!, i)), name).toEqual(rows.map((i) => c.value(i)));
    }
    const out = path.join(dir, 'pyarrow-style.out.parquet');
    await writeTable(table, out);
    expect((await readTable(out)).table.numRows).toBe(N);
  });

  it('DuckDB reads our Parquet output of every type with the same values', async () => {
    const file = path.join(dir, 'in.arrow.out.parquet');
    await writeTable((await readTable(path.join(dir, 'in.arrow'))).table, file);
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    try {
      const described = (await con.runAndReadAll(`describe select * from read_parquet('${file}')`)).getRowObjectsJS();
      const types = Object.fromEntries(described.map((t) => [String(t.column_name), String(t.column_type)]));
      expect(types).toMatchObject({
        large_string: 'VARCHAR', string_view: 'VARCHAR', binary_view: 'BLOB', large_binary: 'BLOB', large_list: 'DOUBLE[]',
        dict_int8: 'VARCHAR', dict_int64: 'VARCHAR', dict_uint32: 'VARCHAR',
        ts_paris_ms: 'TIMESTAMP WITH TIME ZONE', ts_utc_us: 'TIMESTAMP WITH TIME ZONE',
        // DuckDB 1.5 reads a zoned nanosecond timestamp at microseconds (its TIMESTAMPTZ), so its values are not compared.
        ts_ny_ns: 'TIMESTAMP WITH TIME ZONE', date32: 'DATE', date64: 'DATE',
        decimal_10_2: 'DECIMAL(10,2)', decimal_30_4: 'DECIMAL(30,4)',
      });
      const sql = `select large_string, string_view, base64(binary_view) as binary_view, base64(large_binary) as large_binary,
        large_list, dict_int8, dict_int64, dict_uint32, epoch_ms(ts_paris_ms) as ts_paris_ms, epoch_us(ts_utc_us) as ts_utc_us,
        epoch_ms(date32::timestamp) as date32, epoch_ms(date64::timestamp) as date64, decimal_10_2::double as decimal_10_2,
        decimal_30_4::double as decimal_30_4 from read_parquet('${file}', file_row_number = true) order by file_row_number`;
      const got = (await con.runAndReadAll(sql)).getRowObjectsJS();
      expect(got).toHaveLength(N);
      for (const name of Object.keys(got[0]!)) {
        const c = CASES.find((k) => k.name === name)!;
        const values = got.map((r) => {
          const v = r[name];
          return v === null ? null : Array.isArray(v) ? JSON.stringify(v) : String(v);
        });
        expect(values, `DuckDB ${name}`).toEqual(rows.map((i) => c.value(i)));
      }
    } finally {
      con.closeSync();
      db.closeSync();
    }
  });

  it('reads a DuckDB-written Parquet file of the same kinds (timestamptz, date, decimals, enum, blob, list)', async () => {
    const file = path.join(dir, 'duckdb.parquet');
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    try {
      await con.run(`create type city as enum ('Lyon', 'Oslo', 'Kyiv')`);
      await con.run(`copy (select i, ['Lyon','Oslo','Kyiv'][i % 3 + 1]::city as city, 'row ' || i as note, ('\\xFF'::blob || i::varchar::blob) as raw,
        [i::double, i * 0.5] as emb, to_timestamp(1700000000 + i) as at, date '2024-02-01' + i::integer as day,
        ((i * 101 + 5) * 0.01)::decimal(10,2) as money, ((i * 12345) * 0.0001)::decimal(30,4) as big
        from range(${N}) t(i)) to '${file}' (format parquet)`);
    } finally {
      con.closeSync();
      db.closeSync();
    }
    const table = (await readTable(file)).table;
    const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toMatchObject({ city: 'Dictionary<Int32, Utf8>', note: 'Utf8', raw: 'Binary', emb: 'List<Float64>', at: 'Timestamp<MICROSECOND, UTC>', day: 'Date32<DAY>', money: 'Decimal[10e+2]', big: 'Decimal[30e+4]' });
    const col = (n: string) => rows.map((i) => cell(table.getChild(n)!, i));
    expect(col('city')).toEqual(rows.map((i) => LEVELS[i % 3]));
    expect(col('at')).toEqual(rows.map((i) => String((1_700_000_000 + i) * 1_000_000)));
    expect(col('day')).toEqual(rows.map((i) => String(Date.UTC(2024, 1, 1 + i))));
    expect(col('money')).toEqual(rows.map((i) => String((i * 101 + 5) / 100)));
    expect(col('big')).toEqual(rows.map((i) => String((i * 12345) / 10_000)));
    for (const out of ['parquet', 'arrow', 'csv'] as const) {
      const written = path.join(dir, `duckdb.out.${out}`);
      await writeTable(table, written);
      const back = (await readTable(written)).table;
      expect(back.numRows).toBe(N);
      expect(rows.map((i) => cell(back.getChild('money')!, i))).toEqual(col('money'));
      expect(rows.map((i) => cell(back.getChild('at')!, i))).toEqual(col('at'));
    }
  });

  for (const input of ['in.arrow', 'in-zstd.arrows', 'in.parquet']) {
    for (const out of ['parquet', 'arrow', 'csv'] as const) {
      it.skipIf(input.includes('-') && !haveCodecTools)(`streaming augment ${input} -> ${out}: input rows unchanged, synthetic rows typed`, async () => {
        const output = path.join(dir, `aug-${input}.${out}`);
        await augmentStream({ input: path.join(dir, input), label: 'y', output, model: 'smote', modelParams: { k_neighbors: 2 }, quiet: true, seed: 5 });
        const table = (await readTable(output)).table;
        expect(table.numRows).toBe(36);
        const readType = (c: Case): string => (input.endsWith('.parquet') ? c.types.parquet : c.types.arrow);
        expectColumns(table.slice(0, N), (c) => (out === 'arrow' ? readType(c) : c.types[out]), `augment ${input} -> ${out}`);
        const text = table.getChild('large_string')!;
        for (let r = N; r < table.numRows; r++) expect([...LEVELS, null]).toContain(text.get(r));
      });
    }
  }
});

describe('a column the output format cannot hold', () => {
  /** A struct column (Parquet output refuses nested types other than lists) next to the label. */
  function structTable(): a.Table {
    const point = a.vectorFromArray(rows.map((i) => ({ lat: i * 0.1, lon: -i })), new a.Struct([new a.Field('lat', new a.Float64(), true), new a.Field('lon', new a.Float64(), true)]));
    return new a.Table({ point, x: a.vectorFromArray(rows.map((i) => i * 1.5)), y: a.vectorFromArray(rows.map((i) => (i < 18 ? 'no' : 'yes'))) });
  }

  registerSynthesizer(spyFactory);

  it('is refused before the model is fitted, naming the column, for the in-memory and the streaming augment', async () => {
    seenByFit.length = 0;
    const parquetOut = path.join(dir, 'struct.parquet');
    const inMemory = await augment({ input: structTable(), label: 'y', model: 'spy', output: parquetOut, quiet: true }).catch((e: unknown) => e);
    expect(inMemory).toBeInstanceOf(GanAugmentError);
    expect((inMemory as GanAugmentError).message).toMatch(/Cannot write column 'point' of type Struct/);
    const file = path.join(dir, 'struct.arrow');
    await writeTable(structTable(), file);
    const streamed = await augmentStream({ input: file, label: 'y', model: 'spy', output: parquetOut, quiet: true }).catch((e: unknown) => e);
    expect((streamed as GanAugmentError).message).toMatch(/Cannot write column 'point'/);
    expect(seenByFit).toHaveLength(0);
    // Arrow IPC holds it: the same run works there.
    await augment({ input: structTable(), label: 'y', model: 'spy', output: path.join(dir, 'struct.out.arrow'), quiet: true });
    expect(seenByFit).toHaveLength(1);
  });
});
