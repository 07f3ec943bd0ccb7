/**
 * bench/minority-rows.ts: the smallest class cut to N real rows, every other row kept in order,
 * the same rows for the same seed, across record batches.
 */
import { Table, tableFromArrays } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { minoritySubsample } from '../../bench/minority-rows.js';

/** 40 rows of 'a', 25 of 'b' (the minority), 30 of 'c', interleaved; x is the row number. */
function table(): Table {
  const label = Array.from({ length: 95 }, (_, i) => (i < 50 ? ['a', 'b', 'c', 'a', 'c'] : ['a', 'b', 'a', 'c', 'b'])[i % 5]!);
  const x = Float64Array.from(label, (_, i) => i);
  // Two record batches, so the row offsets across batches are exercised.
  const whole = tableFromArrays({ x, label });
  return new Table([...whole.slice(0, 50).batches, ...whole.slice(50).batches]);
}

const column = (t: Table, name: string): unknown[] => Array.from({ length: t.numRows }, (_, i) => t.getChild(name)!.get(i));

describe('minoritySubsample', () => {
  it('keeps N rows of the smallest class and every other row, in the original order', () => {
    const input = table();
    expect(input.batches.length).toBe(2);
    const cut = minoritySubsample(input, 'label', 10, 0);
    const labels = column(cut.table, 'label');
    const xs = column(cut.table, 'x') as number[];
    const before = column(input, 'label');
    const count = (ls: unknown[], c: string): number => ls.filter((l) => l === c).length;
    expect(cut.minorityClass).toBe('b');
    expect(cut.originalRows).toBe(count(before, 'b'));
    expect(count(labels, 'b')).toBe(10);
    expect(count(labels, 'a')).toBe(count(before, 'a'));
    expect(count(labels, 'c')).toBe(count(before, 'c'));
    // Each kept row is the input's row x, unchanged, and the order is the input's.
    xs.forEach((x, i) => expect(labels[i]).toBe(before[x]));
    expect([...xs].sort((p, q) => p - q)).toEqual(xs);
  });

  it('draws the same rows for the same seed and other rows for another seed', () => {
    const kept = (seed: number): number[] => {
      const t = minoritySubsample(table(), 'label', 10, seed).table;
      return (column(t, 'x') as number[]).filter((_, i) => t.getChild('label')!.get(i) === 'b');
    };
    expect(kept(0)).toEqual(kept(0));
    expect(kept(1)).not.toEqual(kept(0));
  });

  it('leaves a class already at or below N whole, and refuses a missing label column', () => {
    expect(minoritySubsample(table(), 'label', 100, 0).table.numRows).toBe(95);
    expect(() => minoritySubsample(table(), 'y', 10, 0)).toThrow(/no column 'y'/);
  });
});
