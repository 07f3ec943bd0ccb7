/**
 * Finds synthetic rows that are exact copies of a training row: every feature and the label
 * equal. A generator that emits training rows leaks them verbatim, so the stage drops these rows
 * (except for random oversampling, which copies rows by design).
 *
 * Hash-based, O(rows): each row's values are hashed (NaN equals NaN here, and -0 equals 0), and
 * every hash hit is confirmed value by value, so a hash collision can never flag a row.
 */
import type { Dataset } from '../contracts.js';
import { checkCompatible } from './distance.js';

/**
 * 1 where the synthetic row equals some training row, 0 elsewhere.
 * @example
 * const copies = findExactCopies(synthetic, training);
 * const copied = copies.reduce((s, v) => s + v, 0);
 */
export function findExactCopies(synthetic: Dataset, training: Dataset): Uint8Array {
  checkCompatible(synthetic, training);
  const train = rowWords(training);
  const synth = rowWords(synthetic);
  // hash -> first training row with it; further rows with the same hash chain through `next`.
  const first = new Map<number, number>();
  const next = new Int32Array(training.rowCount).fill(-1);
  for (let j = training.rowCount - 1; j >= 0; j--) {
    const h = hashRow(train, j);
    const head = first.get(h);
    if (head !== undefined) next[j] = head;
    first.set(h, j);
  }
  const out = new Uint8Array(synthetic.rowCount);
  for (let i = 0; i < synthetic.rowCount; i++) {
    for (let j = first.get(hashRow(synth, i)) ?? -1; j >= 0; j = next[j]!) {
      if (sameRow(synth, i, train, j)) {
        out[i] = 1;
        break;
      }
    }
  }
  return out;
}

/** Every column of a dataset as 32-bit words (canonical float bits), plus the words per row of each. */
interface RowWords {
  readonly columns: ReadonlyArray<{ readonly words: Uint32Array | Int32Array; readonly width: number }>;
}

function rowWords(data: Dataset): RowWords {
  const columns: Array<{ words: Uint32Array | Int32Array; width: number }> = [{ words: data.labels, width: 1 }];
  for (const f of data.features) {
    if (f.kind === 'numeric') {
      const canonical = new Float64Array(f.values.length);
      for (let i = 0; i < canonical.length; i++) {
        const v = f.values[i]!;
        canonical[i] = v !== v ? NaN : v === 0 ? 0 : v;
      }
      columns.push({ words: new Uint32Array(canonical.buffer), width: 2 });
    } else if (f.kind === 'categorical') {
      columns.push({ words: f.codes, width: 1 });
    } else {
      const canonical = new Float32Array(f.pixels.length);
      for (let i = 0; i < canonical.length; i++) {
        const v = f.pixels[i]!;
        canonical[i] = v !== v ? NaN : v === 0 ? 0 : v;
      }
      columns.push({ words: new Uint32Array(canonical.buffer), width: f.shape[0] * f.shape[1] * f.shape[2] });
    }
  }
  return { columns };
}

/** FNV-1a-style mixing of a row's words (Math.imul keeps it in 32-bit integer arithmetic). */
function hashRow(data: RowWords, row: number): number {
  let h = 0x811c9dc5;
  for (const { words, width } of data.columns) {
    const start = row * width;
    for (let t = start; t < start + width; t++) {
      h ^= words[t]!;
      h = Math.imul(h, 0x01000193);
      h ^= h >>> 15;
    }
  }
  return h | 0;
}

function sameRow(a: RowWords, i: number, b: RowWords, j: number): boolean {
  for (let col = 0; col < a.columns.length; col++) {
    const { words: wa, width } = a.columns[col]!;
    const wb = b.columns[col]!.words;
    for (let t = 0; t < width; t++) if (wa[i * width + t] !== wb[j * width + t]) return false;
  }
  return true;
}
