/**
 * CTGAN's data transformer: turns encoded `Dataset` features into the fixed-width float rows the
 * networks see, and back.
 *
 * - numeric column -> [scalar in [-1, 1], one-hot mode] by mode-specific normalisation: a Bayesian
 *   GMM per column (gmm.ts) finds the modes, each value is assigned a mode (sampled from its
 *   posterior, as CTGAN does) and encoded as (x - mu) / (4 sigma) within it. When the training
 *   data has missing values, a 2-way one-hot null indicator [present, missing] follows, so the
 *   generator reproduces the missing rate; missing values are encoded at the column mean.
 * - categorical column -> one-hot over the categories seen in training (missing, -1, is its own
 *   category when it occurs).
 *
 * Decoding inverts this: the most likely mode, the scalar clipped to [-1, 1], the value clipped to the
 * observed [min, max] and rounded for integer columns, NaN where the null indicator says missing,
 * and categories only from the seen set.
 */
import type { CategoricalFeature, Dataset, Feature, JsonValue, NumericFeature } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';
import type { Rng } from '../../src/random.js';
import { fitGmm, modeProbabilities, type GmmModes } from './gmm.js';

export interface NumericColumnState {
  readonly kind: 'numeric';
  readonly name: string;
  readonly integer: boolean;
  /** Observed range in training; NaN when the column had no observed value. */
  readonly min: number;
  readonly max: number;
  readonly modes: GmmModes;
  readonly hasNulls: boolean;
  /** The value missing entries are encoded at (the observed mean). */
  readonly fill: number;
}

export interface CategoricalColumnState {
  readonly kind: 'categorical';
  readonly name: string;
  readonly levels: readonly string[];
  /** Codes seen in training, one output slot each (-1 = missing, when seen). */
  readonly slots: readonly number[];
}

export type ColumnState = NumericColumnState | CategoricalColumnState;

/** A contiguous block of the transformed row and the activation the generator applies to it. */
export interface OutputSpan {
  readonly start: number;
  readonly width: number;
  readonly activation: 'tanh' | 'softmax';
}

/** The fitted transformer: column states plus the derived row layout. */
export interface TransformerState {
  readonly columns: readonly ColumnState[];
}

/** Width of one column's block in the transformed row. */
function columnWidth(c: ColumnState): number {
  return c.kind === 'numeric' ? 1 + c.modes.means.length + (c.hasNulls ? 2 : 0) : c.slots.length;
}

/** Where each column starts in the transformed row (same order as the features). */
export function columnOffsets(state: TransformerState): number[] {
  const offsets: number[] = [];
  let at = 0;
  for (const c of state.columns) {
    offsets.push(at);
    at += columnWidth(c);
  }
  return offsets;
}

export function outputWidth(state: TransformerState): number {
  return state.columns.reduce((s, c) => s + columnWidth(c), 0);
}

/** The activation spans of a transformed row, in order. */
export function outputSpans(state: TransformerState): OutputSpan[] {
  const spans: OutputSpan[] = [];
  let at = 0;
  for (const c of state.columns) {
    if (c.kind === 'numeric') {
      spans.push({ start: at, width: 1, activation: 'tanh' });
      spans.push({ start: at + 1, width: c.modes.means.length, activation: 'softmax' });
      if (c.hasNulls) spans.push({ start: at + 1 + c.modes.means.length, width: 2, activation: 'softmax' });
    } else {
      spans.push({ start: at, width: c.slots.length, activation: 'softmax' });
    }
    at += columnWidth(c);
  }
  return spans;
}

/**
 * Learn each column's encoding from the training rows.
 *
 * @example
 * const state = fitTransformer(data, rng.fork('transformer'));
 * const rows = transform(state, data, rng.fork('modes')); // Float32Array rowCount * outputWidth(state)
 */
export function fitTransformer(data: Dataset, rng: Rng): TransformerState {
  const columns = data.features.map((f, i): ColumnState => {
    switch (f.kind) {
      case 'numeric':
        return fitNumeric(f, rng.fork(`gmm:${i}`));
      case 'categorical':
        return fitCategorical(f);
      case 'image':
        throw new GanAugmentError('schema', `ctgan cannot model image column '${f.name}'.`, {
          hint: 'Use --model dcgan for image data.',
        });
    }
  });
  return { columns };
}

function fitNumeric(f: NumericFeature, rng: Rng): NumericColumnState {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let observed = 0;
  for (const v of f.values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    observed++;
  }
  const hasNulls = observed < f.values.length;
  if (observed === 0) {
    return { kind: 'numeric', name: f.name, integer: f.integer, min: NaN, max: NaN, modes: { means: [0], stds: [1], weights: [1] }, hasNulls, fill: 0 };
  }
  return { kind: 'numeric', name: f.name, integer: f.integer, min, max, modes: fitGmm(f.values, rng), hasNulls, fill: sum / observed };
}

function fitCategorical(f: CategoricalFeature): CategoricalColumnState {
  const seen = new Set<number>();
  for (const c of f.codes) seen.add(c < 0 ? -1 : c);
  const slots = [...seen].filter((c) => c >= 0).sort((a, b) => a - b);
  if (seen.has(-1)) slots.push(-1);
  if (slots.length === 0) slots.push(-1);
  return { kind: 'categorical', name: f.name, levels: [...f.levels], slots };
}

/** Per row, the output slot of a categorical feature's value (-1 when the value was unseen). */
export function categoricalSlotIndex(column: CategoricalColumnState, codes: Int32Array): Int32Array {
  const slotOf = new Map<number, number>();
  column.slots.forEach((code, slot) => slotOf.set(code, slot));
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = slotOf.get(codes[i]! < 0 ? -1 : codes[i]!) ?? -1;
  return out;
}

/** Encode rows of `data` (same features as fitted) into a rowCount * outputWidth Float32Array. */
export function transform(state: TransformerState, data: Dataset, rng: Rng): Float32Array {
  checkFeatures(state, data.features);
  const width = outputWidth(state);
  const n = data.rowCount;
  const out = new Float32Array(n * width);
  const offsets = columnOffsets(state);
  state.columns.forEach((c, ci) => {
    const f = data.features[ci]!;
    const at = offsets[ci]!;
    if (c.kind === 'numeric' && f.kind === 'numeric') {
      const k = c.modes.means.length;
      const probs = new Float64Array(k);
      for (let r = 0; r < n; r++) {
        const raw = f.values[r]!;
        const missing = !Number.isFinite(raw);
        const v = missing ? c.fill : raw;
        modeProbabilities(c.modes, v, probs);
        let u = rng.next();
        let mode = k - 1;
        for (let j = 0; j < k; j++) {
          u -= probs[j]!;
          if (u < 0) {
            mode = j;
            break;
          }
        }
        const scalar = (v - c.modes.means[mode]!) / (4 * c.modes.stds[mode]!);
        const row = r * width + at;
        out[row] = Math.max(-0.99, Math.min(0.99, scalar));
        out[row + 1 + mode] = 1;
        if (c.hasNulls) out[row + 1 + k + (missing ? 1 : 0)] = 1;
      }
    } else if (c.kind === 'categorical' && f.kind === 'categorical') {
      const slots = categoricalSlotIndex(c, f.codes);
      for (let r = 0; r < n; r++) {
        // A value unseen at fit time cannot be encoded; it only happens when transforming other data.
        if (slots[r]! >= 0) out[r * width + at + slots[r]!] = 1;
      }
    }
  });
  return out;
}

/** Decode activated generator rows (rowCount * outputWidth) back to features. */
export function inverseTransform(state: TransformerState, rows: Float32Array, rowCount: number): Feature[] {
  const width = outputWidth(state);
  const offsets = columnOffsets(state);
  return state.columns.map((c, ci): Feature => {
    const at = offsets[ci]!;
    if (c.kind === 'numeric') {
      const k = c.modes.means.length;
      const values = new Float64Array(rowCount);
      for (let r = 0; r < rowCount; r++) {
        const row = r * width + at;
        if (Number.isNaN(c.min) || (c.hasNulls && rows[row + 1 + k + 1]! > rows[row + 1 + k]!)) {
          values[r] = NaN;
          continue;
        }
        const mode = argmaxIn(rows, row + 1, k);
        const scalar = Math.max(-1, Math.min(1, rows[row]!));
        let v = scalar * 4 * c.modes.stds[mode]! + c.modes.means[mode]!;
        v = Math.max(c.min, Math.min(c.max, v));
        values[r] = c.integer ? Math.round(v) : v;
      }
      return { kind: 'numeric', name: c.name, values, integer: c.integer };
    }
    const codes = new Int32Array(rowCount);
    for (let r = 0; r < rowCount; r++) codes[r] = c.slots[argmaxIn(rows, r * width + at, c.slots.length)]!;
    return { kind: 'categorical', name: c.name, codes, levels: c.levels };
  });
}

function argmaxIn(values: Float32Array, start: number, width: number): number {
  let best = 0;
  for (let j = 1; j < width; j++) if (values[start + j]! > values[start + best]!) best = j;
  return best;
}

/** Refuse data whose features differ from the fitted ones (names, kinds, order). */
export function checkFeatures(state: TransformerState, features: readonly Feature[]): void {
  if (features.length !== state.columns.length || features.some((f, i) => f.name !== state.columns[i]!.name || f.kind !== state.columns[i]!.kind)) {
    throw new GanAugmentError('data', 'ctgan: the data has different columns from the ones the model was fitted on.', {
      hint: 'Pass the same columns, in the same order, as at fit time.',
    });
  }
}

/** The transformer state as JSON (numbers only; NaN ranges become null). */
export function transformerToJson(state: TransformerState): JsonValue {
  return state.columns.map((c): JsonValue =>
    c.kind === 'numeric'
      ? {
          kind: 'numeric',
          name: c.name,
          integer: c.integer,
          min: Number.isNaN(c.min) ? null : c.min,
          max: Number.isNaN(c.max) ? null : c.max,
          means: c.modes.means,
          stds: c.modes.stds,
          weights: c.modes.weights,
          hasNulls: c.hasNulls,
          fill: c.fill,
        }
      : { kind: 'categorical', name: c.name, levels: [...c.levels], slots: [...c.slots] },
  );
}

/** Rebuild the transformer from `transformerToJson` output, validating every field (no code runs). */
export function transformerFromJson(json: JsonValue): TransformerState {
  if (!Array.isArray(json)) throw corrupt('columns');
  const columns = json.map((raw, i): ColumnState => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw corrupt(`column ${i}`);
    const name = raw['name'];
    if (typeof name !== 'string') throw corrupt(`column ${i} name`);
    if (raw['kind'] === 'numeric') {
      const means = numberArray(raw['means'], `${name}.means`);
      const stds = numberArray(raw['stds'], `${name}.stds`);
      const weights = numberArray(raw['weights'], `${name}.weights`);
      if (means.length === 0 || stds.length !== means.length || weights.length !== means.length || stds.some((s) => !(s > 0))) {
        throw corrupt(`${name} modes`);
      }
      const fill = raw['fill'];
      if (typeof fill !== 'number') throw corrupt(`${name}.fill`);
      return {
        kind: 'numeric',
        name,
        integer: raw['integer'] === true,
        min: nullableNumber(raw['min'], `${name}.min`),
        max: nullableNumber(raw['max'], `${name}.max`),
        modes: { means, stds, weights },
        hasNulls: raw['hasNulls'] === true,
        fill,
      };
    }
    if (raw['kind'] === 'categorical') {
      const levels = raw['levels'];
      if (!Array.isArray(levels) || levels.some((l) => typeof l !== 'string')) throw corrupt(`${name}.levels`);
      const slots = numberArray(raw['slots'], `${name}.slots`);
      if (slots.length === 0 || slots.some((s) => !Number.isInteger(s) || s < -1 || s >= levels.length)) throw corrupt(`${name}.slots`);
      return { kind: 'categorical', name, levels: levels as string[], slots };
    }
    throw corrupt(`column ${i} kind`);
  });
  return { columns };
}

function numberArray(v: JsonValue | undefined, what: string): number[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) throw corrupt(what);
  return v as number[];
}

function nullableNumber(v: JsonValue | undefined, what: string): number {
  if (v === null) return NaN;
  if (typeof v !== 'number') throw corrupt(what);
  return v;
}

function corrupt(what: string): GanAugmentError {
  return new GanAugmentError('model', `ctgan model: the transformer state is corrupt (${what}).`, {
    hint: 'Re-train the model; saved models must not be edited.',
  });
}
