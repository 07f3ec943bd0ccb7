/**
 * `bench/quality.ts --minority-rows N`: a dataset's smallest class cut down to N of its real rows,
 * so that small-class behaviour (glass's 7-8 training rows per fold) can be measured on more than
 * one dataset. The N rows are a seeded draw; every other row is kept, in the file's order.
 */
import { Table } from 'apache-arrow';
import { Rng } from '../src/random.js';
import { takeBatchRows, type RowRef } from '../src/stream/take-rows.js';

/** The subsampled table, and which class was cut from how many rows. */
export interface MinoritySubsample {
  readonly table: Table;
  readonly minorityClass: string;
  readonly originalRows: number;
}

/**
 * The rows of `table` with its smallest class (by `label`; ties: the first label in sorted order)
 * reduced to `rows` rows drawn with `seed`; a class already at or below `rows` is left whole.
 * @example minoritySubsample(table, 'label', 10, 0).table.numRows // majority rows + 10
 */
export function minoritySubsample(table: Table, label: string, rows: number, seed: number): MinoritySubsample {
  const column = table.getChild(label);
  if (column === null) throw new Error(`--minority-rows: no column '${label}' in the dataset`);
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`--minority-rows: give a whole number of rows >= 1, got ${rows}`);
  const values = Array.from({ length: table.numRows }, (_, i) => String(column.get(i)));
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const [minorityClass, originalRows] = [...counts].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))[0]!;
  const members = values.flatMap((v, i) => (v === minorityClass ? [i] : []));
  // A seeded permutation of the class's rows; its first `rows` are kept.
  const keep = new Set(Array.from(new Rng(seed).fork('minority-rows').permutation(members.length).subarray(0, rows), (j) => members[j]!));
  const refs: RowRef[] = [];
  let offset = 0;
  table.batches.forEach((batch, b) => {
    for (let r = 0; r < batch.numRows; r++) if (values[offset + r] !== minorityClass || keep.has(offset + r)) refs.push({ batch: b, row: r });
    offset += batch.numRows;
  });
  return { table: new Table([takeBatchRows(table.schema, table.batches, refs)]), minorityClass, originalRows };
}
