/**
 * The condition vectors CTGAN trains and samples with. A condition is
 *   [class one-hot | one-hot of one value of one categorical column (all other columns zero)].
 * The class part is how rows of a requested class are generated: at sampling time it is fixed to
 * that class, so every synthetic row carries the requested label exactly (the label is never
 * generated). The categorical part is CTGAN's training-by-sampling: during training a class is
 * drawn by log-frequency (or evenly over the classes present: `classSampling: 'even'`), then a categorical column uniformly, then one of its values by
 * log-frequency within that class, and the real rows shown to the critic are drawn among the rows
 * with that class and value — so rare values and small classes are learned, not drowned out. At
 * sampling time the value is drawn by its real frequency within the class, which keeps marginals.
 */
import type { JsonValue } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';
import type { Rng } from '../../src/random.js';

/** Frequencies the sampler needs at sampling time (serialisable). */
export interface ConditionStats {
  readonly classCount: number;
  /** Output slots per categorical column, in feature order. */
  readonly slotCounts: readonly number[];
  /** counts[class][column][slot]: training rows with that class and value. */
  readonly counts: readonly (readonly (readonly number[])[])[];
  /** Training rows per class. */
  readonly classRows: readonly number[];
}

export interface TrainingBatch {
  /** batch * condWidth, the generator's conditions. */
  readonly cond: Float32Array;
  /** batch * condWidth, the conditions of the real rows (a permutation of `cond`). */
  readonly realCond: Float32Array;
  /** Indexes of the real training rows matching `realCond`, row by row. */
  readonly realRows: Int32Array;
}

/** Width of a condition vector. */
export function conditionWidth(stats: ConditionStats): number {
  return stats.classCount + stats.slotCounts.reduce((s, n) => s + n, 0);
}

/**
 * Count (class, column, value) combinations of the training rows.
 * `slots[c][row]` is the output slot of categorical column c at that row (categoricalSlotIndex).
 */
export function conditionStats(labels: Int32Array, classCount: number, slots: readonly Int32Array[], slotCounts: readonly number[]): ConditionStats {
  const counts = Array.from({ length: classCount }, () => slotCounts.map((n) => new Array<number>(n).fill(0)));
  const classRows = new Array<number>(classCount).fill(0);
  for (let r = 0; r < labels.length; r++) {
    const k = labels[r]!;
    classRows[k]! += 1;
    slots.forEach((s, c) => {
      if (s[r]! >= 0) counts[k]![c]![s[r]!]! += 1;
    });
  }
  return { classCount, slotCounts: [...slotCounts], counts, classRows };
}

/** Draws training conditions and the matching real rows. */
export class TrainingSampler {
  private readonly stats: ConditionStats;
  private readonly width: number;
  private readonly offsets: number[];
  private readonly classProb: Float64Array;
  /** valueProb[class][column]: log-frequency distribution of slots. */
  private readonly valueProb: Float64Array[][];
  /** rowsOf[class][column][slot], and rowsOfClass[class]. */
  private readonly rowsOf: Int32Array[][][];
  private readonly rowsOfClass: Int32Array[];

  /**
   * `classSampling` 'even' draws every class present equally often, so a model trained on all classes
   * spends as many steps on a 30-row class as on a 700-row one; 'log' is CTGAN's log-frequency.
   */
  constructor(labels: Int32Array, classCount: number, slots: readonly Int32Array[], slotCounts: readonly number[], classSampling: 'log' | 'even' = 'log') {
    this.stats = conditionStats(labels, classCount, slots, slotCounts);
    this.width = conditionWidth(this.stats);
    this.offsets = slotOffsets(this.stats);
    this.classProb = normalise(this.stats.classRows.map((n) => (classSampling === 'even' ? (n > 0 ? 1 : 0) : Math.log(n + 1))));
    this.valueProb = this.stats.counts.map((perCol) => perCol.map((c) => normalise(c.map((n) => (n > 0 ? Math.log(n + 1) : 0)))));
    const lists = Array.from({ length: classCount }, () => slotCounts.map((n) => Array.from({ length: n }, () => [] as number[])));
    const classLists = Array.from({ length: classCount }, () => [] as number[]);
    for (let r = 0; r < labels.length; r++) {
      const k = labels[r]!;
      classLists[k]!.push(r);
      slots.forEach((s, c) => {
        if (s[r]! >= 0) lists[k]![c]![s[r]!]!.push(r);
      });
    }
    this.rowsOf = lists.map((perCol) => perCol.map((perSlot) => perSlot.map((l) => Int32Array.from(l))));
    this.rowsOfClass = classLists.map((l) => Int32Array.from(l));
  }

  get conditionStats(): ConditionStats {
    return this.stats;
  }

  /** One batch of conditions (log-frequency or even class, uniform column, log-frequency value) and real rows. */
  sample(batch: number, rng: Rng): TrainingBatch {
    const w = this.width;
    const cond = new Float32Array(batch * w);
    const picks: Array<{ k: number; c: number; s: number }> = [];
    const columns = this.stats.slotCounts.length;
    for (let i = 0; i < batch; i++) {
      const k = draw(this.classProb, rng);
      cond[i * w + k] = 1;
      if (columns === 0) {
        picks.push({ k, c: -1, s: -1 });
        continue;
      }
      const c = rng.int(columns);
      const s = draw(this.valueProb[k]![c]!, rng);
      cond[i * w + this.offsets[c]! + s] = 1;
      picks.push({ k, c, s });
    }
    const perm = rng.permutation(batch);
    const realCond = new Float32Array(batch * w);
    const realRows = new Int32Array(batch);
    for (let i = 0; i < batch; i++) {
      const p = perm[i]!;
      realCond.set(cond.subarray(p * w, (p + 1) * w), i * w);
      const { k, c, s } = picks[p]!;
      const pool = c < 0 ? this.rowsOfClass[k]! : this.rowsOf[k]![c]![s]!;
      realRows[i] = pool[rng.int(pool.length)]!;
    }
    return { cond, realCond, realRows };
  }
}

/**
 * Conditions for generating `count` rows of class `classIndex`: the class fixed, one categorical
 * column drawn uniformly and its value by real frequency within the class.
 */
export function samplingConditions(stats: ConditionStats, classIndex: number, count: number, rng: Rng): Float32Array {
  if (!(stats.classRows[classIndex]! > 0)) {
    throw new GanAugmentError('usage', `ctgan: class ${classIndex} had no training rows, so the model cannot generate it.`, {
      hint: "Fit with trainOn 'all' or request only classes the model was trained on.",
    });
  }
  const w = conditionWidth(stats);
  const offsets = slotOffsets(stats);
  const probs = stats.counts[classIndex]!.map((c) => normalise(c));
  const cond = new Float32Array(count * w);
  const columns = stats.slotCounts.length;
  for (let i = 0; i < count; i++) {
    cond[i * w + classIndex] = 1;
    if (columns === 0) continue;
    const c = rng.int(columns);
    cond[i * w + offsets[c]! + draw(probs[c]!, rng)] = 1;
  }
  return cond;
}

/** Where each categorical column's one-hot starts inside the condition vector. */
export function slotOffsets(stats: ConditionStats): number[] {
  const out: number[] = [];
  let at = stats.classCount;
  for (const n of stats.slotCounts) {
    out.push(at);
    at += n;
  }
  return out;
}

export function conditionStatsToJson(stats: ConditionStats): JsonValue {
  return {
    classCount: stats.classCount,
    slotCounts: [...stats.slotCounts],
    counts: stats.counts.map((perCol) => perCol.map((c) => [...c])),
    classRows: [...stats.classRows],
  };
}

export function conditionStatsFromJson(json: JsonValue | undefined): ConditionStats {
  const bad = (): GanAugmentError =>
    new GanAugmentError('model', 'ctgan model: the condition statistics are corrupt.', { hint: 'Re-train the model; saved models must not be edited.' });
  if (json === null || json === undefined || typeof json !== 'object' || Array.isArray(json)) throw bad();
  const classCount = json['classCount'];
  const slotCounts = json['slotCounts'];
  const counts = json['counts'];
  const classRows = json['classRows'];
  const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  if (!isCount(classCount) || !Array.isArray(slotCounts) || !slotCounts.every(isCount)) throw bad();
  if (!Array.isArray(classRows) || classRows.length !== classCount || !classRows.every(isCount)) throw bad();
  if (!Array.isArray(counts) || counts.length !== classCount) throw bad();
  for (const perCol of counts) {
    if (!Array.isArray(perCol) || perCol.length !== slotCounts.length) throw bad();
    perCol.forEach((c, i) => {
      if (!Array.isArray(c) || c.length !== slotCounts[i] || !c.every(isCount)) throw bad();
    });
  }
  return { classCount, slotCounts: slotCounts as number[], counts: counts as number[][][], classRows: classRows as number[] };
}

function normalise(weights: readonly number[]): Float64Array {
  const total = weights.reduce((s, v) => s + v, 0);
  const out = new Float64Array(weights.length);
  if (total <= 0) {
    out.fill(weights.length > 0 ? 1 / weights.length : 0);
    return out;
  }
  weights.forEach((v, i) => (out[i] = v / total));
  return out;
}

function draw(probs: Float64Array, rng: Rng): number {
  let u = rng.next();
  for (let i = 0; i < probs.length; i++) {
    u -= probs[i]!;
    if (u < 0) return i;
  }
  // Rounding left a sliver: take the last value with positive probability.
  for (let i = probs.length - 1; i >= 0; i--) if (probs[i]! > 0) return i;
  return 0;
}
