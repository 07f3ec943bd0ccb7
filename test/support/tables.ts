/** An imbalanced mixed-type table for stage tests: 60 'no' rows, 12 'yes', 6 'maybe'. */
import * as A from 'apache-arrow';
import { Rng } from '../../src/random.js';
import { table } from './schema-tables.js';

export function imbalancedTable(seed = 1): A.Table {
  const rng = new Rng(seed);
  const labels = [...Array(60).fill('no'), ...Array(12).fill('yes'), ...Array(6).fill('maybe')] as string[];
  return table([
    ['age', new A.Int32(), labels.map((l) => 20 + rng.int(50) + (l === 'yes' ? 10 : 0))],
    ['income', new A.Float64(), labels.map((_, i) => (i % 17 === 3 ? null : Math.round(rng.normal() * 1000 + 5000) / 10))],
    ['big', new A.Int64(), labels.map(() => BigInt(rng.int(1000)))],
    ['city', new A.Dictionary(new A.Utf8(), new A.Int32()), labels.map(() => ['paris', 'rome', 'oslo'][rng.int(3)]!)],
    ['member', new A.Bool(), labels.map(() => rng.next() < 0.5)],
    ['note', new A.Utf8(), labels.map((_, i) => `free text ${i}`)],
    ['class', new A.Utf8(), labels],
  ]);
}
