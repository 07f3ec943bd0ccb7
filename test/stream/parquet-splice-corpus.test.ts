/**
 * The row-group splice against the Parquet format's own compatibility corpus and typical ML files
 * (../shared): every file either splices to a file with exactly its rows (read back by our
 * reader, and by DuckDB wherever DuckDB reads the input) or is sent to the re-encoding path with a
 * reason. No synthetic rows here: the copy of the originals is what is checked.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { Bool, Field, Schema, type Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTable } from '../../src/io/index.js';
import { openBatchSource } from '../../src/io/batch-source.js';
import { writeSplicedParquet } from '../../src/io/parquet/splice.js';
import { planSplice } from '../../src/io/parquet/splice-plan.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const shared = path.resolve(repoRoot, '..', 'shared');
const folders = [path.join(shared, 'parquet-testing', 'data'), path.join(shared, 'parquet-corpus')];
const exists = folders.every((f) => existsSync(f));
if (!exists) console.warn(`skipping the splice corpus test: ${folders.join(' and ')} not found`);

/** Rows as JSON, only the first `n` columns. */
const rows = (t: Table, n: number): string[] =>
  Array.from({ length: t.numRows }, (_, i) => {
    const r = t.get(i)!.toJSON() as Record<string, unknown>;
    return JSON.stringify(Object.keys(r).slice(0, n).map((k) => r[k]), (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  });

describe.skipIf(!exists)('row-group splice on the Parquet corpus', () => {
  let dir: string;
  let con: DuckDBConnection;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'gan-augment-splice-corpus-'));
    con = await (await DuckDBInstance.create(':memory:')).connect();
  });
  afterAll(async () => {
    con?.closeSync();
    await rm(dir, { recursive: true, force: true });
  });

  it('splices every flat file it accepts to exactly its rows, and says why it re-encodes the others', async () => {
    const spliced: string[] = [];
    const reasons = new Map<string, string>();
    const files = folders.flatMap((f) => readdirSync(f).filter((n) => n.endsWith('.parquet')).sort().map((n) => path.join(f, n)));
    for (const file of files) {
      let source;
      try {
        source = await openBatchSource(file);
      } catch {
        continue; // files our reader refuses never reach the copy pass
      }
      const schema = new Schema([...source.schema.fields, new Field('is_synthetic', new Bool(), false)], new Map([['run', 'test']]));
      const run = { source, schema, async *synthetic() {} };
      const decision = await planSplice(run, 'parquet');
      if (decision.copy === 're-encoded') {
        expect(decision.reason.length).toBeGreaterThan(10);
        reasons.set(path.basename(file), decision.reason);
        continue;
      }
      const out = path.join(dir, path.basename(file));
      await writeSplicedParquet(out, run, decision.plan);
      const before = (await readTable(file)).table;
      const after = (await readTable(out)).table;
      const n = before.schema.fields.length;
      expect(after.schema.fields.map((f) => f.name), file).toEqual([...before.schema.fields.map((f) => f.name), 'is_synthetic']);
      expect(rows(after, n), file).toEqual(rows(before, n));
      let duckReadsInput = true;
      try {
        await con.runAndReadAll(`SELECT * FROM read_parquet('${file}')`);
      } catch {
        duckReadsInput = false; // e.g. Hadoop LZ4, which DuckDB does not read
      }
      if (duckReadsInput) {
        const sql = `SELECT (SELECT count(*) FROM read_parquet('${out}'))::INTEGER AS total, (SELECT count(*) FROM read_parquet('${file}'))::INTEGER AS expected,
          (SELECT count(*) FROM (SELECT * EXCLUDE (is_synthetic) FROM read_parquet('${out}') EXCEPT ALL SELECT * FROM read_parquet('${file}')))::INTEGER AS extra`;
        const [r] = (await con.runAndReadAll(sql)).getRowObjectsJS();
        expect({ file, total: r!['total'], extra: r!['extra'] }).toEqual({ file, total: r!['expected'], extra: 0 });
      }
      spliced.push(path.basename(file));
    }
    expect(spliced.length).toBeGreaterThanOrEqual(40);
    expect(spliced).toEqual(expect.arrayContaining(['dict-page-offset-zero.parquet', 'delta_byte_array.parquet', 'data_index_bloom_encoding_with_length.parquet']));
    expect(reasons.get('int96_from_spark.parquet')).toMatch(/INT96/);
    expect(reasons.get('nested_lists.snappy.parquet')).toBe('the input has nested columns');
  });
});
