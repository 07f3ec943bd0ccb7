/** Small Arrow tables with every supported column type, shared by the schema tests. */
import * as A from 'apache-arrow';
import { tableFromColumns } from '../../src/schema/decode.js';

export function vector(type: A.DataType, values: unknown[]): A.Vector {
  const b = A.makeBuilder({ type, nullValues: [null, undefined] });
  for (const v of values) b.append(v);
  return b.finish().toVector();
}

/** A table from [name, type, values] triples, keeping column order. */
export function table(columns: [string, A.DataType, unknown[]][]): A.Table {
  const vectors = columns.map(([, type, values]) => vector(type, values));
  const fields = columns.map(([name], i) => new A.Field(name, vectors[i]!.type, true));
  return tableFromColumns(fields, vectors.map((v) => v.data[0]!), vectors[0]!.length);
}

const dec = (unscaled: number): Uint32Array => {
  let v = BigInt(unscaled);
  if (v < 0n) v += 1n << 128n;
  const w = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    w[i] = Number(v & 0xffffffffn);
    v >>= 32n;
  }
  return w;
};

/** Six rows, two classes, every supported feature type with nulls. */
export function mixedTable(): A.Table {
  return table([
    ['i8', new A.Int8(), [1, -2, null, 127, 0, 5]],
    ['i64', new A.Int64(), [1n, 9007199254740993n, null, -4n, 0n, 5n]],
    ['u16', new A.Uint16(), [1, 2, 3, null, 65535, 0]],
    ['f32', new A.Float32(), [1.5, null, -2.25, 0.1, 3, 4]],
    ['f64', new A.Float64(), [Math.PI, NaN, 1e300, -0.5, null, 2]],
    ['f16', new A.Float16(), [0.5, 1.5, null, 2, 3, 4]],
    ['dec', new A.Decimal(2, 10, 128), [dec(12345), dec(-250), null, dec(0), dec(1), dec(99)]],
    ['dday', new A.DateDay(), [0, 86_400_000, null, 86_400_000 * 365, 86_400_000 * 2, 86_400_000 * 3]],
    ['dms', new A.DateMillisecond(), [5, 1_700_000_000_000, null, 7, 8, 9]],
    ['ts_us_tz', new A.TimestampMicrosecond('Europe/Paris'), [1_700_000_000_000.123, null, 1, 2, 3, 4]],
    ['ts_s', new A.TimestampSecond(), [1_700_000_000_000, 1000, null, 2000, 3000, 4000]],
    ['time', new A.TimeMillisecond(), [5, null, 86_399_999, 1, 2, 3]],
    ['dur', new A.DurationMicrosecond(), [5n, null, 1n, 2n, 3n, 4n]],
    ['text', new A.Utf8(), ['a', 'b', null, 'a', 'b', 'c']],
    ['ltext', new A.LargeUtf8(), ['x', 'y', 'x', null, 'x', 'y']],
    ['dict', new A.Dictionary(new A.Utf8(), new A.Int16()), ['red', null, 'blue', 'red', 'blue', 'red']],
    ['flag', new A.Bool(), [true, false, null, true, true, false]],
    ['nested', new A.List(new A.Field('item', new A.Int32())), [[1, 2], null, [3], [], [4], [5]]],
    ['label', new A.Int64(), [1n, 2n, 1n, 1n, 2n, 1n]],
  ]);
}
