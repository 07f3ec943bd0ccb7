/**
 * The evaluation report: everything `evaluate` measured, as plain JSON-serialisable data. The text
 * table, `--json` and the HTML report are all rendered from this one object.
 */
import type { FitReport } from '../contracts.js';
import type { PairedComparison, Summary } from './compare.js';
import type { FidelityReport } from './fidelity.js';
import type { ImageSamples } from './image-samples.js';
import type { MetricName, MetricValues } from './metrics.js';
import type { Verdict } from './verdict.js';

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
  /** Image datasets only: real and synthetic contact sheets from the first split (PNG, base64). */
  readonly imageSamples?: ImageSamples;
}

export interface EvaluationReport {
  readonly tool: 'gan-augment';
  readonly reportVersion: 1;
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
  readonly synthesizers: readonly SynthesizerDiagnostics[];
  readonly seconds: number;
}
