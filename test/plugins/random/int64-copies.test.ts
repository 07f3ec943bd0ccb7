/**
 * `random`'s synthetic rows are training rows to the last digit, int64 and uint64 values beyond
 * 2^53 included (once off by one: the encoded doubles cannot hold them), in the augment and
 * through a saved model (fit, then sample).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Int64, Table, Uint64, Utf8, makeBuilder, RecordBatch, Schema, Field, Struct, makeData } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBuiltins } from '../../../src/index.js';
import { augment } from '../../../src/api/augment.js';
import { fitModel } from '../../../src/api/fit-model.js';
import { sampleModel } from '../../../src/stage/sample-model.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-int64-'));
beforeAll(() => registerBuiltins());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const N = 24;
const ids = Array.from({ length: N }, (_, i) => 2n ** 62n + 2n * BigInt(i) + 1n);
const unsigned = Array.from({ length: N }, (_, i) => 2n ** 64n - 1n - 3n * BigInt(i));
const labels = Array.from({ length: N }, (_, i) => (i < 18 ? 'common' : 'rare'));

function column(type: Int64 | Uint64 | Utf8, values: readonly unknown[]) {
  const b = makeBuilder({ type, nullValues: [null] });
  for (const v of values) b.append(v as never);
  return b.finish().flush();
}

function input(): Table {
  const fields = [new Field('id', new Int64(), false), new Field('u', new Uint64(), false), new Field('label', new Utf8(), false)];
  const children = [column(new Int64(), ids), column(new Uint64(), unsigned), column(new Utf8(), labels)];
  const schema = new Schema(fields);
  return new Table([new RecordBatch(schema, makeData({ type: new Struct(fields), length: N, children }))]);
}

/** Every synthetic row is one of the rare rows, id and u together. */
function expectRareRows(table: Table, from: number): void {
  const rare = new Set(ids.flatMap((id, i) => (labels[i] === 'rare' ? [`${id}/${unsigned[i]}`] : [])));
  expect(table.numRows).toBeGreaterThan(from);
  for (let r = from; r < table.numRows; r++) {
    const key = `${String(table.getChild('id')!.get(r))}/${String(table.getChild('u')!.get(r))}`;
    expect(rare.has(key), `row ${r}: ${key}`).toBe(true);
  }
}

describe('random copies int64 beyond 2^53 exactly', () => {
  it('in the augment', async () => {
    const { table } = await augment({ input: input(), label: 'label', model: 'random', quiet: true });
    for (let r = 0; r < N; r++) expect(table.getChild('id')!.get(r)).toBe(ids[r]);
    expectRareRows(table, N);
  });

  it('through a saved model', async () => {
    const modelDir = path.join(dir, 'model');
    await fitModel({ input: input(), label: 'label', model: 'random', modelDir, quiet: true });
    const { table } = await sampleModel({ modelDir, counts: 'rare=40', quiet: true });
    expect(table.numRows).toBe(40);
    expectRareRows(table, 0);
  });
});
