import * as A from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { canonicalizeDataset, decodeDataset } from '../../src/schema/decode.js';
import { encodeTable, sortLevels } from '../../src/schema/encode.js';
import { inferRoles } from '../../src/schema/infer.js';
import { validatePlan } from '../../src/schema/plan.js';
import { mixedTable, table } from '../support/schema-tables.js';

const cells = (t: A.Table, name: string): unknown[] => {
  const v = t.getChild(name)!;
  return Array.from({ length: v.length }, (_, i) => {
    const x = v.get(i);
    return x !== null && typeof x === 'object' ? String(x) : x;
  });
};

describe('encodeTable / decodeDataset', () => {
  it('round-trips every supported type exactly: Table -> Dataset -> Table', () => {
    const input = mixedTable();
    const roles = inferRoles(input, { label: 'label' });
    const { dataset, plan } = encodeTable(input, roles);
    expect(dataset.rowCount).toBe(6);
    expect(dataset.classes).toEqual(['1', '2']);
    const output = decodeDataset(dataset, plan);
    expect(output.schema.fields.map((f) => f.name)).toEqual(input.schema.fields.map((f) => f.name));
    for (const field of input.schema.fields) {
      const out = output.schema.fields.find((f) => f.name === field.name)!;
      expect(String(out.type), field.name).toBe(String(field.type));
      if (field.name === 'nested') {
        expect(cells(output, 'nested').every((c) => c === null)).toBe(true); // ignored -> null
        continue;
      }
      if (field.name === 'i64') {
        // Float64 encoding cannot hold 2^53 + 1: the only documented loss.
        expect(cells(output, 'i64')).toEqual([1n, 9007199254740992n, null, -4n, 0n, 5n]);
        continue;
      }
      if (field.name === 'f64') {
        // NaN is a missing value: it comes back as null.
        expect(cells(output, 'f64')).toEqual([Math.PI, null, 1e300, -0.5, null, 2]);
        continue;
      }
      expect(cells(output, field.name), field.name).toEqual(cells(input, field.name));
    }
    expect(typeof output.getChild('label')!.get(0)).toBe('bigint');
    expect(A.DataType.isDictionary(output.getChild('dict')!.type)).toBe(true);
  });

  it('encodes nulls as NaN / -1 and sorts levels and classes', () => {
    const input = mixedTable();
    const { dataset } = encodeTable(input, inferRoles(input, { label: 'label' }));
    const text = dataset.features.find((f) => f.name === 'text')!;
    expect(text.kind).toBe('categorical');
    if (text.kind === 'categorical') {
      expect(text.levels).toEqual(['a', 'b', 'c']);
      expect([...text.codes]).toEqual([0, 1, -1, 0, 1, 2]);
    }
    const i8 = dataset.features.find((f) => f.name === 'i8')!;
    if (i8.kind !== 'numeric') throw new Error('i8 should be numeric');
    expect(i8.integer).toBe(true);
    expect(Number.isNaN(i8.values[2]!)).toBe(true);
    expect(sortLevels(['10', '2', '1'])).toEqual(['1', '2', '10']);
    expect(sortLevels(['b', 'a', '10'])).toEqual(['10', 'a', 'b']);
  });

  it('leaves rows with a missing label out of the dataset, and says which rows are in', () => {
    const input = table([
      ['x', new A.Float64(), [1, 2, 3, 4]],
      ['y', new A.Utf8(), ['a', null, 'b', 'a']],
    ]);
    const { dataset, rowIndex } = encodeTable(input, inferRoles(input, { label: 'y' }));
    expect(dataset.rowCount).toBe(3);
    expect([...rowIndex]).toEqual([0, 2, 3]);
    expect([...dataset.labels]).toEqual([0, 1, 0]);
  });

  it('rounds, clamps and snaps synthetic numbers to the column type when decoding', () => {
    const input = table([
      ['i8', new A.Int8(), [1, 2]],
      ['u8', new A.Uint8(), [1, 2]],
      ['i64', new A.Int64(), [1n, 2n]],
      ['f32', new A.Float32(), [1, 2]],
      ['day', new A.DateDay(), [0, 86_400_000]],
      ['ts', new A.TimestampSecond('UTC'), [0, 1000]],
      ['bool_label', new A.Bool(), [true, false]],
    ]);
    const { dataset, plan } = encodeTable(input, inferRoles(input, { label: 'bool_label' }));
    const synthetic = {
      ...dataset,
      rowCount: 1,
      labels: Int32Array.of(1),
      features: dataset.features.map((f) => {
        if (f.kind !== 'numeric') return f;
        // i64 is encoded as the distance from its smallest value (1n): 11.5 is 12.5 in the column.
        const v = { i8: 300.7, u8: -5, i64: 11.5, f32: 0.1, day: 86_400_000 * 1.6, ts: 1499.6 }[f.name]!;
        return { ...f, values: Float64Array.of(v) };
      }),
    };
    const out = decodeDataset(synthetic, plan);
    const row = out.get(0)!.toJSON() as Record<string, unknown>;
    expect(row.i8).toBe(127);
    expect(row.u8).toBe(0);
    expect(row.i64).toBe(13n);
    expect(row.f32).toBe(Math.fround(0.1));
    expect(row.day).toBe(86_400_000 * 2);
    expect(row.ts).toBe(1000);
    expect(row.bool_label).toBe(true);
    const canon = canonicalizeDataset(synthetic, plan);
    const values = Object.fromEntries(canon.features.map((f) => [f.name, f.kind === 'numeric' ? f.values[0] : undefined]));
    expect(values).toMatchObject({ i8: 127, u8: 0, i64: 12, f32: Math.fround(0.1), day: 86_400_000 * 2, ts: 1000 });
  });

  it('keeps int64 and uint64 values beyond 2^53 exact through encode and decode', () => {
    const ids = [2n ** 60n + 3n, 2n ** 60n + 4n, 2n ** 60n + 1n, 2n ** 60n + 9n, 2n ** 60n + 2n];
    const big = [2n ** 60n + 3n, 2n ** 60n + 4n, 2n ** 60n + 1n, 2n ** 53n + 1n, -(2n ** 62n) - 7n];
    const ubig = [2n ** 64n - 1n, 2n ** 64n - 2n, 2n ** 64n - 10n, 2n ** 64n - 7n, 2n ** 64n - 3n];
    const input = table([
      ['id', new A.Int64(), ids],
      ['wide', new A.Int64(), big],
      ['u', new A.Uint64(), ubig],
      ['y', new A.Utf8(), ['a', 'b', 'a', 'b', 'a']],
    ]);
    const { dataset, plan } = encodeTable(input, inferRoles(input, { label: 'y' }));
    expect(plan.columns.find((c) => c.name === 'id')!.offset).toBe(String(2n ** 60n + 1n));
    expect(plan.columns.find((c) => c.name === 'u')!.offset).toBe(String(2n ** 64n - 10n));
    // Saved models carry the plan as JSON: the offset survives it, and validatePlan accepts it.
    const saved = validatePlan(JSON.parse(JSON.stringify(plan)), 'test');
    const out = decodeDataset(dataset, saved);
    expect(Array.from(out.getChild('id')!.toArray() as BigInt64Array)).toEqual(ids);
    expect(Array.from(out.getChild('u')!.toArray() as BigUint64Array)).toEqual(ubig);
    // A column spanning more than 2^53 is exact at its smallest value and near elsewhere.
    const wide = Array.from(out.getChild('wide')!.toArray() as BigInt64Array);
    expect(wide[4]).toBe(big[4]);
    wide.forEach((v, i) => expect(Number(v - big[i]!)).toBeLessThanOrEqual(2 ** 10));
    expect(() => validatePlan({ ...plan, columns: plan.columns.map((c) => ({ ...c, offset: '1e5' })) }, 'edited')).toThrow(/table plan is invalid/);
  });

  it('reuses a given dictionary for dictionary columns', () => {
    const input = table([
      ['d', new A.Dictionary(new A.Utf8(), new A.Int32()), ['p', 'q', 'p']],
      ['y', new A.Utf8(), ['a', 'b', 'a']],
    ]);
    const { dataset, plan } = encodeTable(input, inferRoles(input, { label: 'y' }));
    const dictionary = input.getChild('d')!.data[0]!.dictionary!;
    const out = decodeDataset(dataset, plan, { dictionaries: new Map([['d', dictionary]]) });
    expect(out.getChild('d')!.data[0]!.dictionary).toBe(dictionary);
    expect([...out.getChild('d')!]).toEqual(['p', 'q', 'p']);
  });

  it('produces a JSON-serialisable plan that validates after a JSON round trip', () => {
    const input = mixedTable();
    const { plan } = encodeTable(input, inferRoles(input, { label: 'label' }));
    const back = validatePlan(JSON.parse(JSON.stringify(plan)), 'manifest.json');
    expect(back.columns.map((c) => c.role)).toContain('ignored');
    expect(() => validatePlan({ ...plan, version: 2 }, 'manifest.json')).toThrow(/version 2/);
    expect(() => validatePlan({ ...plan, arrowSchema: 'AAAA' }, 'manifest.json')).toThrow(/Arrow schema/);
  });
});
