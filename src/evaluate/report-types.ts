/**
 * The evaluation report: everything `evaluate` measured, as plain JSON-serialisable data. The text
 * table, `--json` and the HTML report are all rendered from this one object.
 */
import type { FitReport } from '../contracts.js';
import type { PairedComparison, Summary } from './compare.js';
import type { FidelityReport } from './fidelity.js';
import type { ImageSamples } from './image-samples.js';
import type { MetricName, MetricValues } from './metrics.js';
import type { PerClassResult, PooledDifference, PooledFigure } from './pooled.js';
import type { PairwiseRecord, RankedMethod, Recommendation } from './recommend.js';
import type { Verdict } from './verdict.js';
import type { FilterSummary } from '../stage/filters/tally.js';

/** One classifier trained on one method's training fold and scored on the real test fold. */
export interface RunRecord {
  readonly repeat: number;
  readonly fold: number;
  readonly method: string;
  readonly classifier: string;
  readonly metrics: MetricValues;
  /** Rows the classifier trained on (real + synthetic). */
  readonly trainRows: number;
  readonly syntheticRows: number;
  readonly testRows: number;
  readonly classifierSeconds: number;
  /** The tuned minority decision threshold (absent: the argmax decision). */
  readonly threshold?: number;
}

/** A method that could not run on a split (e.g. a class too small for SMOTE's neighbours). */
export interface MethodFailure {
  readonly repeat: number;
  readonly fold: number;
  readonly method: string;
  readonly message: string;
}

export interface CellSummary {
  readonly method: string;
  readonly classifier: string;
  readonly metrics: Readonly<Record<MetricName, Summary>>;
}

export interface ComparisonRecord {
  readonly method: string;
  /** A classifier name, or 'all' (per split, the mean over classifiers). */
  readonly classifier: string;
  readonly metric: MetricName;
  readonly comparison: PairedComparison;
}

export interface SynthesizerDiagnostics {
  readonly method: string;
  /** Fidelity and privacy on the first split (repeat 0, fold 0). */
  readonly fidelity: FidelityReport | undefined;
  /** The first split's training history (losses per epoch), for the report's loss curves. */
  readonly history: FitReport['history'];
  /** Fit + sample time per split. */
  readonly seconds: Summary;
  /** With filter rules: what each dropped, summed over every split. */
  readonly filter?: FilterSummary;
  /** --amount auto: the share of the planned rows chosen on each split's training fold, in split order. */
  readonly amountChosen?: readonly number[];
  /** Image datasets only: real and synthetic contact sheets from the first split (PNG, base64). */
  readonly imageSamples?: ImageSamples;
}

export interface EvaluationReport {
  readonly tool: 'gan-augment';
  readonly reportVersion: 2;
  readonly dataset: {
    readonly name: string;
    readonly rows: number;
    readonly classes: readonly string[];
    readonly classCounts: readonly number[];
    /** The class the minority_* metrics describe: the smallest class of the full dataset. */
    readonly minorityClass: string;
    readonly minorityIndex: number;
    readonly features: ReadonlyArray<{ readonly name: string; readonly kind: string }>;
  };
  readonly protocol: {
    readonly folds: number;
    readonly repeats: number;
    readonly seed: number;
    readonly methods: readonly string[];
    readonly classifiers: readonly string[];
    readonly metric: MetricName;
    readonly alpha: number;
    /** Every method other than `none` decided at a threshold tuned by inner cross-validation. */
    readonly tuneThreshold: boolean;
    /** Inner folds of the threshold tuning (on the training fold only). */
    readonly innerFolds: number;
    readonly epochs: number | null;
    readonly target: string;
    readonly bootstrapResamples: number;
    readonly notes: readonly string[];
  };
  readonly runs: readonly RunRecord[];
  readonly failures: readonly MethodFailure[];
  readonly summary: readonly CellSummary[];
  readonly comparisons: readonly ComparisonRecord[];
  readonly verdicts: readonly Verdict[];
  /** The plain answer: which method to use, with the decisive comparison. */
  readonly recommendation: Recommendation;
  /** Methods by the verdict metric (classifiers averaged per split), best first. */
  readonly ranking: readonly RankedMethod[];
  /** Every two methods, the better-ranked first, paired over the same splits on the verdict metric. */
  readonly pairwise: readonly PairwiseRecord[];
  /** Metrics on the pooled out-of-fold predictions, with bootstrap intervals and paired differences. */
  readonly pooled: { readonly figures: readonly PooledFigure[]; readonly differences: readonly PooledDifference[] };
  /** More than two classes: F1, recall and PR-AUC of every class (pooled out-of-fold). */
  readonly perClass: readonly PerClassResult[];
  /** Warnings on reading the results (e.g. minority F1 and PR-AUC disagree). */
  readonly cautions: readonly string[];
  readonly synthesizers: readonly SynthesizerDiagnostics[];
  readonly seconds: number;
}
