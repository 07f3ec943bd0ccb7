/**
 * Distance to closest record (DCR): for each query row, how far the nearest reference row is.
 * The stage's `--privacy-distance` filter uses it (synthetic rows -> training rows), and so does
 * the evaluator's privacy report (synthetic -> train compared with holdout -> train).
 *
 * The distance is Gower's: the mean over columns of a per-column term in [0, 1] (for values
 * inside the training range), as in SDMetrics' DCR metrics:
 * - numeric: |a - b| divided by the column's **range** (max - min) in the scaling data (the
 *   reference/training rows by default; a constant or all-missing column uses 1). Range, not
 *   standard deviation, so every term is comparable with a categorical mismatch (0 or 1);
 * - categorical: 0 if equal, 1 otherwise (missing, code -1, is a value of its own);
 * - missing numeric: both missing 0, one missing 1;
 * - image: the mean absolute pixel difference (pixels are in [0, 1]);
 * - the class label counts as one more categorical column unless `includeLabel: false`.
 *
 * Brute force over typed arrays with early abandoning (a reference row is dropped as soon as its
 * partial sum exceeds the best so far): exact, no index to build, and fast enough for the sizes the
 * filter sees (see bench/privacy-distance.ts for measured figures).
 */
import type { Dataset } from '../contracts.js';
import { GanAugmentError } from '../errors.js';

export interface DistanceOptions {
  /** Count the class label as a categorical column (default true). */
  readonly includeLabel?: boolean;
  /** Rows whose numeric ranges scale the distance (default: the reference rows). */
  readonly scaleFrom?: Dataset;
  /**
   * Leave-one-out: for query row i, reference row `leaveOut[i]` is not a candidate (the query's
   * own row, when the queries are reference rows: real-to-real nearest-neighbour distances).
   */
  readonly leaveOut?: Int32Array;
}

/**
 * For each query row, the Gower distance to its nearest reference row.
 * @example
 * const dcr = distanceToClosestRecord(synthetic, training); // Float64Array, one per synthetic row
 */
export function distanceToClosestRecord(queries: Dataset, reference: Dataset, options: DistanceOptions = {}): Float64Array {
  checkCompatible(queries, reference);
  const leaveOut = options.leaveOut;
  if (reference.rowCount === 0 || (leaveOut && reference.rowCount < 2)) {
    throw new GanAugmentError('data', 'Distance to closest record needs reference rows to compare with, but there are none (or only one for leave-one-out).');
  }
  if (leaveOut && leaveOut.length !== queries.rowCount) throw new Error('leaveOut needs one reference index per query row');
  const includeLabel = options.includeLabel ?? true;
  const ranges = numericRanges(options.scaleFrom ?? reference);
  const q = layout(queries, ranges, includeLabel);
  const r = layout(reference, ranges, includeLabel);
  const terms = q.p + q.c + q.images.length;
  const out = new Float64Array(queries.rowCount);
  if (terms === 0) return out;
  const { p, c } = q;
  const qn = q.numeric;
  const rn = r.numeric;
  const qc = q.codes;
  const rc = r.codes;
  for (let i = 0; i < queries.rowCount; i++) {
    let best = Infinity;
    const skip = leaveOut ? leaveOut[i]! : -1;
    const qi = i * p;
    const qci = i * c;
    for (let j = 0; j < reference.rowCount; j++) {
      if (j === skip) continue;
      let s = 0;
      const rj = j * p;
      for (let f = 0; f < p; f++) {
        const a = qn[qi + f]!;
        const b = rn[rj + f]!;
        const d = Math.abs(a - b); // branch-free: a data-dependent sign test mispredicts half the time
        if (d === d) s += d;
        else if (!(a !== a && b !== b)) s += 1; // exactly one side missing
        if (s >= best) break;
      }
      if (s >= best) continue;
      const rcj = j * c;
      for (let f = 0; f < c && s < best; f++) if (qc[qci + f] !== rc[rcj + f]) s += 1;
      for (let m = 0; m < q.images.length && s < best; m++) s += imageTerm(q.images[m]!, i, r.images[m]!, j);
      if (s < best) best = s;
      if (best === 0) break;
    }
    out[i] = best / terms;
  }
  return out;
}

/**
 * For each query row, the indexes of its `k` nearest reference rows by the same Gower distance
 * (nearest first; ties keep the lower index), as `queries.rowCount * k` entries. The purity filter
 * (src/stage/filters/purity.ts) reads their classes, so the label is left out of the distance.
 * @example
 * const nn = nearestNeighbours(candidates, training, 5); // nn[i * 5] is row i's nearest training row
 */
export function nearestNeighbours(queries: Dataset, reference: Dataset, k: number): Int32Array {
  checkCompatible(queries, reference);
  if (!Number.isInteger(k) || k < 1 || k > reference.rowCount) {
    throw new GanAugmentError('data', `Nearest neighbours: k must be an integer from 1 to the ${reference.rowCount} reference rows, got ${k}.`);
  }
  const ranges = numericRanges(reference);
  const q = layout(queries, ranges, false);
  const r = layout(reference, ranges, false);
  const { p, c } = q;
  const out = new Int32Array(queries.rowCount * k);
  const bestD = new Float64Array(k);
  const bestI = new Int32Array(k);
  for (let i = 0; i < queries.rowCount; i++) {
    bestD.fill(Infinity);
    bestI.fill(-1);
    for (let j = 0; j < reference.rowCount; j++) {
      const bound = bestD[k - 1]!;
      let s = 0;
      for (let f = 0; f < p && s < bound; f++) {
        const d = Math.abs(q.numeric[i * p + f]! - r.numeric[j * p + f]!);
        if (d === d) s += d;
        else if (!(Number.isNaN(q.numeric[i * p + f]!) && Number.isNaN(r.numeric[j * p + f]!))) s += 1;
      }
      for (let f = 0; f < c && s < bound; f++) if (q.codes[i * c + f] !== r.codes[j * c + f]) s += 1;
      for (let m = 0; m < q.images.length && s < bound; m++) s += imageTerm(q.images[m]!, i, r.images[m]!, j);
      if (s >= bound) continue;
      // Insertion into the sorted k best.
      let at = k - 1;
      while (at > 0 && bestD[at - 1]! > s) {
        bestD[at] = bestD[at - 1]!;
        bestI[at] = bestI[at - 1]!;
        at--;
      }
      bestD[at] = s;
      bestI[at] = j;
    }
    out.set(bestI, i * k);
  }
  return out;
}

interface Layout {
  readonly p: number;
  readonly c: number;
  /** rows * p scaled numeric values (NaN = missing). */
  readonly numeric: Float64Array;
  /** rows * c categorical codes, then the label when included. */
  readonly codes: Int32Array;
  readonly images: ReadonlyArray<{ readonly pixels: Float32Array; readonly size: number }>;
}

interface Range {
  readonly min: number;
  readonly scale: number;
}

/** min and range per numeric feature (in feature order among numeric features). */
function numericRanges(data: Dataset): Range[] {
  const out: Range[] = [];
  for (const f of data.features) {
    if (f.kind !== 'numeric') continue;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < f.values.length; i++) {
      const v = f.values[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const range = max - min;
    out.push(Number.isFinite(range) && range > 0 ? { min, scale: range } : { min: Number.isFinite(min) ? min : 0, scale: 1 });
  }
  return out;
}

function layout(data: Dataset, ranges: readonly Range[], includeLabel: boolean): Layout {
  const n = data.rowCount;
  const numericFeatures = data.features.filter((f) => f.kind === 'numeric');
  const categoricalFeatures = data.features.filter((f) => f.kind === 'categorical');
  const p = numericFeatures.length;
  const c = categoricalFeatures.length + (includeLabel ? 1 : 0);
  const numeric = new Float64Array(n * p);
  numericFeatures.forEach((f, j) => {
    const { min, scale } = ranges[j]!;
    for (let i = 0; i < n; i++) numeric[i * p + j] = (f.values[i]! - min) / scale;
  });
  const codes = new Int32Array(n * c);
  categoricalFeatures.forEach((f, j) => {
    for (let i = 0; i < n; i++) codes[i * c + j] = f.codes[i]!;
  });
  if (includeLabel) for (let i = 0; i < n; i++) codes[i * c + c - 1] = data.labels[i]!;
  const images = data.features.flatMap((f) =>
    f.kind === 'image' ? [{ pixels: f.pixels, size: f.shape[0] * f.shape[1] * f.shape[2] }] : [],
  );
  return { p, c, numeric, codes, images };
}

function imageTerm(a: { pixels: Float32Array; size: number }, i: number, b: { pixels: Float32Array; size: number }, j: number): number {
  let s = 0;
  const ai = i * a.size;
  const bj = j * b.size;
  for (let t = 0; t < a.size; t++) s += Math.abs(a.pixels[ai + t]! - b.pixels[bj + t]!);
  return s / a.size;
}

/** Same columns (names, kinds, category levels, image shapes) and the same classes. */
export function checkCompatible(a: Dataset, b: Dataset): void {
  const mismatch = (what: string): never => {
    throw new GanAugmentError('data', `Cannot compare rows of datasets with different columns: ${what}.`);
  };
  if (a.features.length !== b.features.length) mismatch(`${a.features.length} vs ${b.features.length} feature columns`);
  if (a.classes.join('\u0000') !== b.classes.join('\u0000')) mismatch('the class lists differ');
  a.features.forEach((fa, i) => {
    const fb = b.features[i]!;
    if (fa.kind !== fb.kind || fa.name !== fb.name) mismatch(`column ${i} is '${fa.name}' (${fa.kind}) vs '${fb.name}' (${fb.kind})`);
    if (fa.kind === 'categorical' && fb.kind === 'categorical' && fa.levels.join('\u0000') !== fb.levels.join('\u0000')) {
      mismatch(`column '${fa.name}' has different category levels`);
    }
    if (fa.kind === 'image' && fb.kind === 'image' && fa.shape.join('x') !== fb.shape.join('x')) {
      mismatch(`image column '${fa.name}' is ${fa.shape.join('x')} vs ${fb.shape.join('x')}`);
    }
  });
}
