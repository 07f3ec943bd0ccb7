import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Table as ArrowTable, type RecordBatch, type Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBuiltins } from '../../src/index.js';
import { GanAugmentError } from '../../src/errors.js';
import { readTable } from '../../src/io/index.js';
import { writeBatchesAtomically } from '../../src/io/write-batches.js';
import { Rng } from '../../src/random.js';
import { augment } from '../../src/api/augment.js';
import { augmentStream } from '../../src/stream/augment-stream.js';
import { openBatchSource, tableSource } from '../../src/io/batch-source.js';
import { collectTraining } from '../../src/stream/collect-training.js';
import { MANIFEST_NAME, type DatasetManifest } from '../../src/stream/dataset-layout.js';
import { writeGeneratedParquet } from '../support/generated-parquet.js';
import { registerJitter } from '../support/jitter-synthesizer.js';
import { imbalancedTable } from '../support/tables.js';

let dir: string;
let input: string;
const spec = { rows: 3000, cols: 4, minority: 0.05, seed: 11, batchRows: 700 };

beforeAll(async () => {
  registerBuiltins();
  dir = await mkdtemp(path.join(tmpdir(), 'gan-augment-stream-'));
  input = path.join(dir, 'input.parquet');
  await writeGeneratedParquet(input, spec, 500);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The same rows cut into batches of `size`. */
const rebatch = (t: Table, size: number): Table => {
  const batches: RecordBatch[] = [];
  for (let s = 0; s < t.numRows; s += size) batches.push(...t.slice(s, s + size).batches);
  return new ArrowTable(t.schema, batches);
};
const rows = (t: Table): string[] =>
  Array.from({ length: t.numRows }, (_, i) => JSON.stringify(t.get(i)!.toJSON(), (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)));
const counts = (t: Table, column: string): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const v of t.getChild(column)!) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
};

describe('streaming augment', () => {
  it('writes exactly the rows of the in-memory augment for the same seed', async () => {
    for (const model of ['smote', 'random']) {
      const streamed = path.join(dir, `streamed-${model}.parquet`);
      const inMemory = path.join(dir, `in-memory-${model}.parquet`);
      const { summary } = await augmentStream({ input, output: streamed, label: 'label', model, seed: 5, quiet: true });
      const table = (await readTable(input)).table;
      await augment({ input: table, output: inMemory, label: 'label', model, seed: 5, quiet: true });
      const a = (await readTable(streamed)).table;
      const b = (await readTable(inMemory)).table;
      expect(summary.classes.find((c) => c.class === 'fraud')!.added).toBeGreaterThan(2000);
      expect(a.numRows).toBe(summary.classes.reduce((s, c) => s + c.after, 0));
      expect(a.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual(b.schema.fields.map((f) => `${f.name}:${String(f.type)}`));
      expect(rows(a)).toEqual(rows(b));
      // The originals come first and unchanged.
      expect(rows(a.slice(0, spec.rows)).map((r) => JSON.parse(r) as Record<string, unknown>).map(({ is_synthetic, ...rest }) => JSON.stringify(rest))).toEqual(rows(table));
    }
  });

  it('applies --privacy-distance like the in-memory augment (same rows, same summary entry)', async () => {
    const streamed = path.join(dir, 'streamed-privacy.parquet');
    const { summary } = await augmentStream({ input, output: streamed, label: 'label', model: 'smote', seed: 5, quiet: true, privacyDistance: 'q0.2' });
    const inMemory = await augment({ input: (await readTable(input)).table, label: 'label', model: 'smote', seed: 5, quiet: true, privacyDistance: 'q0.2' });
    expect(summary.privacy!.dropped).toBeGreaterThan(0);
    expect(summary.privacy).toEqual(inMemory.summary.privacy);
    expect(rows((await readTable(streamed)).table)).toEqual(rows(inMemory.table));
  });

  it('writes Arrow IPC and CSV outputs with the same rows as Parquet', async () => {
    const base = { input, label: 'label', model: 'smote', seed: 3, quiet: true } as const;
    await augmentStream({ ...base, output: path.join(dir, 'x.parquet') });
    await augmentStream({ ...base, output: path.join(dir, 'x.arrows') });
    await augmentStream({ ...base, output: path.join(dir, 'x.csv') });
    const parquet = (await readTable(path.join(dir, 'x.parquet'))).table;
    expect(rows((await readTable(path.join(dir, 'x.arrows'))).table)).toEqual(rows(parquet));
    const csv = (await readTable(path.join(dir, 'x.csv'))).table;
    expect(csv.numRows).toBe(parquet.numRows);
    expect(counts(csv, 'is_synthetic')).toEqual(counts(parquet, 'is_synthetic'));
  });

  it('writes dictionary, int64 and other typed columns to an Arrow IPC file like the in-memory augment', async () => {
    registerJitter();
    const t = imbalancedTable();
    const typed = path.join(dir, 'typed.parquet');
    async function* twoGroups() {
      yield* t.slice(0, 40).batches;
      yield* t.slice(40).batches;
    }
    await writeBatchesAtomically(typed, 'parquet', t.schema, twoGroups(), { rowGroupRows: 40 });
    const output = path.join(dir, 'typed.arrow');
    await augmentStream({ input: typed, output, label: 'class', model: 'test-jitter', ignore: ['note'], quiet: true });
    const back = (await readTable(output)).table;
    const { table } = await augment({ input: (await readTable(typed)).table, label: 'class', model: 'test-jitter', ignore: ['note'], quiet: true });
    expect(String(back.schema.fields.find((f) => f.name === 'city')!.type)).toBe('Dictionary<Int32, Utf8>');
    expect(rows(back)).toEqual(rows(table));
  });

  it('reads a folder of Hive-partitioned parts as one table with the partition column', async () => {
    const root = path.join(dir, 'hive');
    for (const [k, day] of ['2024-01-01', '2024-01-02'].entries()) {
      await mkdir(path.join(root, `date=${day}`), { recursive: true });
      await writeGeneratedParquet(path.join(root, `date=${day}`, 'part-0.parquet'), { ...spec, rows: 1000, seed: 20 + k }, 300);
    }
    await writeFile(path.join(root, '_SUCCESS'), '');
    const output = path.join(dir, 'hive-out.parquet');
    const { summary } = await augmentStream({ input: root, output, label: 'label', model: 'smote', ignore: ['date'], quiet: true });
    const out = (await readTable(output)).table;
    expect(summary.input).toMatchObject({ rows: 2000, format: 'parquet-dataset' });
    expect(counts(out.slice(0, 2000), 'date')).toEqual({ '2024-01-01': 1000, '2024-01-02': 1000 });
    expect(counts(out, 'label')).toEqual(Object.fromEntries(summary.classes.map((c) => [c.class, c.after])));
  });

  it('keeps at most the cap of training rows per class, whatever the batch size', async () => {
    const table = (await readTable(input)).table;
    const collect = (batchRows: number) =>
      collectTraining(tableSource(rebatch(table, batchRows), 't', 'table', new Map(), []), 'label', { perClass: 400, rng: new Rng(9) });
    const a = await collect(700);
    const b = await collect(123);
    expect(Object.fromEntries(a.classCounts)).toEqual(counts(table, 'label'));
    expect(counts(a.table, 'label')).toEqual({ ok: 400, fraud: counts(table, 'label')['fraud'] });
    expect(a.sampledClasses).toEqual(['ok']);
    expect(rows(a.table)).toEqual(rows(b.table));
    // Below the cap every labelled row is kept, in input order.
    const all = await collectTraining(await openBatchSource(input), 'label', { perClass: 10_000, rng: new Rng(1) });
    expect(rows(all.table)).toEqual(rows(table));
  });

  it('writes the dataset layout: DuckDB reads it as one table with the right counts and provenance', async () => {
    const output = path.join(dir, 'training-set');
    const { summary } = await augmentStream({ input, output, outputLayout: 'dataset', label: 'label', model: 'smote', seed: 5, quiet: true });
    const manifest = JSON.parse(await readFile(path.join(output, MANIFEST_NAME), 'utf8')) as DatasetManifest;
    expect(manifest.originals.files).toEqual(['is_synthetic=false/input.parquet']);
    expect(manifest.synthetic.files).toEqual(['is_synthetic=true/part-00000.parquet']);
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    try {
      const sql = `select is_synthetic, label, count(*)::integer as n from read_parquet('${output}/**/*.parquet', hive_partitioning = true,
        hive_types = {'is_synthetic': BOOLEAN}) group by all order by all`;
      const got = (await con.runAndReadAll(sql)).getRowObjectsJS();
      const added = summary.classes.find((c) => c.class === 'fraud')!.added;
      const before = Object.fromEntries(summary.classes.map((c) => [c.class, c.before]));
      expect(got.map((r) => [r['is_synthetic'], r['label'], r['n']])).toEqual([
        [false, 'fraud', before['fraud']],
        [false, 'ok', before['ok']],
        [true, 'fraud', added],
      ]);
      const columns = (await con.runAndReadAll(`describe select * from read_parquet('${output}/**/*.parquet', hive_partitioning = true)`)).getRowObjectsJS();
      expect(columns.map((c) => c['column_name'])).toEqual(['f0', 'f1', 'f2', 'f3', 'city', 'label', 'is_synthetic']);
      // The synthetic rows equal those of the single-file output with the same seed.
      const single = (await readTable(path.join(dir, 'streamed-smote.parquet'))).table;
      const synthetic = (await con.runAndReadAll(`select f0 from read_parquet('${output}/is_synthetic=true/*.parquet', file_row_number = true) order by file_row_number`))
        .getRowObjectsJS()
        .map((r) => r['f0']);
      expect(synthetic).toEqual(Array.from(single.getChild('f0')!.toArray() as Float64Array).slice(spec.rows));
    } finally {
      con.closeSync();
    }
    const err = await augmentStream({ input, output, outputLayout: 'dataset', label: 'label', model: 'smote', quiet: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GanAugmentError);
    expect((err as Error).message).toMatch(/already exists and is not an empty folder/);
  });

  it('writes identical files whatever the input row groups, and never leaves a partial output', async () => {
    const other = path.join(dir, 'input-big-groups.parquet');
    const whole = (await readTable(input)).table;
    async function* batches() {
      yield* rebatch(whole, 3000).batches;
    }
    await writeBatchesAtomically(other, 'parquet', whole.schema, batches(), { rowGroupRows: 3000 });
    const a = path.join(dir, 'groups-a.parquet');
    const b = path.join(dir, 'groups-b.parquet');
    await augmentStream({ input, output: a, label: 'label', model: 'smote', quiet: true });
    await augmentStream({ input: other, output: b, label: 'label', model: 'smote', quiet: true });
    expect(rows((await readTable(a)).table)).toEqual(rows((await readTable(b)).table));
    const bad = await augmentStream({ input, output: path.join(dir, 'no-such-folder', 'x.parquet'), label: 'label', model: 'smote', quiet: true }).catch((e: unknown) => e);
    expect((bad as GanAugmentError).code).toBe('output');
  });
});
