/**
 * The stage on real shared datasets with the built-in ctgan plugin (few epochs: these tests check
 * the plumbing — counts, types, categories, provenance — not sample quality).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { registerBuiltins } from '../../plugins/index.js';
import { readTable } from '../../src/io/index.js';
import { augment } from '../../src/api/augment.js';
import { fitModel } from '../../src/api/fit-model.js';
import { sampleModel } from '../../src/stage/sample-model.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const datasets = path.join(path.resolve(repoRoot, '..', 'shared'), 'datasets');
const german = path.join(datasets, 'german_credit.csv');
const oil = path.join(datasets, 'oil_spill.csv');
const present = existsSync(german) && existsSync(oil);
if (!present) console.warn(`Skipping shared-dataset stage tests: ${datasets} is missing.`);

describe.skipIf(!present)('augment with ctgan on shared datasets', () => {
  registerBuiltins();

  it('german_credit (mixed types): balances the classes with seen categories and input types', async () => {
    // The stage reads a CSV's label as text (classes by their text): read the input the same way.
    const { table: input } = await readTable(german, { csv: { textColumns: ['label'] } });
    const { table, summary } = await augment({ input: german, label: 'label', model: 'ctgan', epochs: 2, seed: 5, quiet: true });
    expect(summary.classes).toEqual([
      { class: '1', before: 700, added: 0, after: 700 },
      { class: '2', before: 300, added: 400, after: 700 },
    ]);
    expect(table.numRows).toBe(1400);
    expect(table.schema.fields.slice(0, -1).map((f) => `${f.name}:${String(f.type)}`)).toEqual(input.schema.fields.map((f) => `${f.name}:${String(f.type)}`));
    const synthetic = table.slice(1000);
    expect([...synthetic.getChild('label')!].every((v) => String(v) === '2')).toBe(true);
    expect([...synthetic.getChild('is_synthetic')!].every((v) => v === true)).toBe(true);
    for (const column of summary.columns.filter((c) => c.role === 'categorical')) {
      const seen = new Set([...input.getChild(column.name)!].map(String));
      const made = new Set([...synthetic.getChild(column.name)!].map(String));
      for (const v of made) expect(seen.has(v), `${column.name}: ${v}`).toBe(true);
    }
    const duration = [...synthetic.getChild('duration_months')!].map(Number);
    expect(duration.every((v) => Number.isInteger(v))).toBe(true);
    expect(summary.backend).toMatch(/wasm|cpu|tensorflow/);
  });

  it('oil_spill (49 numeric columns, 41 minority rows): reaches the requested count', async () => {
    const { table, summary } = await augment({ input: oil, label: 'label', model: 'ctgan', epochs: 1, strategy: '1=200', seed: 5, quiet: true });
    expect(summary.classes.find((c) => c.class === '1')).toEqual({ class: '1', before: 41, added: 159, after: 200 });
    expect(table.numRows).toBe(937 + 159);
    const synthetic = table.slice(937);
    expect([...synthetic.getChild('label')!].every((v) => Number(v) === 1)).toBe(true);
    expect(synthetic.schema.fields.length).toBe(51);
    for (const field of synthetic.schema.fields.slice(0, -2)) {
      const values = [...synthetic.getChild(field.name)!];
      expect(values.every((v) => v === null || Number.isFinite(Number(v))), field.name).toBe(true);
    }
  });

  it('german_credit: the same seed gives the identical table; fit + sample round-trips a ctgan model', async () => {
    const run = (seed: number) => augment({ input: german, label: 'label', model: 'ctgan', epochs: 1, strategy: '2=340', seed, quiet: true });
    const rows = (t: import('apache-arrow').Table) => JSON.stringify(t.toArray(), (_, v) => (typeof v === 'bigint' ? String(v) : v));
    const [a, b] = [await run(9), await run(9)];
    expect(a.table.numRows).toBe(1040);
    expect(rows(a.table)).toBe(rows(b.table));

    const dir = await mkdtemp(path.join(tmpdir(), 'gan-augment-ctgan-model-'));
    try {
      const modelDir = path.join(dir, 'model');
      await fitModel({ input: german, label: 'label', model: 'ctgan', epochs: 1, seed: 9, modelDir, quiet: true });
      const s1 = await sampleModel({ modelDir, counts: '2=50', seed: 4, quiet: true });
      const s2 = await sampleModel({ modelDir, counts: '2=50', seed: 4, quiet: true });
      expect(s1.table.numRows).toBe(50);
      expect(rows(s1.table)).toBe(rows(s2.table));
      const labels = [...s1.table.getChild('label')!].map(String);
      expect(labels.filter((l) => l === '2').length).toBe(50);
      // ctgan trains on the minority classes by default: the majority class is refused by name.
      await expect(sampleModel({ modelDir, counts: '1=10', seed: 4, quiet: true })).rejects.toThrow(/--counts: the model cannot generate class '1': it was trained on '2' only/);
      const { table: input } = await readTable(german, { csv: { textColumns: ['label'] } });
      expect(s1.table.schema.fields.slice(0, -1).map((f) => String(f.type))).toEqual(input.schema.fields.map((f) => String(f.type)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
