/**
 * bench/quality-tables.ts on two tiny synthetic saved results: a first run without `auto` and a
 * second with only `auto`, paired by split key; the verdicts follow from the values chosen here.
 */
import { describe, expect, it } from 'vitest';
import { mergeRuns, methodTables, type SplitsOf } from '../../bench/quality-tables.js';

const SPLITS = Array.from({ length: 10 }, (_, i) => `${Math.floor(i / 5)}:${i % 5}`);

/** A saved result with the given per-split values for each method (split i of SPLITS). */
function saved(dataset: string, methods: readonly string[], f1: (method: string, i: number) => number, prAuc: (method: string, i: number) => number = f1): SplitsOf {
  return {
    dataset,
    protocol: { methods: [...methods] },
    splits: methods.flatMap((method) => SPLITS.map((split, i) => ({ method, split, f1: f1(method, i), prAuc: prAuc(method, i) }))),
  };
}

// 'helps': smote beats threshold on every split, and auto chose smote (equal to it).
// 'flat': none beats threshold and auto only ties with it (differences of both signs), and auto is
// worse than the best single method (none): both targets fail.
const wiggle = (i: number): number => 0.001 * ((i * 7) % 5);
const first = [
  saved('helps', ['none', 'threshold', 'smote'], (m, i) => 0.5 + wiggle(i) + (m === 'smote' ? 0.1 + 0.002 * i : 0)),
  saved('flat', ['none', 'threshold', 'smote'], (m, i) => 0.6 + (m === 'none' ? 0.05 + wiggle(i) : 0) + (m === 'smote' ? -0.05 - wiggle(i) : 0)),
];
const second = [
  saved('helps', ['auto'], (_, i) => 0.6 + wiggle(i) + 0.002 * i),
  saved('flat', ['auto'], (_, i) => 0.6 + (i % 2 === 0 ? 1 : -1) * 0.001 * (i + 1)),
];

describe('bench/quality-tables', () => {
  const lines = methodTables(mergeRuns([first, second]));
  const row = (...cells: string[]): string => {
    const found = lines.find((l) => cells.every((c, k) => l.split('|').map((x) => x.trim())[k + 1] === c));
    expect(found, `no row ${cells.join(' | ')}`).toBeDefined();
    return found!;
  };

  it('(a) compares threshold with every other method, auto included, on both metrics', () => {
    expect(row('helps', 'smote')).toMatch(/^\| helps \| smote \| \+0\.1\d\d \[[\d.]+, [\d.]+\] \| 0\.002 \(10\) \| beats threshold \|/);
    expect(row('helps', 'auto')).toMatch(/beats threshold/);
    expect(row('flat', 'smote')).toMatch(/\| -0\.05\d .*\| loses to threshold \|/);
    expect(row('flat', 'auto')).toMatch(/^\| flat \| auto \| [-+]0\.00\d .*\| tie \|/);
    expect(lines.some((l) => l.startsWith('| helps | threshold |'))).toBe(false);
  });

  it('(b) puts auto against the best single method by mean, per metric', () => {
    expect(row('helps', 'minority F1')).toMatch(/\| smote \(0\.6\d\d\) \| 0\.6\d\d \| \+0\.000 .*\| tie \|/);
    expect(row('flat', 'minority F1')).toMatch(/\| none \(0\.65\d\) \| 0\.(599|60\d) \| -0\.0\d\d .*\| auto worse \|/);
    expect(lines.join('\n')).toMatch(/comparison favours it/);
  });

  it('(c) says where the targets hold', () => {
    expect(row('helps', 'holds (tie)', 'smote', 'beats threshold', 'holds', 'yes')).toBeDefined();
    expect(row('flat', 'fails (none better)', 'none', 'tie', 'fails', 'no')).toBeDefined();
    expect(lines).toContain('Both targets hold on 1 of 2 datasets with an auto result; they fail on flat.');
  });

  it('pairs only the splits both runs have, and says n/a without auto', () => {
    const all = saved('helps', ['auto'], () => 0.7);
    const partial = [{ ...all, splits: all.splits!.slice(0, 4) }];
    const t = methodTables(mergeRuns([first, partial]));
    expect(t.find((l) => l.startsWith('| helps | auto |'))).toMatch(/\((4)\) \| untestable/);
    const none = methodTables(mergeRuns([first]));
    expect(none.find((l) => l.startsWith('| flat | minority F1 |'))).toMatch(/\| n\/a \| n\/a \| n\/a \| n\/a \|$/);
    expect(none).toContain('Both targets hold on 0 of 0 datasets with an auto result.');
  });
});
