import { copyFile, mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { Bool, Field, Float64, RecordBatch, Schema, Struct, makeData, vectorFromArray, type Table } from 'apache-arrow';
import { readOffsetIndex } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBuiltins } from '../../src/index.js';
import { readTable } from '../../src/io/index.js';
import { resolveAugmentOptions } from '../../src/options/index.js';
import type { ProgressEvent } from '../../src/progress.js';
import { prepareAugmentRun } from '../../src/stream/augment-run.js';
import { augmentStream } from '../../src/stream/augment-stream.js';
import { openBatchSource } from '../../src/io/batch-source.js';
import { writeCopyPass } from '../../src/stream/copy-pass.js';
import { readAt, readParquetFooter } from '../../src/io/parquet/footer.js';
import { planSplice } from '../../src/io/parquet/splice-plan.js';

let dir: string;
let db: DuckDBInstance;
let con: DuckDBConnection;
const ROWS = 10_000;

/** DuckDB's typed table: several row groups, nulls, int64, dates, timestamps, decimals, dictionary strings. */
const TYPED = `CREATE TABLE typed AS SELECT i::BIGINT AS id, CASE WHEN i % 7 = 0 THEN NULL ELSE random() END AS x, random()::FLOAT AS y,
  (i % 1000)::INTEGER AS n, (i % 100)::SMALLINT AS s, DATE '2024-01-01' + (i % 300)::INTEGER AS d,
  TIMESTAMP '2024-01-01' + INTERVAL (i) SECOND AS ts, TIMESTAMPTZ '2024-01-01 00:00:00+00' + INTERVAL (i) MINUTE AS tz,
  (i * 1.5)::DECIMAL(18,3) AS amount, ((i % 999) / 10)::DECIMAL(5,2) AS small,
  CASE WHEN i % 11 = 0 THEN NULL ELSE ['oslo','rome','paris'][1 + i % 3] END AS city, 'note-' || i AS note, i % 2 = 0 AS flag,
  CASE WHEN i % 20 = 0 THEN 'fraud' ELSE 'ok' END AS label FROM range(${ROWS}) t(i)`;

const query = async (sql: string): Promise<Record<string, unknown>[]> =>
  (await con.runAndReadAll(sql)).getRowObjectsJS().map((r) => JSON.parse(JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))) as Record<string, unknown>);
const rows = (t: Table): string[] =>
  Array.from({ length: t.numRows }, (_, i) => JSON.stringify(t.get(i)!.toJSON(), (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)));
const dataView = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);
const types = (t: Table): string[] => t.schema.fields.map((f) => `${f.name}:${String(f.type)}`);

/** A file whose columns are all REQUIRED (DuckDB writes OPTIONAL even for NOT NULL columns). */
async function writeRequired(input: string): Promise<void> {
  const n = 3000;
  const label = Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 'fraud' : 'ok'));
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'f0', data: Float64Array.from({ length: n }, (_, i) => Math.sin(i) + (label[i] === 'fraud' ? 2 : 0)), columnIndex: true },
      { name: 'f1', data: Float64Array.from({ length: n }, (_, i) => Math.cos(i * 7)) },
      { name: 'label', data: label, bloomFilter: true },
    ],
    schema: [
      { name: 'root', num_children: 3 },
      { name: 'f0', type: 'DOUBLE', repetition_type: 'REQUIRED' },
      { name: 'f1', type: 'DOUBLE', repetition_type: 'REQUIRED' },
      { name: 'label', type: 'BYTE_ARRAY', repetition_type: 'REQUIRED', converted_type: 'UTF8' },
    ],
    rowGroupSize: 1000,
    pageSize: 2048, // several pages per chunk, so the page indexes are written
  });
  await writeFile(input, new Uint8Array(buffer));
}

beforeAll(async () => {
  registerBuiltins();
  dir = await mkdtemp(path.join(tmpdir(), 'gan-augment-splice-'));
  db = await DuckDBInstance.create(':memory:');
  con = await db.connect();
  await con.run(`SELECT setseed(0.5); ${TYPED}`);
  for (const codec of ['snappy', 'zstd', 'uncompressed']) {
    await con.run(`COPY typed TO '${path.join(dir, `typed-${codec}.parquet`)}' (FORMAT parquet, ROW_GROUP_SIZE 2048, COMPRESSION ${codec})`);
  }
  await writeRequired(path.join(dir, 'required.parquet'));
});
afterAll(async () => {
  con?.closeSync();
  await rm(dir, { recursive: true, force: true });
});

/** One prepared run written both ways: row groups copied, and decoded/re-encoded. */
async function bothWays(input: string, name: string, extra: Record<string, unknown> = {}, progress?: (e: ProgressEvent) => void) {
  const options = resolveAugmentOptions({ input, output: 'unused.parquet', label: 'label', model: 'smote', seed: 3, quiet: true, ignore: ['note'], ...extra });
  const run = await prepareAugmentRun(await openBatchSource(input), options, 100_000);
  const spliced = path.join(dir, `${name}-spliced.parquet`);
  const decoded = path.join(dir, `${name}-decoded.parquet`);
  try {
    const a = await writeCopyPass(run, spliced, 'parquet', progress ? { progress } : {});
    const b = await writeCopyPass(run, decoded, 'parquet', { reencode: true });
    return { a, b, spliced, decoded, synthetic: run.syntheticRows };
  } finally {
    await run.dispose();
  }
}

/** Rows in one file and not the other, both ways, as DuckDB decodes them (0 when equal as multisets). */
async function duckDifference(a: string, b: string): Promise<number> {
  const [r] = await query(`SELECT (SELECT count(*) FROM (SELECT * FROM read_parquet('${a}') EXCEPT ALL SELECT * FROM read_parquet('${b}')))
    + (SELECT count(*) FROM (SELECT * FROM read_parquet('${b}') EXCEPT ALL SELECT * FROM read_parquet('${a}'))) AS n`);
  return r!['n'] as number;
}

describe('copy pass: input row groups copied byte for byte', () => {
  it.each(['snappy', 'zstd', 'uncompressed'])('%s: same rows as the decode path, read back by our reader and by DuckDB', async (codec) => {
    const input = path.join(dir, `typed-${codec}.parquet`);
    const events: ProgressEvent[] = [];
    const { a, b, spliced, decoded, synthetic } = await bothWays(input, codec, {}, (e) => events.push(e));
    expect(a.copy).toBe('row-groups');
    expect(b.copy).toBe('re-encoded');
    expect(synthetic).toBeGreaterThan(1000);

    const ta = (await readTable(spliced)).table;
    const tb = (await readTable(decoded)).table;
    expect(ta.numRows).toBe(ROWS + synthetic);
    expect(types(ta)).toEqual(types(tb));
    expect(rows(ta)).toEqual(rows(tb));
    expect(ta.getChild('is_synthetic')!.toArray().filter(Boolean).length).toBe(synthetic);

    // DuckDB decodes every column of both files to the same rows, and the originals to the input's.
    expect(await duckDifference(spliced, decoded)).toBe(0);
    const [orig] = await query(`SELECT count(*) AS n FROM (SELECT * EXCLUDE (is_synthetic) FROM read_parquet('${spliced}') WHERE NOT is_synthetic
      EXCEPT ALL SELECT * FROM read_parquet('${input}'))`);
    expect(orig!['n']).toBe(0);
    expect(await query(`SELECT is_synthetic, count(*)::INTEGER AS n, count(x)::INTEGER AS x FROM read_parquet('${spliced}') GROUP BY ALL ORDER BY ALL`)).toEqual(
      await query(`SELECT is_synthetic, count(*)::INTEGER AS n, count(x)::INTEGER AS x FROM read_parquet('${decoded}') GROUP BY ALL ORDER BY ALL`),
    );
    // The input's row groups and codec are kept; the run summary is in the footer.
    const groups = await query(`SELECT row_group_id, compression FROM parquet_metadata('${spliced}') WHERE path_in_schema = 'x' ORDER BY row_group_id`);
    expect(groups.slice(0, 5).map((g) => g['compression'])).toEqual(new Array(5).fill(codec.toUpperCase()));
    const kv = await query(`SELECT decode(key) AS key FROM parquet_kv_metadata('${spliced}')`);
    expect(kv.map((k) => k['key'])).toEqual(expect.arrayContaining(['gan_augment', 'ARROW:schema']));
    // Statistics of copied chunks survive (DuckDB can still skip row groups).
    const [stats] = await query(`SELECT stats_min_value AS lo, stats_max_value AS hi FROM parquet_metadata('${spliced}') WHERE row_group_id = 0 AND path_in_schema = 'id'`);
    expect(stats).toEqual({ lo: '0', hi: '2047' });

    const writes = events.filter((e) => e.phase === 'write');
    expect(writes.some((e) => /byte for byte/.test(e.message ?? ''))).toBe(true);
    expect(writes.at(-1)).toMatchObject({ done: ROWS + synthetic, total: ROWS + synthetic, unit: 'rows' });
  });

  it('splices a Hive-partitioned folder, adding constant partition columns', async () => {
    const root = path.join(dir, 'hive');
    for (const [k, day] of ['2024-01-01', '2024-01-02'].entries()) {
      await mkdir(path.join(root, `date=${day}`), { recursive: true });
      await con.run(`COPY (SELECT * EXCLUDE (d) FROM typed WHERE id % 2 = ${k}) TO '${path.join(root, `date=${day}`, 'part-0.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 1500)`);
    }
    await writeFile(path.join(root, '_SUCCESS'), '');
    const { a, spliced, decoded } = await bothWays(root, 'hive', { ignore: ['note', 'date'] });
    expect(a.copy).toBe('row-groups');
    expect(rows((await readTable(spliced)).table)).toEqual(rows((await readTable(decoded)).table));
    expect(await duckDifference(spliced, decoded)).toBe(0);
    expect(await query(`SELECT date, count(*)::INTEGER AS n FROM read_parquet('${spliced}') WHERE NOT is_synthetic GROUP BY ALL ORDER BY ALL`)).toEqual([
      { date: '2024-01-01', n: ROWS / 2 },
      { date: '2024-01-02', n: ROWS / 2 },
    ]);
  });

  it('keeps REQUIRED columns REQUIRED, and page indexes and bloom filters (input written by hyparquet-writer)', async () => {
    const input = path.join(dir, 'required.parquet');
    const { a, spliced, decoded } = await bothWays(input, 'required', { ignore: [] });
    expect(a.copy).toBe('row-groups');
    expect(rows((await readTable(spliced)).table)).toEqual(rows((await readTable(decoded)).table));
    expect(await duckDifference(spliced, decoded)).toBe(0);
    const schema = await query(`SELECT name, repetition_type FROM parquet_schema('${spliced}') WHERE name IN ('f0', 'label', 'is_synthetic') ORDER BY name`);
    expect(schema.map((s) => s['repetition_type'])).toEqual(['REQUIRED', 'REQUIRED', 'REQUIRED']);

    // Page indexes and bloom filters come along, pointing at the pages where they now are.
    const footers = await Promise.all([input, spliced].map(async (f) => {
      const handle = await open(f, 'r');
      try {
        const footer = await readParquetFooter(handle);
        const chunk = footer.metadata.row_groups[1]!.columns[0]!;
        const at = async (offset: bigint | undefined, length: number | undefined) => readAt(handle, Number(offset), length ?? 0);
        const offsets = readOffsetIndex({ view: dataView(await at(chunk.offset_index_offset, chunk.offset_index_length)), offset: 0 });
        const columnIndex = await at(chunk.column_index_offset, chunk.column_index_length);
        return { chunk, pages: offsets.page_locations.map((p) => Number(p.offset - chunk.meta_data!.data_page_offset)), columnIndex };
      } finally {
        await handle.close();
      }
    }));
    const [before, after] = footers as [(typeof footers)[0], (typeof footers)[0]];
    expect(before.pages.length).toBeGreaterThan(3);
    expect(after.pages).toEqual(before.pages);
    expect(after.chunk.meta_data!.data_page_offset).not.toBe(before.chunk.meta_data!.data_page_offset);
    expect(Array.from(after.columnIndex)).toEqual(Array.from(before.columnIndex));
    const probe = async (value: string) =>
      (await query(`SELECT bloom_filter_excludes AS x FROM parquet_bloom_probe('${spliced}', 'label', '${value}') WHERE row_group_id = 1`))[0]!['x'];
    expect(await probe('ok')).toBe(false);
    expect(await probe('no-such-label')).toBe(true);
  });
});

describe('copy pass: falls back to re-encoding when a raw copy cannot be exact', () => {
  it('re-encodes for a non-Parquet output and says so in the summary', async () => {
    const input = path.join(dir, 'typed-snappy.parquet');
    const output = path.join(dir, 'fallback.csv');
    const { summary } = await augmentStream({ input, output, label: 'label', model: 'smote', seed: 3, quiet: true, ignore: ['note'] });
    expect(summary.output).toMatchObject({ format: 'csv', copy: 're-encoded', copyReason: 'the output is csv, not Parquet' });
  });

  it('re-encodes a column the synthetic rows cannot be written into exactly (JSON)', async () => {
    const input = path.join(dir, 'json.parquet');
    await con.run(`COPY (SELECT x, id, ('{"k": ' || (id % 5) || '}')::JSON AS j, label FROM typed) TO '${input}' (FORMAT parquet, ROW_GROUP_SIZE 4000)`);
    const output = path.join(dir, 'json-out.parquet');
    const { summary } = await augmentStream({ input, output, label: 'label', model: 'random', seed: 3, quiet: true });
    expect(summary.output).toMatchObject({ copy: 're-encoded' });
    expect((summary.output as unknown as { copyReason: string }).copyReason).toMatch(/column 'j' \(BYTE_ARRAY JSON/);
    const added = summary.classes.reduce((s, c) => s + c.added, 0);
    expect(await query(`SELECT is_synthetic, count(*)::INTEGER AS n FROM read_parquet('${output}') GROUP BY ALL ORDER BY ALL`)).toEqual([
      { is_synthetic: false, n: ROWS },
      { is_synthetic: true, n: added },
    ]);
  });

  /** planSplice on `input` with the given synthetic batches (no model run needed). */
  async function plan(input: string, synthetic: (schema: Schema) => RecordBatch[] = () => []) {
    const source = await openBatchSource(input);
    const schema = new Schema([...source.schema.fields, new Field('is_synthetic', new Bool(), false)]);
    return planSplice(
      {
        source,
        schema,
        async *synthetic() {
          yield* synthetic(schema);
        },
      },
      'parquet',
    );
  }

  it('refuses nested columns, parts with different schemas, and nulls bound for a REQUIRED column', async () => {
    const nested = path.join(dir, 'nested.parquet');
    await con.run(`COPY (SELECT x, [n, n + 1] AS pair, label FROM typed) TO '${nested}' (FORMAT parquet)`);
    expect(await plan(nested)).toEqual({ copy: 're-encoded', reason: 'the input has nested columns' });

    const mixed = path.join(dir, 'mixed');
    await mkdir(mixed, { recursive: true });
    await con.run(`COPY (SELECT f0, f1, label FROM read_parquet('${path.join(dir, 'required.parquet')}')) TO '${path.join(mixed, 'a.parquet')}' (FORMAT parquet)`);
    await copyFile(path.join(dir, 'required.parquet'), path.join(mixed, 'b.parquet'));
    const mixedPlan = await plan(mixed);
    expect(mixedPlan.copy).toBe('re-encoded');
    expect(mixedPlan.copy === 're-encoded' && mixedPlan.reason).toMatch(/has a schema unlike/);

    const required = path.join(dir, 'required.parquet');
    expect((await plan(required)).copy).toBe('row-groups');
    const withNull = await plan(required, (schema) => {
      const f0 = vectorFromArray([1.5, null], new Float64()).data[0]!;
      const f1 = vectorFromArray([1, 2], new Float64()).data[0]!;
      const label = vectorFromArray(['fraud', 'fraud']).data[0]!;
      const flag = vectorFromArray([true, true], new Bool()).data[0]!;
      return [new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: 2, nullCount: 0, children: [f0, f1, label, flag] }))];
    });
    expect(withNull).toEqual({ copy: 're-encoded', reason: "column 'f0' is REQUIRED in the input but synthetic rows have nulls in it" });
  });
});
