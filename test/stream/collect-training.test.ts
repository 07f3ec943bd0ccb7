/**
 * The first streaming pass gives the same training rows, class counts and types whether the
 * Parquet row groups are decoded in this thread or by 1 or 2 read workers, and the same as the
 * in-memory reader (readParquet) fed batch by batch: on a folder of DuckDB-written parts with
 * several row groups each, nulls (also in the label), strings and a sampled majority class.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Dictionary, Float64, Int32, Utf8, vectorFromArray, type DataType, type Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSharedReadPools } from '../../src/io/parquet/read-pool.js';
import { readParquet } from '../../src/io/parquet/read.js';
import { Rng } from '../../src/random.js';
import { listParquetParts, openBatchSource, type BatchSource } from '../../src/io/batch-source.js';
import { toLevel } from '../../src/schema/arrow-values.js';
import { collectTraining, labelCodes, type CollectedTraining } from '../../src/stream/collect-training.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'collect-training-'));
const parts = path.join(dir, 'parts');

beforeAll(async () => {
  mkdirSync(parts);
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  try {
    for (let p = 0; p < 3; p++) {
      const cols = [
        ...Array.from({ length: 4 }, (_, c) => `CASE WHEN (i + ${c}) % 9 = 0 THEN NULL ELSE random() + (i % 50 = 0)::INTEGER END AS f${c}`),
        `(i % 17)::INTEGER AS small`,
        `['north', 'south', NULL][1 + i % 3] AS region`,
        `CASE WHEN i % 97 = 0 THEN NULL WHEN i % 50 = 0 THEN 'fraud' WHEN i % 7 = 0 THEN 'review' ELSE 'ok' END AS label`,
      ];
      const rows = 9000 + 1000 * p;
      await con.run(`SELECT setseed(0.${p + 1}); COPY (SELECT ${cols.join(', ')} FROM range(${rows}) t(i)) TO '${path.join(parts, `part-${p}.parquet`)}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`);
    }
  } finally {
    con.closeSync();
  }
}, 60_000);
afterAll(async () => {
  await closeSharedReadPools();
  rmSync(dir, { recursive: true, force: true });
});

function cells(table: Table): unknown[][] {
  return table.schema.fields.map((_, c) => {
    const column = table.getChildAt(c)!;
    return Array.from({ length: table.numRows }, (_, r) => column.get(r) as unknown);
  });
}

function summary(c: CollectedTraining) {
  return {
    counts: Object.fromEntries(c.classCounts),
    total: c.totalRows,
    unlabelled: c.unlabelledRows,
    sampled: c.sampledClasses,
    types: c.table.schema.fields.map((f) => `${f.name}:${String(f.type)}`),
    rows: c.table.numRows,
  };
}

const collect = (source: BatchSource, perClass: number) => collectTraining(source, 'label', { perClass, rng: new Rng(11).fork('reservoir') });

/** The parts read whole by the in-memory reader, offered batch by batch. */
async function inMemorySource(): Promise<BatchSource> {
  const files = await listParquetParts(parts);
  const tables = await Promise.all(files.map(async (f) => (await readParquet(readFileSync(f), f)).table));
  const streaming = await openBatchSource(parts, { readWorkers: 0 });
  return {
    ...streaming,
    async *batches() {
      for (const t of tables) yield* t.batches;
    },
  };
}

describe('collectTraining over Parquet', () => {
  it('keeps the same rows with 0, 1 and 2 read workers and as the in-memory reader, for a folder of parts', async () => {
    const perClass = 600; // 'ok' and 'review' are sampled, 'fraud' is kept whole
    const serial = await collect(await openBatchSource(parts, { readWorkers: 0 }), perClass);
    expect(serial.totalRows).toBe(30_000);
    expect([...serial.sampledClasses].sort()).toEqual(['ok', 'review']);
    expect(serial.unlabelledRows).toBeGreaterThan(0);
    const reference = await collect(await inMemorySource(), perClass);
    expect(summary(serial)).toEqual(summary(reference));
    expect(cells(serial.table)).toEqual(cells(reference.table));
    for (const readWorkers of [1, 2]) {
      const parallel = await collect(await openBatchSource(parts, { readWorkers }), perClass);
      expect(summary(parallel)).toEqual(summary(serial));
      expect(cells(parallel.table)).toEqual(cells(serial.table));
    }
  }, 60_000);

  it('keeps every labelled row, in input order, below the cap (one file, workers)', async () => {
    const file = path.join(parts, 'part-2.parquet');
    const { table } = await readParquet(readFileSync(file), file);
    const all = await collect(await openBatchSource(file, { readWorkers: 2 }), 100_000);
    const label = table.getChild('label')!;
    const labelled = Array.from({ length: table.numRows }, (_, r) => r).filter((r) => label.get(r) !== null);
    expect(all.table.numRows).toBe(labelled.length);
    const f0 = table.getChild('f0')!;
    const region = table.getChild('region')!;
    expect(Array.from({ length: all.table.numRows }, (_, k) => all.table.getChild('f0')!.get(k) as unknown)).toEqual(labelled.map((r) => f0.get(r) as unknown));
    expect(Array.from({ length: all.table.numRows }, (_, k) => all.table.getChild('region')!.get(k) as unknown)).toEqual(labelled.map((r) => region.get(r) as unknown));
  }, 60_000);

  it('resolves labels per row exactly as the per-row getter does (Utf8, Dictionary, numbers, nulls)', () => {
    const values = ['ok', null, 'fraud', 'ok', 'é', '', 'fraud', null];
    const cases: [unknown[], DataType][] = [
      [values, new Utf8()],
      [values, new Dictionary(new Utf8(), new Int32())],
      [[1, 2.5, null, Number.NaN, 1, -0], new Float64()],
    ];
    for (const [cells, type] of cases) {
      const data = vectorFromArray(cells, type).data[0]!;
      const { codes, levels } = labelCodes(data, type);
      const column = vectorFromArray(cells, type);
      const expected = Array.from({ length: cells.length }, (_, r) => toLevel(column.get(r), type));
      expect(Array.from(codes, (c) => (c < 0 ? null : levels[c]))).toEqual(expected);
    }
  });
});
