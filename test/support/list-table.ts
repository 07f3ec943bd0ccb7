/** Tables for the list and many-row-group round trips. */
import { Dictionary, FixedSizeList, Field, Float32, Int32, Int64, List, RecordBatch, Schema, Struct, Table, Utf8, makeData } from 'apache-arrow';
import { buildData } from '../../src/io/arrow/build.js';

/** emb: list<float32> (null on row 1), fixed: fixed_size_list<float32, 3>. */
export function listTable(): Table {
  const n = 6;
  const emb = new Field('emb', new List(new Field('item', new Float32(), true)), true);
  const fixed = new Field('fixed', new FixedSizeList(3, new Field('item', new Float32(), true)), true, new Map([['shape', '3']]));
  const children = [
    buildData(emb.type, Array.from({ length: n }, (_, i) => (i === 1 ? null : Array.from({ length: i }, (_, k) => k * 0.5)))),
    buildData(fixed.type, Array.from({ length: n }, (_, i) => [i, i + 1, i + 2])),
  ];
  const schema = new Schema([emb, fixed]);
  return new Table(schema, [new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: n, children }))]);
}

/** id: int64 = i, cat: dictionary utf8 = 'c' + (i % 5). */
export function bigTable(n: number): Table {
  const id = new Field('id', new Int64(), true);
  const cat = new Field('cat', new Dictionary(new Utf8(), new Int32()), true);
  const children = [
    buildData(id.type, BigInt64Array.from({ length: n }, (_, i) => BigInt(i))),
    buildData(cat.type, Array.from({ length: n }, (_, i) => `c${i % 5}`)),
  ];
  const schema = new Schema([id, new Field('cat', children[1]!.type, true)]);
  return new Table(schema, [new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: n, children }))]);
}
