/**
 * Stratified k-fold splits, repeated over seeds. Each class's rows are shuffled and dealt to the
 * folds in turn, continuing the deal across classes, so every class is split as evenly as possible
 * (per-class fold counts differ by at most one) and so are the fold sizes.
 */
import { GanAugmentError } from '../errors.js';
import type { Rng } from '../random.js';

export interface Split {
  /** 0-based repeat (seed) index. */
  readonly repeat: number;
  /** 0-based fold index within the repeat. */
  readonly fold: number;
  /** Training row indices, ascending. */
  readonly train: Int32Array;
  /** Test row indices, ascending; disjoint from `train`, and together they cover every row. */
  readonly test: Int32Array;
}

/**
 * Fold number (0..k-1) of each row.
 *
 * @example
 * stratifiedFoldIds(new Int32Array([0, 0, 1, 1]), 2, new Rng(1)) // e.g. Int32Array [1, 0, 0, 1]
 */
export function stratifiedFoldIds(labels: Int32Array, k: number, rng: Rng): Int32Array {
  if (!Number.isInteger(k) || k < 2) {
    throw new GanAugmentError('usage', `--folds must be an integer of at least 2, got ${k}.`);
  }
  const classCount = labels.reduce((m, c) => Math.max(m, c + 1), 0);
  const byClass: number[][] = Array.from({ length: classCount }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]!]!.push(i);
  const ids = new Int32Array(labels.length);
  let position = 0;
  for (const rows of byClass) {
    rng.shuffle(rows);
    for (const row of rows) ids[row] = position++ % k;
  }
  return ids;
}

/** Check that every class can appear in every test fold; throws a 'data' error naming the class. */
export function checkFoldable(labels: Int32Array, classes: readonly string[], k: number): void {
  const counts = new Array<number>(classes.length).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]! += 1;
  counts.forEach((count, c) => {
    if (count < k) {
      throw new GanAugmentError('data', `Class '${classes[c]}' has ${count} row(s), fewer than --folds ${k}: it cannot appear in every test fold.`, {
        hint: `Use --folds ${Math.max(2, count)} or fewer, or merge rare classes.`,
      });
    }
  });
}

/**
 * All train/test splits of `repeats` x `k` stratified folds. Repeat r shuffles with
 * `rng.fork('folds:' + r)`, so the splits depend only on the seed, never on run order.
 */
export function repeatedStratifiedSplits(labels: Int32Array, k: number, repeats: number, rng: Rng): Split[] {
  if (!Number.isInteger(repeats) || repeats < 1) {
    throw new GanAugmentError('usage', `--repeats must be a positive integer, got ${repeats}.`);
  }
  const splits: Split[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    const ids = stratifiedFoldIds(labels, k, rng.fork(`folds:${repeat}`));
    for (let fold = 0; fold < k; fold++) {
      const train: number[] = [];
      const test: number[] = [];
      for (let i = 0; i < ids.length; i++) (ids[i] === fold ? test : train).push(i);
      splits.push({ repeat, fold, train: Int32Array.from(train), test: Int32Array.from(test) });
    }
  }
  return splits;
}
