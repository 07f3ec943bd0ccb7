import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as A from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GanAugmentError } from '../../src/errors.js';
import { readTable, writeTable } from '../../src/io/index.js';
import { augment } from '../../src/api/augment.js';
import type { RunSummary } from '../../src/stage/metadata.js';
import { registerJitter } from '../support/jitter-synthesizer.js';
import { imbalancedTable } from '../support/tables.js';

let dir: string;
let inputPath: string;
const input = imbalancedTable();

beforeAll(async () => {
  registerJitter();
  dir = await mkdtemp(path.join(tmpdir(), 'gan-augment-stage-'));
  inputPath = path.join(dir, 'input.parquet');
  await writeTable(input, inputPath);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const base = { label: 'class', model: 'test-jitter', ignore: ['note'], quiet: true } as const;
const rowsOf = (t: A.Table, from = 0, to = t.numRows) =>
  Array.from({ length: to - from }, (_, k) => {
    const row = t.get(from + k)!.toJSON() as Record<string, unknown>;
    return Object.fromEntries(Object.entries(row).map(([key, v]) => [key, typeof v === 'bigint' ? `${v}n` : v]));
  });
const counts = (t: A.Table, column = 'class') => {
  const out: Record<string, number> = {};
  for (const v of t.getChild(column)!) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
};

async function expectError(p: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(GanAugmentError);
  expect((err as GanAugmentError).code).toBe(code);
  expect((err as Error).message).toMatch(pattern);
}

describe('augment (test synthesizer)', () => {
  it('balances every class up to the majority, keeping input rows unchanged and first', async () => {
    const output = path.join(dir, 'auto.parquet');
    const { table, summary, outputPath } = await augment({ ...base, input: inputPath, output });
    expect(outputPath).toBe(output);
    expect(counts(table)).toEqual({ no: 60, yes: 60, maybe: 60 });
    expect(summary.classes).toEqual([
      { class: 'maybe', before: 6, added: 54, after: 60 },
      { class: 'no', before: 60, added: 0, after: 60 },
      { class: 'yes', before: 12, added: 48, after: 60 },
    ]);
    const n = input.numRows;
    const firstRows = rowsOf(table, 0, n).map(({ is_synthetic, ...rest }) => {
      expect(is_synthetic).toBe(false);
      return rest;
    });
    expect(firstRows).toEqual(rowsOf(input));
    const synth = rowsOf(table, n);
    expect(synth.every((r) => r.is_synthetic === true && r.note === null)).toBe(true);
    expect(synth.every((r) => ['paris', 'rome', 'oslo'].includes(r.city as string) && typeof r.member === 'boolean')).toBe(true);
    expect(synth.every((r) => Number.isInteger(r.age) && typeof r.big === 'string' && (r.big as string).endsWith('n'))).toBe(true);
    // Output types are the input's, plus the provenance column.
    expect(table.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual([
      ...input.schema.fields.map((f) => `${f.name}:${String(f.type)}`),
      'is_synthetic:Bool',
    ]);

    // The written file reads back with the same rows and the run metadata.
    const back = await readTable(output);
    expect(back.table.numRows).toBe(table.numRows);
    expect(rowsOf(back.table, 0, n).map(({ is_synthetic, ...r }) => r)).toEqual(rowsOf(input));
    const meta = JSON.parse(back.metadata.get('gan_augment')!) as RunSummary;
    expect(meta).toMatchObject({ tool: 'gan-augment', version: '0.1.0', model: 'test-jitter', seed: 42, strategy: 'auto', label: 'class' });
    expect(meta.classes).toEqual(summary.classes);
    // The file's copy leaves out the wall time (same seed, same bytes); the returned summary keeps it.
    expect(meta.training).toEqual({ epochs: summary.training!.epochs, finalMetrics: summary.training!.finalMetrics });
    expect(summary.training?.seconds).toBeTypeOf('number');
    expect(meta.copies.checked).toBe(true);
    expect(summary.backend).toBeTypeOf('string');
  });

  it('writes Arrow IPC output with the run summary in the schema metadata', async () => {
    const output = path.join(dir, 'out.arrow');
    await augment({ ...base, input: inputPath, output, strategy: 'maybe=8' });
    const back = await readTable(output);
    expect(back.format).toBe('arrow-file');
    expect(back.table.numRows).toBe(input.numRows + 2);
    expect(JSON.parse(back.metadata.get('gan_augment')!)).toMatchObject({ command: 'augment', strategy: 'maybe=8' });
    expect(String(back.table.schema.fields.find((f) => f.name === 'city')!.type)).toBe('Dictionary<Int32, Utf8>');
  });

  it('gives identical output for the same seed, and different output for another seed', async () => {
    const a = await augment({ ...base, input, seed: 7 });
    const b = await augment({ ...base, input, seed: '7' });
    const c = await augment({ ...base, input, seed: 8 });
    expect(rowsOf(a.table)).toEqual(rowsOf(b.table));
    expect(rowsOf(c.table)).not.toEqual(rowsOf(a.table));
  });

  it('follows --strategy and --minority', async () => {
    const r1 = await augment({ ...base, input, strategy: 'yes=20', output: undefined });
    expect(counts(r1.table)).toEqual({ no: 60, yes: 20, maybe: 6 });
    const r2 = await augment({ ...base, input, strategy: 0.5, minority: 'maybe' });
    expect(counts(r2.table)).toEqual({ no: 60, yes: 12, maybe: 30 });
    const r4 = await augment({ ...base, input, minority: ['no', 'yes'] });
    expect(counts(r4.table)).toEqual({ no: 60, yes: 60, maybe: 6 });
    expect(r4.summary.warnings.join(' ')).toMatch(/--minority names class 'no', which already has its target of 60 rows/);
    const r3 = await augment({ ...base, input, strategy: 'minority' });
    expect(counts(r3.table)).toEqual({ no: 60, yes: 12, maybe: 60 });
    expect(r3.table.getChild('is_synthetic')!.toArray().filter(Boolean).length).toBe(54);
  });

  it('drops exact copies of training rows and draws replacements (or keeps them on request)', async () => {
    const dropped = await augment({ ...base, input, modelParams: { copyRate: 0.5 } });
    expect(dropped.summary.copies.dropped).toBeGreaterThan(10);
    expect(dropped.summary.copies.sampleRounds).toBeGreaterThan(1);
    expect(counts(dropped.table)).toEqual({ no: 60, yes: 60, maybe: 60 });
    const key = (r: Record<string, unknown>) => JSON.stringify([r.age, r.income, r.big, r.city, r.member, r.class]);
    const training = new Set(rowsOf(input).map(key));
    expect(rowsOf(dropped.table, input.numRows).filter((r) => training.has(key(r)))).toEqual([]);

    const kept = await augment({ ...base, input, modelParams: 'copyRate=0.5', keepCopies: true });
    expect(kept.summary.copies.dropped).toBe(0);
    expect(kept.summary.copies.kept).toBeGreaterThan(10);
  });

  it('names the provenance column as asked and refuses one that clashes', async () => {
    const r = await augment({ ...base, input, provenanceColumn: 'synthetic_row' });
    expect(r.table.schema.fields.at(-1)!.name).toBe('synthetic_row');
    await expectError(augment({ ...base, input, provenanceColumn: 'age' }), 'usage', /--provenance-column: the input already has a column named 'age'/);
  });

  it('protects the input and writes an atomic --summary file', async () => {
    const before = await readFile(inputPath);
    await expectError(augment({ ...base, input: inputPath, output: inputPath }), 'output', /input/);
    expect(Buffer.compare(await readFile(inputPath), before)).toBe(0);
    const summaryPath = path.join(dir, 'summary.json');
    const output = path.join(dir, 'out.csv');
    await augment({ ...base, input: inputPath, output, summaryPath, strategy: 'maybe=10' });
    const summary = JSON.parse(await readFile(summaryPath, 'utf8')) as RunSummary;
    expect(summary.output).toMatchObject({ path: output, format: 'csv' });
    expect(summary.classes.find((c) => c.class === 'maybe')).toEqual({ class: 'maybe', before: 6, added: 4, after: 10 });
  });

  it('reports bad options and impossible requests before training', async () => {
    await expectError(augment({ ...base, input, epochs: -3 }), 'usage', /--epochs must be a positive integer, got -3/);
    await expectError(augment({ ...base, input, strategy: 'yes=5' }), 'usage', /yes=5 is below the 12 rows/);
    await expectError(augment({ ...base, input, model: 'nope' }), 'usage', /--model: unknown synthesizer 'nope'/);
    await expectError(augment({ ...base, input, label: 'klass' }), 'schema', /--label: column 'klass' is not in the input/);
    await expectError(augment({ ...base, input, output: path.join(dir, 'x.unknown') }), 'usage', /output format/);
    await expectError(augment({ ...base, input, ignore: [] }), 'schema', /'note' has 78 distinct values/);
    await expectError(augment({ ...base, input, modelParams: { bogus: 1 } }), 'usage', /unknown parameter 'bogus'/);
  });

  it('adds nothing (and trains nothing) when the classes are already at their targets', async () => {
    const r = await augment({ ...base, input, strategy: 'no=60' });
    expect(r.table.numRows).toBe(input.numRows);
    expect(r.summary.training).toBeNull();
    expect(r.summary.warnings.join(' ')).toMatch(/Nothing to add/);
  });

  it('keeps rows with a missing label unchanged and out of the counts', async () => {
    const csv = path.join(dir, 'with-missing.csv');
    const lines = ['x,y,class'];
    for (let i = 0; i < 30; i++) lines.push(`${i},${(i * 7) % 5},${i < 20 ? 'a' : i < 27 ? 'b' : ''}`);
    await writeFile(csv, `${lines.join('\n')}\n`);
    const r = await augment({ ...base, ignore: [], input: csv });
    expect(r.summary.unlabelledRows).toBe(3);
    expect(r.summary.classes).toEqual([
      { class: 'a', before: 20, added: 0, after: 20 },
      { class: 'b', before: 7, added: 13, after: 20 },
    ]);
    expect(r.table.numRows).toBe(30 + 13);
  });
});

describe('augment stopped by its signal', () => {
  it('never samples or writes from a half-trained model', async () => {
    const output = path.join(dir, 'aborted.parquet');
    const controller = new AbortController();
    controller.abort();
    const phases: string[] = [];
    await expect(
      augment({ ...base, input: inputPath, output, signal: controller.signal, progress: (e) => phases.push(e.phase) }),
    ).rejects.toThrow(/abort/i);
    expect(phases).not.toContain('sample');
    await expect(readFile(output)).rejects.toThrow(/ENOENT/);
  });
});
