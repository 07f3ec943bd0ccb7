import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { takeBatchRows, takeRowsOfBatch } from '../../src/stream/take-rows.js';

/** A one-column batch of fixed-size lists (`null` = a missing list). */
function listBatch<T extends arrow.DataType>(child: T, size: number, rows: (unknown[] | null)[]): arrow.RecordBatch {
  const type = new arrow.FixedSizeList(size, new arrow.Field('item', child, true));
  const vector = arrow.vectorFromArray(rows, type);
  return new arrow.RecordBatch({ v: vector.data[0]! } as Record<string, arrow.Data>);
}

const cells = (batch: arrow.RecordBatch): (unknown[] | null)[] =>
  Array.from({ length: batch.numRows }, (_, r) => {
    const v = batch.getChildAt(0)!.get(r) as arrow.Vector | null;
    return v === null ? null : [...v];
  });

describe('takeBatchRows / takeRowsOfBatch on fixed-size lists (image columns)', () => {
  it('copies the pixels of a numeric list from several batches, in the order asked, with missing lists', () => {
    const a = listBatch(new arrow.Uint8(), 3, [[1, 2, 3], null, [7, 8, 9]]);
    const b = listBatch(new arrow.Uint8(), 3, [[10, 11, 12]]);
    const out = takeBatchRows(a.schema, [a, b], [{ batch: 1, row: 0 }, { batch: 0, row: 2 }, { batch: 0, row: 1 }, { batch: 0, row: 0 }]);
    expect(String(out.schema.fields[0]!.type)).toBe('FixedSizeList[3]<Uint8>');
    expect(cells(out)).toEqual([[10, 11, 12], [7, 8, 9], null, [1, 2, 3]]);
  });

  it('keeps missing items and non-numeric children', () => {
    const nums = listBatch(new arrow.Float64(), 2, [[0.5, null], [null, 1]]);
    expect(cells(takeRowsOfBatch(nums, Int32Array.of(1, 0)))).toEqual([[null, 1], [0.5, null]]);
    const text = listBatch(new arrow.Utf8(), 2, [['a', 'b'], ['c', null]]);
    expect(cells(takeRowsOfBatch(text, Int32Array.of(1, 1, 0)))).toEqual([['c', null], ['c', null], ['a', 'b']]);
  });

  it('reads a sliced batch from its own first row', () => {
    const whole = listBatch(new arrow.Int16(), 2, [[1, 2], [3, 4], [5, 6]]);
    const sliced = whole.slice(1, 3);
    expect(cells(takeRowsOfBatch(sliced, Int32Array.of(1, 0)))).toEqual([[5, 6], [3, 4]]);
  });
});
