import * as A from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { GanAugmentError } from '../../src/errors.js';
import { inferRoles } from '../../src/schema/infer.js';
import { mixedTable, table } from '../support/schema-tables.js';

const roles = (t: A.Table, o: Parameters<typeof inferRoles>[1]) =>
  Object.fromEntries(inferRoles(t, o).columns.map((c) => [c.name, c.role]));

function schemaError(fn: () => unknown, pattern: RegExp, code = 'schema'): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(GanAugmentError);
    expect((err as GanAugmentError).code).toBe(code);
    expect((err as Error).message).toMatch(pattern);
    return;
  }
  throw new Error('expected an error');
}

const small = () =>
  table([
    ['n', new A.Int32(), [0, 1, 0, 1]],
    ['s', new A.Utf8(), ['a', 'b', 'a', 'b']],
    ['y', new A.Utf8(), ['p', 'q', 'p', 'p']],
  ]);

describe('inferRoles', () => {
  it('gives every Arrow type its role', () => {
    expect(roles(mixedTable(), { label: 'label' })).toEqual({
      i8: 'numeric', i64: 'numeric', u16: 'numeric', f32: 'numeric', f64: 'numeric', f16: 'numeric', dec: 'numeric',
      dday: 'numeric', dms: 'numeric', ts_us_tz: 'numeric', ts_s: 'numeric', time: 'numeric', dur: 'numeric',
      text: 'categorical', ltext: 'categorical', dict: 'categorical', flag: 'categorical',
      nested: 'ignored', label: 'label',
    });
    const { warnings } = inferRoles(mixedTable(), { label: 'label' });
    expect(warnings.join('\n')).toMatch(/'nested' is ignored/);
  });

  it('keeps few-valued integer columns numeric unless named in --categorical', () => {
    expect(roles(small(), { label: 'y' }).n).toBe('numeric');
    expect(roles(small(), { label: 'y', categorical: ['n'] }).n).toBe('categorical');
    expect(roles(small(), { label: 'y', ignore: ['s'] }).s).toBe('ignored');
  });

  it('ignores image-like and all-null columns with a warning', () => {
    const t = table([
      ['img', new A.FixedSizeList(4, new A.Field('p', new A.Float32())), [[0, 1, 0, 1], [1, 1, 1, 1]]],
      ['empty', new A.Float64(), [null, null]],
      ['y', new A.Utf8(), ['a', 'b']],
    ]);
    const out = inferRoles(t, { label: 'y' });
    expect(out.columns.map((c) => c.role)).toEqual(['ignored', 'ignored', 'label']);
    expect(out.warnings).toHaveLength(2);
  });

  it('refuses a missing label, listing the columns', () => {
    schemaError(() => inferRoles(small(), { label: 'class' }), /--label: column 'class' is not in the input.*'n', 's', 'y'/);
  });

  it('refuses an all-null label and a one-class label', () => {
    const t = table([['x', new A.Float64(), [1, 2]], ['y', new A.Utf8(), [null, null]]]);
    schemaError(() => inferRoles(t, { label: 'y' }), /every value of column 'y' is missing/);
    const u = table([['x', new A.Float64(), [1, 2]], ['y', new A.Utf8(), ['a', 'a']]]);
    schemaError(() => inferRoles(u, { label: 'y' }), /one class only \('a'\)/);
  });

  it('refuses duplicate column names', () => {
    const v = A.vectorFromArray([1, 2], new A.Float64());
    const w = A.vectorFromArray(['a', 'b'], new A.Utf8());
    const fields = [new A.Field('x', v.type), new A.Field('x', v.type), new A.Field('y', w.type)];
    const schema = new A.Schema(fields);
    const data = A.makeData({ type: new A.Struct(fields), length: 2, nullCount: 0, children: [v.data[0]!, v.data[0]!, w.data[0]!] });
    const t = new A.Table(schema, [new A.RecordBatch(schema, data)]);
    schemaError(() => inferRoles(t, { label: 'y' }), /two columns named 'x'/);
  });

  it('refuses unknown names in --categorical, --numeric and --ignore', () => {
    schemaError(() => inferRoles(small(), { label: 'y', categorical: ['zz'] }), /--categorical: column 'zz' is not in the input/);
    schemaError(() => inferRoles(small(), { label: 'y', ignore: ['zz'] }), /--ignore: column 'zz'/);
    schemaError(() => inferRoles(small(), { label: 'y', numeric: ['zz'] }), /--numeric: column 'zz'/);
  });

  it('refuses text marked numeric, and nested columns named explicitly', () => {
    schemaError(() => inferRoles(small(), { label: 'y', numeric: ['s'] }), /--numeric: column 's' holds text/);
    schemaError(() => inferRoles(mixedTable(), { label: 'label', categorical: ['nested'] }), /--categorical: column 'nested' has type/);
    schemaError(() => inferRoles(small(), { label: 'y', ignore: ['y'] }), /label column and cannot be ignored/, 'usage');
    schemaError(() => inferRoles(small(), { label: 'y', categorical: ['n'], numeric: ['n'] }), /both --categorical and --numeric/, 'usage');
  });

  it('refuses Infinity with the row count; NaN is a missing value', () => {
    const t = table([['x', new A.Float64(), [1, Infinity, -Infinity, NaN]], ['y', new A.Utf8(), ['a', 'b', 'a', 'b']]]);
    schemaError(() => inferRoles(t, { label: 'y' }), /Column 'x' holds Infinity in 2 rows/);
    const u = table([['x', new A.Float64(), [1, NaN, 3, NaN]], ['y', new A.Utf8(), ['a', 'b', 'a', 'b']]]);
    expect(roles(u, { label: 'y' }).x).toBe('numeric');
  });

  it('refuses identifier-like categorical columns with --ignore advice', () => {
    const n = 200;
    const t = table([
      ['id', new A.Utf8(), Array.from({ length: n }, (_, i) => `id-${i}`)],
      ['y', new A.Utf8(), Array.from({ length: n }, (_, i) => (i % 3 ? 'a' : 'b'))],
    ]);
    schemaError(() => inferRoles(t, { label: 'y' }), /'id' has 200 distinct values in 200 rows.*--ignore id/);
    expect(roles(t, { label: 'y', ignore: ['id'] }).id).toBe('ignored');
    const big = 2500;
    const u = table([
      ['code', new A.Int32(), Array.from({ length: big }, (_, i) => i % 1500)],
      ['y', new A.Utf8(), Array.from({ length: big }, (_, i) => (i % 3 ? 'a' : 'b'))],
    ]);
    schemaError(() => inferRoles(u, { label: 'y', categorical: ['code'] }), /more than 1000 distinct values.*--numeric code/);
  });
});
