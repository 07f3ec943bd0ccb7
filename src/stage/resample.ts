/**
 * The one resample template, in the spirit of imbalanced-learn's `fit_resample` -> `_fit_resample`:
 * check -> plan the rows per class (strategy) -> fit -> generate (copy guard, privacy filter,
 * redraw, rounding to the output's types) in bounded chunks -> a sink. `augment`, the streaming
 * augment, `fit`, `sample`, sharded sampling and each evaluate fold run these steps and nothing
 * else assembles the pipeline, so the evaluator measures exactly what `augment` ships.
 */
import type { Dataset, FitReport, JsonValue, Synthesizer, SynthesizerFactory, SyntheticJudge } from '../contracts.js';
import { concatRows, countByClass } from '../dataset.js';
import { GanAugmentError } from '../errors.js';
import type { BackendName } from '../backend/names.js';
import type { AmountChoice, AmountChooser, FilterRules, TrainOn } from '../options/index.js';
import type { DistanceThreshold } from '../privacy/privacy-filter.js';
import { distanceLimit } from '../privacy/privacy-filter.js';
import { summarizeDcr } from '../privacy/summary.js';
import type { ProgressSink } from '../progress.js';
import type { Rng } from '../random.js';
import { getSynthesizer } from '../registry.js';
import { canonicalizeDataset } from '../schema/decode.js';
import type { TablePlan } from '../schema/plan.js';
import { formatStrategy, planClassCounts, type ClassCount, type SamplingStrategy } from '../strategy.js';
import { fitForStage } from './fit.js';
import { concatFloats, generateRows, type FilterSettings } from './generate.js';
import { addFilterTally, emptyFilterTally, FILTER_OVERSAMPLE, filterText, type FilterTally } from './filters/tally.js';
import { nearCopyLimit } from './filters/distance.js';
import { DEFAULT_PURITY_K, purityFloors } from './filters/purity.js';
import type { PrivacySummary, RunSummary } from './metadata.js';
import { checkBatchSize, checkCanLearn } from './prepare.js';

/** Synthetic rows generated (and decoded) per synthesizer call: bounds memory during sampling. */
export const SYNTHETIC_CHUNK_ROWS = 65_536;

/** What a fit needs, resolved once by the entry point (augment, fit, evaluate's method). */
export interface FitSettings {
  readonly model: string;
  readonly modelParams: Readonly<Record<string, JsonValue>>;
  readonly trainOn: TrainOn | undefined;
  readonly epochs: number | undefined;
  readonly batchSize: number | undefined;
  readonly checkpointDir: string | undefined;
  readonly backend: BackendName;
  /** Threads for the wasm backend when the fit starts it (absent: GAN_AUGMENT_THREADS, else the cores). */
  readonly threads?: number | undefined;
  readonly signal: AbortSignal | undefined;
  /** The option that named the model, for messages ('--model', or '--methods' in evaluate). */
  readonly modelFlag?: string;
  /** Handed to the fit (FitOptions.judge) for plugins that choose on data; the stage cannot import the evaluator, so entry points pass it in. */
  readonly judge?: SyntheticJudge | undefined;
}

/** What resampling adds to a fit. */
export interface ResampleSettings extends FitSettings {
  readonly strategy: SamplingStrategy;
  readonly minority: readonly string[];
  readonly keepCopies: boolean;
  readonly privacyDistance: DistanceThreshold | undefined;
  /** The rules to run; undefined: the synthesizer's own (SynthesizerFactory.defaultFilter). */
  readonly filter: FilterRules | undefined;
  /** Share of the planned rows to add per class, or 'auto': `amountChooser` picks it on the training rows. */
  readonly amount: number | 'auto';
  readonly amountChooser: AmountChooser | undefined;
}

/** `--filter RULES` on these training rows: purity over 5 neighbours (a majority of the row's class, or less where the class's real rows are less pure), the near-copy limit, 3x candidates. */
export function filterSettings(rules: FilterRules, training: Dataset, rng: Rng): FilterSettings | undefined {
  if (rules.length === 0) return undefined;
  const nearCopy = rules.includes('distance') ? nearCopyLimit(training, rng.fork('filter-distance')) : undefined;
  const minPurity = rules.includes('purity') ? purityFloors(training, DEFAULT_PURITY_K) : new Float64Array(0);
  return { rules, oversample: FILTER_OVERSAMPLE, purityK: DEFAULT_PURITY_K, minPurity, nearCopy };
}

/**
 * A model's default rules are skipped when their nearest-neighbour searches would compare more
 * than this many (row, training row) pairs: the purity rule's floors (training x training) and
 * scores (training x 3x the rows needed) grow quadratically, and a default must not turn a large
 * run into hours (a user's own --filter runs whatever the size). The 8 shared sets need at most
 * ~4e7 (phoneme).
 */
export const DEFAULT_FILTER_PAIR_BUDGET = 5e8;

/** Whether a model's default rules fit DEFAULT_FILTER_PAIR_BUDGET for this many training rows and rows to add. */
export function defaultFilterFits(trainingRows: number, rowsToAdd: number, budget = DEFAULT_FILTER_PAIR_BUDGET): boolean {
  return trainingRows * (trainingRows + FILTER_OVERSAMPLE * rowsToAdd) <= budget;
}

/** The synthesizer an entry point uses, with its parameters (--model-params plus --train-on). */
export interface ChosenSynthesizer {
  readonly factory: SynthesizerFactory;
  readonly params: Readonly<Record<string, JsonValue>>;
  /** The filter rules that run: the user's, else the factory's default, else none. */
  readonly filter: FilterRules;
}

/**
 * Step 0: the synthesizer by name, and the checks that need no data.
 * @example const chosen = chooseSynthesizer(settings);
 */
export function chooseSynthesizer(settings: FitSettings & { readonly privacyDistance?: DistanceThreshold | undefined; readonly filter?: FilterRules | undefined }): ChosenSynthesizer {
  const flag = settings.modelFlag ?? '--model';
  if (settings.model === 'auto') {
    throw new GanAugmentError('usage', `${flag} auto chooses the synthesizer by cross-validation before augmenting; here it reached the pipeline unchosen.`, {
      hint: "augment(), augmentStream() and fitModel() (and the CLI's augment and fit) choose first; below them, call chooseModel() and pass its model.",
    });
  }
  const factory = getSynthesizer(settings.model, flag);
  const params = settings.trainOn === undefined ? { ...settings.modelParams } : { ...settings.modelParams, trainOn: settings.trainOn };
  if (settings.privacyDistance && factory.copiesTrainingRows) {
    throw new GanAugmentError('usage', `--privacy-distance cannot be used with ${flag} ${settings.model}, which copies training rows by design: every row would be dropped.`, {
      hint: 'Use a generative model (e.g. --model ctgan or --model smote), or leave out --privacy-distance.',
    });
  }
  const filter = settings.filter ?? factory.defaultFilter ?? [];
  if (filter.includes('critic') && !factory.scoresRows) {
    throw new GanAugmentError('usage', `--filter critic: ${flag} ${settings.model} has no critic to score rows with.`, {
      hint: 'Use it with a GAN that scores rows (ctgan), or choose other rules (purity, distance).',
    });
  }
  return { factory, params, filter };
}

/** Step 1: how many rows each class gets (`counts` are the classes' sizes in the whole input). */
export interface ResamplePlan {
  readonly counts: readonly ClassCount[];
  /** Rows to generate per class index (positive only). */
  readonly needed: ReadonlyMap<number, number>;
  readonly warnings: readonly string[];
}

/**
 * Plan the rows per class, with the warnings a user should see about the plan.
 * @example planResample(dataset.classes, [900, 100], settings).needed // Map { 1 => 800 }
 */
export function planResample(classes: readonly string[], before: readonly number[], settings: Pick<ResampleSettings, 'strategy' | 'minority'>, amount = 1): ResamplePlan {
  const planned = planClassCounts(classes, before, settings.strategy, settings.minority);
  // --amount: a share of each class's rows to add, rounded up so a class asked for rows gets some.
  const counts = amount === 1 ? planned : planned.map((c) => ({ ...c, add: Math.ceil(c.add * amount), target: c.before + Math.ceil(c.add * amount) }));
  const needed = new Map(counts.flatMap((c, i) => (c.add > 0 ? [[i, c.add] as [number, number]] : [])));
  const strategy = formatStrategy(settings.strategy);
  const warnings = counts
    .filter((c) => settings.minority.includes(c.class) && c.add === 0)
    .map((c) => `--minority names class '${c.class}', which already has its target of ${c.target} rows under strategy '${strategy}'; nothing is added to it.`);
  if (needed.size === 0) warnings.push(`Nothing to add: strategy '${strategy}' asks for no rows beyond the ones there.`);
  return { counts, needed, warnings };
}

/** Step 2: check the synthesizer can learn `classes` from `training`, then fit it (rng fork 'fit'). */
export async function fitChosen(
  chosen: ChosenSynthesizer,
  settings: FitSettings,
  training: Dataset,
  classes: readonly number[],
  rng: Rng,
  progress?: ProgressSink,
): Promise<{ synthesizer: Synthesizer; backend: string | null; training: NonNullable<RunSummary['training']>; report: FitReport }> {
  const counts = countByClass(training);
  checkCanLearn(chosen.factory, chosen.params, training, classes, counts, settings.modelFlag);
  checkBatchSize(settings.batchSize, counts, settings.trainOn);
  const fit = await fitForStage(settings, chosen.factory, chosen.params, training, rng.fork('fit'), progress);
  return { synthesizer: fit.synthesizer, backend: fit.backend, training: fit.training, report: fit.report };
}

/** One call's worth of rows, with the stream its rows are drawn from. */
export interface GenerateChunk {
  readonly needed: ReadonlyMap<number, number>;
  readonly rng: Rng;
}

/**
 * The chunks of an augment: at most SYNTHETIC_CHUNK_ROWS rows each, classes in index order; chunk
 * 0 draws from fork 'sample' and chunk k from 'sample' / 'chunk-k', so a run's rows depend only on
 * the seed and the plan, never on which sink writes them.
 */
export function augmentChunks(needed: ReadonlyMap<number, number>, rng: Rng, size = SYNTHETIC_CHUNK_ROWS): GenerateChunk[] {
  const sample = rng.fork('sample');
  return planChunks([...needed].sort((a, b) => a[0] - b[0]), size).map((chunk, k) => ({ needed: chunk, rng: k === 0 ? sample : sample.fork(`chunk-${k}`) }));
}

/** What generation did, summed over the chunks. */
export interface GenerateTally {
  copies: { checked: boolean; dropped: number; kept: number; sampleRounds: number };
  /** With --privacy-distance: the threshold, the distance applied, rows dropped, and every kept row's DCR. */
  privacy: { threshold: DistanceThreshold; distance: number; dropped: number; distances: Float64Array[] } | undefined;
  /** With --filter: candidates each rule dropped, and those beyond the rows needed. */
  filter: FilterTally | undefined;
}

export interface GenerateSettings {
  readonly model: string;
  /** Output types to round to; undefined for an encoded Dataset with no table behind it. */
  readonly plan: TablePlan | undefined;
  /** Canonical training rows for the copy guard and privacy filter; undefined: a saved model. */
  readonly training: Dataset | undefined;
  readonly dropCopies: boolean;
  /** Gower distance limit of --privacy-distance (privacyLimit()), when on. */
  readonly privacy?: { readonly threshold: DistanceThreshold; readonly distance: number } | undefined;
  readonly filter?: FilterSettings | undefined;
  readonly progress?: ProgressSink | undefined;
}

/**
 * Step 3: generate every chunk (guard, filters, redraw, rounding), one Dataset per chunk, in order;
 * `tally` sums what the guard and filters did. The sink is whoever iterates.
 * @example for await (const rows of generateChunks(synth, augmentChunks(plan.needed, rng), settings, tally)) sink.add(rows);
 */
export async function* generateChunks(synthesizer: Synthesizer, chunks: readonly GenerateChunk[], settings: GenerateSettings, tally: GenerateTally): AsyncGenerator<Dataset> {
  const total = chunks.reduce((s, c) => s + [...c.needed.values()].reduce((a, b) => a + b, 0), 0);
  const progress = settings.progress;
  let done = 0;
  for (const chunk of chunks) {
    const offset = done;
    const generated = await generateRows(synthesizer, chunk.needed, {
      model: settings.model,
      plan: settings.plan,
      training: settings.training,
      dropCopies: settings.dropCopies,
      rng: chunk.rng,
      progress: progress && ((e) => progress(e.phase === 'sample' ? { ...e, done: offset + e.done, total } : e)),
      privacyLimit: settings.privacy?.distance,
      filter: settings.filter,
    });
    done += generated.rows.rowCount;
    tally.copies.checked = settings.training !== undefined;
    tally.copies.dropped += generated.dropped;
    tally.copies.kept += generated.keptCopies;
    tally.copies.sampleRounds = Math.max(tally.copies.sampleRounds, generated.rounds);
    if (settings.privacy && generated.privacy) {
      tally.privacy ??= { ...settings.privacy, dropped: 0, distances: [] };
      tally.privacy.dropped += generated.privacy.dropped;
      tally.privacy.distances.push(generated.privacy.distances);
    }
    if (generated.filter) {
      tally.filter ??= emptyFilterTally(generated.filter.rules);
      addFilterTally(tally.filter, generated.filter);
    }
    yield generated.rows;
  }
}

export const emptyTally = (): GenerateTally => ({ copies: { checked: false, dropped: 0, kept: 0, sampleRounds: 0 }, privacy: undefined, filter: undefined });

/** The --privacy-distance threshold as a Gower distance on these training rows (rng fork 'privacy'). */
export function privacyLimit(threshold: DistanceThreshold | undefined, training: Dataset, rng: Rng): GenerateSettings['privacy'] {
  return threshold ? { threshold, distance: distanceLimit(training, threshold, { rng: rng.fork('privacy') }) } : undefined;
}

/** The summary's privacy entry, and the warnings about rows the guard and filter dropped. */
export function tallySummary(tally: GenerateTally, formatThreshold: (t: DistanceThreshold) => string): { privacy?: PrivacySummary; warnings: string[] } {
  const warnings: string[] = [];
  if (tally.copies.dropped > 0) warnings.push(`Dropped ${tally.copies.dropped} synthetic rows that copied a training row, and drew replacements.`);
  if (tally.filter) warnings.push(filterText(tally.filter));
  if (!tally.privacy) return { warnings };
  const p = tally.privacy;
  const distances = concatFloats(p.distances);
  if (p.dropped > 0) warnings.push(`--privacy-distance ${formatThreshold(p.threshold)}: dropped ${p.dropped} synthetic rows at distance <= ${p.distance.toPrecision(3)} from a training row, and drew replacements.`);
  return { privacy: { threshold: formatThreshold(p.threshold), distance: p.distance, dropped: p.dropped, dcr: distances.length > 0 ? summarizeDcr(distances) : null }, warnings };
}

/** What a resample did, for the run summary (or the evaluator's report). */
export interface ResampleRun {
  readonly plan: ResamplePlan;
  readonly backend: string | null;
  readonly training: RunSummary['training'];
  readonly fitReport: FitReport | undefined;
  readonly tally: GenerateTally;
  /** The filter rules that ran (the user's or the synthesizer's default). */
  readonly filter: FilterRules;
  /** Why a model's default rules did not run (DEFAULT_FILTER_PAIR_BUDGET), for the summary's warnings. */
  readonly filterNote?: string;
  /** --amount auto: the shares' validation scores and the one used. */
  readonly amount?: AmountChoice | undefined;
}

/**
 * The whole template on rows in memory or from a bounded reservoir: choose, plan against `before`
 * (the input's class sizes; the training rows' own counts when absent), fit on `training`, and
 * generate into `sink` chunk by chunk. The synthesizer is disposed before it returns.
 * @example const run = await fitResample(settings, { training, plan }, (rows) => parts.push(rows), new Rng(42));
 */
export async function fitResample(
  settings: ResampleSettings,
  input: { readonly training: Dataset; readonly plan: TablePlan | undefined; readonly before?: readonly number[] },
  sink: (rows: Dataset) => Promise<void> | void,
  rng: Rng,
  progress?: ProgressSink,
): Promise<ResampleRun> {
  const { training } = input;
  const choice = settings.amount === 'auto' ? await chooseAmountFor(settings, input, rng) : undefined;
  const plan = planResample(training.classes, input.before ?? countByClass(training), settings, choice?.fraction ?? (settings.amount === 'auto' ? 1 : settings.amount));
  const tally = emptyTally();
  const amount = choice ? { amount: choice } : {};
  if (plan.needed.size === 0) return { plan, backend: null, training: null, fitReport: undefined, tally, filter: [], ...amount };
  let chosen = chooseSynthesizer(settings);
  const adding = [...plan.needed.values()].reduce((a, b) => a + b, 0);
  let filterNote: string | undefined;
  // The user named no rules (settings.filter undefined): the factory's default may be skipped.
  if (settings.filter === undefined && chosen.filter.length > 0 && !defaultFilterFits(training.rowCount, adding)) {
    filterNote = `--filter: ${settings.model}'s default rules (${chosen.filter.join(',')}) were skipped: ${training.rowCount} training rows and ${adding} rows to add are beyond their nearest-neighbour budget (${DEFAULT_FILTER_PAIR_BUDGET.toExponential(0)} pairs). Pass --filter ${chosen.filter.join(',')} to run them anyway, or --filter none to silence this.`;
    chosen = { ...chosen, filter: [] };
  }
  const fit = await fitChosen(chosen, settings, training, [...plan.needed.keys()], rng, progress);
  try {
    const canonical = input.plan ? canonicalizeDataset(training, input.plan) : training;
    const generate: GenerateSettings = {
      model: settings.model,
      plan: input.plan,
      training: canonical,
      dropCopies: !settings.keepCopies && !chosen.factory.copiesTrainingRows,
      privacy: privacyLimit(settings.privacyDistance, canonical, rng),
      filter: filterSettings(chosen.filter, canonical, rng),
      progress,
    };
    for await (const rows of generateChunks(fit.synthesizer, augmentChunks(plan.needed, rng), generate, tally)) await sink(rows);
  } finally {
    fit.synthesizer.dispose();
  }
  return { plan, backend: fit.backend, training: fit.training, fitReport: fit.report, tally, filter: chosen.filter, ...(filterNote ? { filterNote } : {}), ...amount };
}

/**
 * --amount auto: the chooser fits this run's synthesizer (share 1, same settings) on parts of the
 * training rows it splits off itself (rng fork 'amount'); nothing else of the run is drawn from it.
 */
async function chooseAmountFor(settings: ResampleSettings, input: { readonly training: Dataset; readonly plan: TablePlan | undefined }, rng: Rng): Promise<AmountChoice> {
  if (!settings.amountChooser) {
    throw new GanAugmentError('usage', '--amount auto chooses on a validation split of the training rows; here it reached the pipeline without a chooser.', {
      hint: "Call the package's augment() (it supplies one), or pass amountChooser, or give --amount a number.",
    });
  }
  const inner: ResampleSettings = { ...settings, amount: 1, checkpointDir: undefined };
  return settings.amountChooser(
    input.training,
    async (rows, r) => {
      const sink = new MemorySink();
      await fitResample(inner, { training: rows, plan: input.plan }, sink.add, r);
      return sink.rows();
    },
    rng.fork('amount'),
  );
}

/**
 * The in-memory sink of augment, sample and evaluate's folds: the chunks kept, joined once.
 * @example const sink = new MemorySink(); await fitResample(settings, input, sink.add, rng); sink.rows();
 */
export class MemorySink {
  private readonly parts: Dataset[] = [];
  readonly add = (rows: Dataset): void => {
    this.parts.push(rows);
  };
  /** Every row received, in order; undefined when none came. */
  rows(): Dataset | undefined {
    return this.parts.length === 0 ? undefined : this.parts.reduce((a, b) => concatRows(a, b));
  }
}

/**
 * Split the rows needed per class into chunks of at most `size` rows, classes in the order given;
 * a class may span chunks, and a chunk may hold several classes (so small runs make one call).
 */
export function planChunks(needed: readonly (readonly [number, number])[], size: number): Map<number, number>[] {
  const chunks: Map<number, number>[] = [];
  let current = new Map<number, number>();
  let room = size;
  for (const [c, n] of needed) {
    let left = n;
    while (left > 0) {
      const take = Math.min(left, room);
      current.set(c, (current.get(c) ?? 0) + take);
      left -= take;
      room -= take;
      if (room === 0) {
        chunks.push(current);
        current = new Map();
        room = size;
      }
    }
  }
  if (current.size > 0) chunks.push(current);
  return chunks;
}
