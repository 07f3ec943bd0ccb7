/**
 * The evaluator's job units: what one worker (this process, a child of the local pool, or a queue
 * worker) computes, and what it sends back. One unit is one (repeat, fold) split and the methods
 * of it that share one augmented training fold (`none` with `threshold`, which is `none`'s
 * classifiers at a tuned threshold; every other method alone), so no fit is made twice and the
 * heavy units (a GAN's fit) are as small as they can be. Every random draw inside a unit forks
 * from the run's root by (repeat, fold, method, classifier), so a unit's result does not depend on
 * where or in which order it runs, and the merged report equals a sequential run's.
 */
import type { BackendName } from '../backend/names.js';
import type { Dataset, FitReport, JsonValue } from '../contracts.js';
import type { FilterRules } from '../options/index.js';
import type { FilterTally } from '../stage/filters/tally.js';
import type { TablePlan } from '../schema/plan.js';
import type { SamplingStrategy } from '../strategy.js';
import type { FidelityReport } from './fidelity.js';
import type { ImageSamples } from './image-samples.js';
import type { MetricName } from './metrics.js';
import type { Prediction } from './train-predict.js';

/** The run's settings every unit needs, resolved (defaults applied) by runEvaluation; plain data. */
export interface UnitSettings {
  readonly folds: number;
  readonly repeats: number;
  readonly seed: number;
  readonly classifiers: readonly string[];
  readonly metric: MetricName;
  readonly alpha: number;
  readonly tuneThreshold: boolean;
  readonly epochs?: number | undefined;
  readonly strategy: SamplingStrategy;
  readonly minority: readonly string[];
  readonly plan?: TablePlan | undefined;
  readonly backend?: BackendName | undefined;
  readonly filter?: FilterRules | undefined;
  /** --amount: a share of the planned rows, or 'auto' (chosen per training fold on its rows only). */
  readonly amount?: number | 'auto' | undefined;
  readonly synthesizerParams?: Readonly<Record<string, Readonly<Record<string, JsonValue>>>> | undefined;
  readonly classifierParams?: Readonly<Record<string, Readonly<Record<string, unknown>>>> | undefined;
  readonly autoCandidates: readonly string[];
}

export interface EvaluateUnit {
  /** Index into the run's splits (repeat-major). */
  readonly split: number;
  /** Methods run on this split, in the run's method order. */
  readonly methods: readonly string[];
  /** Also measure fidelity, history and image samples of each synthesizer fitted (the first split's units). */
  readonly diagnose: boolean;
}

/** The first split's look at what a synthesizer made (SynthesizerDiagnostics without the timings). */
export interface FitDiagnostics {
  readonly fidelity: FidelityReport | undefined;
  readonly history: FitReport['history'];
  readonly imageSamples?: ImageSamples | undefined;
}

/** A synthesizer fit made (or reused) for a method on this split: the run records one per (split, synthesizer). */
export interface FitRecord {
  readonly base: string;
  readonly seconds: number;
  readonly diagnostics?: FitDiagnostics | undefined;
  /** With filter rules: what each dropped on this split. */
  readonly filter?: FilterTally | undefined;
  /** --amount auto: the share chosen on this split's training fold. */
  readonly amount?: number | undefined;
}

/** One method on one split. */
export interface MethodOutcome {
  readonly method: string;
  /** What `auto` chose on this training fold. */
  readonly chosen?: string | undefined;
  /** A synthesizer fit behind this method that made synthetic rows (kept when a later step failed). */
  readonly fit?: FitRecord | undefined;
  /** The 'data' error that kept this method from running on this split. */
  readonly failure?: string | undefined;
  /** Per classifier, in the run's classifier order. */
  readonly predictions?: readonly Prediction[] | undefined;
  readonly thresholds?: readonly (number | undefined)[] | undefined;
  readonly trainRows?: number | undefined;
  readonly realRows?: number | undefined;
}

export interface UnitResult {
  readonly split: number;
  readonly outcomes: readonly MethodOutcome[];
}

/** Runs a batch of units somewhere and hands back all their results in unit order. */
export interface UnitExecutor {
  /** `onResult`, for progress, hears of each unit as it finishes (from the queue: its methods only, without results). */
  run(units: readonly EvaluateUnit[], onResult: (result: UnitResult) => void): Promise<UnitResult[]>;
  /** Stop any worker processes (always called, in a finally). */
  close(): Promise<void>;
}

/** What an executor needs to start: the data and the settings (the same for every unit). */
export interface EvaluationJob {
  readonly data: Dataset;
  readonly settings: UnitSettings;
}

export type UnitExecutorFactory = (job: EvaluationJob) => UnitExecutor | Promise<UnitExecutor>;

/** The augmenter behind a method name: `threshold` trains like `none`. */
export function augmenterOf(method: string): string {
  return method === 'threshold' ? 'none' : method;
}

/**
 * Every split's units: methods sharing an augmenter go together, `auto` (an inner evaluation of
 * its own) alone.
 * @example planUnits(2, ['none', 'threshold', 'smote']) // [{ split: 0, methods: ['none', 'threshold'], diagnose: true }, { split: 0, methods: ['smote'], ... }, ...]
 */
export function planUnits(splits: number, methods: readonly string[]): EvaluateUnit[] {
  const groups = new Map<string, string[]>();
  for (const method of methods) {
    const key = method === 'auto' ? 'auto' : augmenterOf(method);
    groups.set(key, [...(groups.get(key) ?? []), method]);
  }
  const units: EvaluateUnit[] = [];
  for (let split = 0; split < splits; split++) {
    for (const group of groups.values()) units.push({ split, methods: group, diagnose: split === 0 });
  }
  return units;
}
