/**
 * One method applied to one training fold: `none` and `balanced` add nothing (`balanced` instead
 * weights rows by n / (classes * class count), sklearn's class_weight='balanced'); any other name is
 * a registered synthesizer, run through the stage's resample template (src/stage/resample.ts) on
 * the training fold only: the same plan, copy guard, redraw and rounding as `augment` ships.
 */
import type { BackendName } from '../backend/names.js';
import type { Dataset, FitReport, JsonValue } from '../contracts.js';
import { concatRows, countByClass } from '../dataset.js';
import type { Rng } from '../random.js';
import type { TablePlan } from '../schema/plan.js';
import { MemorySink, fitResample } from '../stage/resample.js';
import type { SamplingStrategy } from '../strategy.js';
import type { AmountChoice, AmountChooser, FilterRules } from '../options/index.js';
import { chooseAmount } from './choose-amount.js';
import { judgeSynthetic } from './choose-judge.js';
import { splitMethod } from '../stage/filters/method-name.js';
import type { FilterTally } from '../stage/filters/tally.js';

export interface AugmentedFold {
  /** The training rows the classifiers see: real rows first, then synthetic rows. */
  readonly train: Dataset;
  readonly realRows: number;
  /** The synthetic rows alone (empty for the baselines). */
  readonly synthetic: Dataset | undefined;
  readonly sampleWeight: Float32Array | undefined;
  readonly fitReport: FitReport | undefined;
  readonly seconds: number;
  /** With filter rules: what each dropped on this fold. */
  readonly filter?: FilterTally | undefined;
  /** --amount auto: what was chosen on this fold. */
  readonly amount?: AmountChoice | undefined;
}

export interface AugmentSettings {
  /** The stage's --strategy and --minority, applied to each training fold's own class counts. */
  readonly strategy: SamplingStrategy;
  readonly minority: readonly string[];
  readonly epochs?: number | undefined;
  readonly params?: Readonly<Record<string, JsonValue>> | undefined;
  /** The input's table plan, so synthetic rows are rounded to its types as `augment` writes them. */
  readonly plan?: TablePlan | undefined;
  readonly backend?: BackendName;
  /** The post-generation filter rules (a method 'NAME+purity' asks for its own). */
  readonly filter?: FilterRules;
  /** --amount: a share of the planned rows, or 'auto': chosen on a split of this training fold (choose-amount.ts). */
  readonly amount?: number | 'auto';
  /** Test seam: how 'auto' chooses (default chooseAmount). */
  readonly amountChooser?: AmountChooser | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Augment `train` with `method`; `rng` is the root of this (fold, method) run. The test fold is
 * not an argument: it cannot leak into the synthesizer.
 *
 * @example
 * const { train: augmented } = await augmentFold(trainFold, 'smote', { strategy: { kind: 'auto' }, minority: [] }, rng);
 */
export async function augmentFold(train: Dataset, method: string, settings: AugmentSettings, rng: Rng): Promise<AugmentedFold> {
  const started = performance.now();
  if (method === 'none') return { train, realRows: train.rowCount, synthetic: undefined, sampleWeight: undefined, fitReport: undefined, seconds: 0 };
  if (method === 'balanced') {
    const counts = countByClass(train);
    const present = counts.filter((c) => c > 0).length;
    const sampleWeight = new Float32Array(train.rowCount);
    for (let i = 0; i < train.rowCount; i++) sampleWeight[i] = train.rowCount / (present * counts[train.labels[i]!]!);
    return { train, realRows: train.rowCount, synthetic: undefined, sampleWeight, fitReport: undefined, seconds: 0 };
  }
  const { model, rules: filter } = splitMethod(method, settings.filter);
  const sink = new MemorySink();
  const run = await fitResample(
    {
      model,
      modelFlag: '--methods',
      modelParams: settings.params ?? {},
      trainOn: undefined,
      epochs: settings.epochs,
      batchSize: undefined,
      checkpointDir: undefined,
      backend: settings.backend ?? 'auto',
      signal: settings.signal,
      strategy: settings.strategy,
      minority: settings.minority,
      keepCopies: false,
      privacyDistance: undefined,
      filter,
      amount: settings.amount ?? 1,
      amountChooser: settings.amountChooser ?? chooseAmount,
      // Plugins that choose on data (ctgan's snapshot 'auto') split this training fold themselves.
      judge: judgeSynthetic,
    },
    { training: train, plan: settings.plan },
    sink.add,
    rng,
  );
  const synthetic = sink.rows();
  return {
    train: synthetic && synthetic.rowCount > 0 ? concatRows(train, synthetic) : train,
    realRows: train.rowCount,
    synthetic,
    sampleWeight: undefined,
    fitReport: run.fitReport,
    seconds: (performance.now() - started) / 1000,
    ...(run.tally.filter ? { filter: run.tally.filter } : {}),
    ...(run.amount ? { amount: run.amount } : {}),
  };
}
