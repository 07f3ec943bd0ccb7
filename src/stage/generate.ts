/**
 * Sample the rows each class needs, round them to the output types, and (unless copies are kept)
 * drop exact copies of training rows and, with --privacy-distance, rows too close to a training
 * row, drawing again for the shortfall a bounded number of times.
 */
import type { Dataset, Feature, Synthesizer } from '../contracts.js';
import { concatRows, countByClass, takeRows } from '../dataset.js';
import { GanAugmentError } from '../errors.js';
import type { ProgressSink } from '../progress.js';
import type { Rng } from '../random.js';
import { canonicalizeDataset } from '../schema/decode.js';
import type { TablePlan } from '../schema/plan.js';
import { filterByDistance } from '../privacy/privacy-filter.js';
import type { FilterRule, FilterRules } from '../options/table.js';
import { distanceToClosestRecord } from '../privacy/distance.js';
import { checkSamples, dropExactCopies } from './guard.js';
import { keepBest, type CandidateScores } from './filters/keep-best.js';
import { purityScores } from './filters/purity.js';
import { addFilterTally, emptyFilterTally, type FilterTally } from './filters/tally.js';

/** First draw plus this many redraws for rows dropped as copies. */
export const MAX_SAMPLE_ROUNDS = 5;

export interface Generated {
  readonly rows: Dataset;
  readonly dropped: number;
  /** Copies left in because the guard was off. */
  readonly keptCopies: number;
  readonly rounds: number;
  /** With a privacy filter: rows dropped by it, and the DCR of every row kept (in row order). */
  readonly privacy?: { readonly dropped: number; readonly distances: Float64Array };
  /** With --filter: candidates each rule dropped, and those beyond the rows needed (filters/keep-best.ts). */
  readonly filter?: FilterTally;
}

/**
 * The post-generation filters (src/stage/filters/): draw `oversample` times the rows needed, drop
 * near-copies (distance) and rows whose `purityK` nearest training rows are mostly of another class
 * (purity), keep the best by the critic's score (critic) or purity. Needs training rows.
 */
export interface FilterSettings {
  readonly rules: FilterRules;
  readonly oversample: number;
  readonly purityK: number;
  /** Per class index: the purity below which a candidate is dropped (filters/purity.ts purityFloors). */
  readonly minPurity: ArrayLike<number>;
  /** The near-copy rule's Gower distance on the training rows (filters/distance.ts), when `distance` is a rule. */
  readonly nearCopy: number | undefined;
}

export interface GenerateOptions {
  readonly model: string;
  /** Output types the rows are rounded to; undefined for an encoded Dataset with no table behind it. */
  readonly plan: TablePlan | undefined;
  /** Canonical training rows to compare against; undefined: nothing to compare (sampling a saved model). */
  readonly training: Dataset | undefined;
  /** Drop copies (true) or keep them (false). */
  readonly dropCopies: boolean;
  readonly rng: Rng;
  readonly progress?: ProgressSink | undefined;
  /**
   * --privacy-distance, resolved to a Gower distance (see src/privacy/privacy-filter.ts): rows whose
   * distance to the closest training row is at or below it are dropped and redrawn. Needs `training`.
   */
  readonly privacyLimit?: number | undefined;
  readonly filter?: FilterSettings | undefined;
}

/**
 * Generate exactly `needed.get(c)` rows for each class index `c`.
 * @example const { rows } = await generateRows(synth, new Map([[1, 800]]), { model, plan, training, dropCopies: true, rng });
 */
export async function generateRows(synthesizer: Synthesizer, needed: ReadonlyMap<number, number>, options: GenerateOptions): Promise<Generated> {
  const { plan, training } = options;
  const total = [...needed.values()].reduce((s, n) => s + n, 0);
  const remaining = new Map(needed);
  let rows: Dataset | undefined;
  let dropped = 0;
  let drawn = 0;
  let rounds = 0;
  const limit = training ? options.privacyLimit : undefined;
  const filter = training && options.filter && options.filter.rules.length > 0 ? options.filter : undefined;
  const tally: FilterTally | undefined = filter ? emptyFilterTally(filter.rules) : undefined;
  let privacyDropped = 0;
  const keptDistances: Float64Array[] = [];
  while ([...remaining.values()].some((n) => n > 0) && rounds < MAX_SAMPLE_ROUNDS) {
    // After a round that lost rows to the guard, over-draw by the observed keep rate (bounded),
    // then keep only the rows still needed: fewer rounds than redrawing the bare shortfall.
    const refused = tally ? tally.dropped.purity + tally.dropped.distance : 0;
    const keepRate = drawn === 0 ? 1 : Math.max(0.1, (drawn - dropped - refused) / drawn);
    const over = filter?.oversample ?? 1;
    const request = new Map(
      [...remaining].filter(([, n]) => n > 0).map(([c, n]) => [c, Math.min(n * 10 * over, Math.ceil(((n * over) / keepRate) * (rounds === 0 ? 1 : 1.1)))] as [number, number]),
    );
    const raw = await synthesizer.sample(request, options.rng.fork(`sample-${rounds}`), options.progress);
    rounds++;
    const sampled = plan ? canonicalizeDataset(raw, plan) : raw;
    // Without training rows (a saved model), the samples are checked against themselves: row
    // counts per class and category codes in range; decoding then checks them against the plan.
    checkSamples(sampled, training ?? sampled, request, options.model);
    drawn += sampled.rowCount;
    let kept = sampled;
    if (training && options.dropCopies) {
      const guarded = dropExactCopies(sampled, training);
      kept = guarded.kept;
      dropped += guarded.dropped;
    }
    let distances: Float64Array | undefined;
    if (training && limit !== undefined && kept.rowCount > 0) {
      const filtered = filterByDistance(kept, training, { absolute: limit });
      const near = indexesWhere(filtered.keep, 1);
      privacyDropped += filtered.dropped;
      dropped += filtered.dropped;
      distances = Float64Array.from(near, (i) => filtered.distances[i]!);
      if (near.length < kept.rowCount) kept = takeRows(kept, near);
    }
    let first: number[];
    if (filter && kept.rowCount > 0) {
      const chosen = keepBest(kept.labels, remaining, await filterScores(synthesizer, kept, training!, filter, distances, options.rng.fork(`score-${rounds}`)));
      addFilterTally(tally!, { rules: filter.rules, dropped: { ...chosen.dropped }, surplus: chosen.surplus, short: {} });
      first = [...chosen.keep];
    } else {
      first = firstPerClass(kept, remaining);
    }
    if (first.length < kept.rowCount) kept = takeRows(kept, first);
    if (distances) keptDistances.push(first.length < distances.length ? Float64Array.from(first, (i) => distances[i]!) : distances);
    const got = countByClass(kept);
    for (const [c, n] of remaining) remaining.set(c, n - (got[c] ?? 0));
    rows = rows ? concatRows(rows, kept) : kept;
    const filtered = tally ? tally.dropped.purity + tally.dropped.distance + tally.dropped.critic : 0;
    const metrics = { ...(dropped - privacyDropped ? { droppedCopies: dropped - privacyDropped } : {}), ...(privacyDropped ? { droppedNear: privacyDropped } : {}), ...(filtered ? { droppedByFilter: filtered } : {}) };
    options.progress?.({ phase: 'sample', done: rows.rowCount, total, unit: 'rows', ...(dropped || filtered ? { metrics } : {}) });
  }
  const short = [...remaining].filter(([, n]) => n > 0);
  const classes = (plan ?? training ?? rows)?.classes ?? [];
  if (short.length > 0 && tally && tally.dropped.purity + tally.dropped.distance > 0) {
    // The filter's shortfall caps the output (said in the summary) rather than failing the run: for a
    // small class whose model samples mostly elsewhere, fewer clean rows beat none (docs/ctgan.md).
    for (const [c, n] of short) tally.short[classes[c] ?? String(c)] = n;
  } else if (short.length > 0) {
    const shortText = short.map(([c, n]) => `class '${classes[c]}' is still ${n} row${n === 1 ? '' : 's'} short`).join(', ');
    if (privacyDropped > 0) {
      throw new GanAugmentError(
        'data',
        `--privacy-distance: --model ${options.model} kept producing rows at distance <= ${formatDistance(limit!)} from a training row: after ${rounds} rounds ${shortText} (${privacyDropped} rows too close to a training row dropped, ${dropped - privacyDropped} exact copies).`,
        { hint: 'The model may be memorising its training rows: lower the threshold (e.g. q0.01 or 0.01), train differently (--epochs, another --model), or leave out --privacy-distance.' },
      );
    }
    throw new GanAugmentError(
      'data',
      `--model ${options.model} kept producing exact copies of training rows: after ${rounds} rounds ${shortText} (${dropped} copies dropped).`,
      { hint: 'Train longer (--epochs), use another --model, or pass --keep-copies to keep copies of training rows.' },
    );
  }
  let keptCopies = 0;
  if (rows && training && !options.dropCopies) {
    keptCopies = dropExactCopies(rows, training).dropped;
  }
  if (!rows) throw new GanAugmentError('usage', 'No rows were requested from the synthesizer.');
  const privacy = limit !== undefined ? { dropped: privacyDropped, distances: concatFloats(keptDistances) } : undefined;
  return { rows, dropped: dropped - privacyDropped, keptCopies, rounds, ...(privacy ? { privacy } : {}), ...(tally ? { filter: tally } : {}) };
}

/** The scores the filter's rules need for these candidates; `distances` when the privacy filter already computed them. */
async function filterScores(synthesizer: Synthesizer, candidates: Dataset, training: Dataset, filter: FilterSettings, distances: Float64Array | undefined, rng: Rng): Promise<CandidateScores> {
  const on = (rule: FilterRule): boolean => filter.rules.includes(rule);
  return {
    ...(on('purity') ? { purity: { scores: purityScores(candidates, training, filter.purityK), min: filter.minPurity } } : {}),
    ...(on('distance') ? { distance: { distances: distances ?? distanceToClosestRecord(candidates, training), limit: filter.nearCopy! } } : {}),
    // chooseSynthesizer refused critic for factories without `scoresRows`.
    ...(on('critic') ? { critic: await synthesizer.score!(candidates, rng) } : {}),
  };
}

function indexesWhere(flags: Uint8Array, value: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < flags.length; i++) if (flags[i] === value) out.push(i);
  return out;
}

/** One array of the parts, in order (the kept rows' distances over rounds and chunks). */
export function concatFloats(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function formatDistance(x: number): string {
  return Number(x.toPrecision(4)).toString();
}

/** Indexes of the first `limit.get(c)` rows of each class c, in row order. */
function firstPerClass(data: Dataset, limit: ReadonlyMap<number, number>): number[] {
  const taken = new Map<number, number>();
  const keep: number[] = [];
  for (let i = 0; i < data.rowCount; i++) {
    const c = data.labels[i]!;
    const t = taken.get(c) ?? 0;
    if (t < (limit.get(c) ?? 0)) {
      keep.push(i);
      taken.set(c, t + 1);
    }
  }
  return keep;
}

/** A dataset with the features and classes of `like` and no rows. */
export function emptyDataset(like: Dataset): Dataset {
  const features = like.features.map((f): Feature => {
    if (f.kind === 'numeric') return { ...f, values: new Float64Array(0) };
    if (f.kind === 'categorical') return { ...f, codes: new Int32Array(0) };
    return { ...f, pixels: new Float32Array(0) };
  });
  return { features, labels: new Int32Array(0), classes: like.classes, rowCount: 0 };
}
