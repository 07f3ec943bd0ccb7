/**
 * Metrics on the pooled out-of-fold predictions: within one repeat every row is a test row exactly
 * once, so its folds' predictions together score the whole dataset (a class of 2 test rows per fold
 * still gives one figure over all its rows). Figures are the mean over repeats; their 95% intervals
 * come from a seeded, class-stratified bootstrap of rows, shared by every method and classifier so
 * that differences between methods are paired.
 */
import type { Rng } from '../random.js';
import { BOOTSTRAP_RESAMPLES, percentileInterval, summarize } from './compare.js';
import { METRIC_NAMES, perClassScores, prepareRows, scoreMetric, scoreRows, type MetricName, type MetricValues } from './metrics.js';

/** A classifier name, or 'all' (the mean over classifiers) when there are several. */
export function aggregateName(classifiers: readonly string[]): string {
  return classifiers.length > 1 ? 'all' : classifiers[0]!;
}

export interface PooledFigure {
  readonly method: string;
  /** A classifier name, or 'all' (the mean over classifiers). */
  readonly classifier: string;
  /** Every metric on the pooled predictions, mean over the repeats that ran every fold. */
  readonly metrics: MetricValues;
  readonly repeats: number;
  /** 95% bootstrap interval of the verdict's metric. */
  readonly ciLow: number;
  readonly ciHigh: number;
}

export interface PooledDifference {
  readonly method: string;
  readonly other: string;
  readonly classifier: string;
  readonly metric: MetricName;
  /** Pooled metric of `method` minus that of `other`. */
  readonly diff: number;
  readonly ciLow: number;
  readonly ciHigh: number;
  /** False when the interval contains 0: the two cannot be told apart at this sample size. */
  readonly distinguishable: boolean;
}

export interface PerClassResult {
  readonly method: string;
  readonly classifier: string;
  readonly classes: ReadonlyArray<{ readonly class: string; readonly f1: number; readonly recall: number; readonly pr_auc: number }>;
}

interface Pool {
  readonly predicted: Int32Array;
  readonly scores: Float64Array;
  readonly proba: Float32Array | undefined;
  filled: number;
}

/** Collects each (repeat, method, classifier)'s test-fold predictions into whole-dataset arrays. */
export class OutOfFoldStore {
  private readonly pools = new Map<string, Pool>();

  constructor(
    private readonly rows: number,
    private readonly classCount: number,
    private readonly minority: number,
  ) {}

  record(repeat: number, method: string, classifier: string, testRows: Int32Array, predicted: Int32Array, proba: Float32Array): void {
    const key = `${repeat}|${method}|${classifier}`;
    let pool = this.pools.get(key);
    if (!pool) {
      // Full probabilities only for per-class results (more than two classes).
      pool = { predicted: new Int32Array(this.rows), scores: new Float64Array(this.rows), proba: this.classCount > 2 ? new Float32Array(this.rows * this.classCount) : undefined, filled: 0 };
      this.pools.set(key, pool);
    }
    testRows.forEach((row, i) => {
      pool.predicted[row] = predicted[i]!;
      pool.scores[row] = proba[i * this.classCount + this.minority]!;
      pool.proba?.set(proba.subarray(i * this.classCount, (i + 1) * this.classCount), row * this.classCount);
    });
    pool.filled += testRows.length;
  }

  /** The complete pools (every row predicted once) of a method and classifier, one per repeat. */
  complete(method: string, classifier: string, repeats: number): Pool[] {
    const out: Pool[] = [];
    for (let r = 0; r < repeats; r++) {
      const pool = this.pools.get(`${r}|${method}|${classifier}`);
      if (pool && pool.filled === this.rows) out.push(pool);
    }
    return out;
  }
}

export interface PooledAnalysis {
  readonly figures: readonly PooledFigure[];
  readonly differences: readonly PooledDifference[];
  readonly perClass: readonly PerClassResult[];
}

/**
 * Pooled figures for every method x classifier (and 'all'), and the paired bootstrap difference of
 * the verdict's metric between every two methods on the aggregate classifier.
 */
export function analysePooled(
  store: OutOfFoldStore,
  data: { readonly labels: Int32Array; readonly classes: readonly string[] },
  methods: readonly string[],
  classifiers: readonly string[],
  repeats: number,
  metric: MetricName,
  minority: number,
  rng: Rng,
): PooledAnalysis {
  const truth = data.labels;
  const classCount = data.classes.length;
  const resample = stratifiedResampler(truth, classCount, rng);
  const figures: PooledFigure[] = [];
  const perClass: PerClassResult[] = [];
  // Bootstrap values of the verdict's metric per method on the aggregate classifier.
  const aggregate = aggregateName(classifiers);
  const boot = new Map<string, Float64Array>();
  for (const method of methods) {
    const ran = classifiers
      .map((classifier) => ({ classifier, pools: store.complete(method, classifier, repeats) }))
      .filter((x) => x.pools.length > 0)
      .map(({ classifier, pools }) => {
        const prepared = pools.map((p) => prepareRows({ truth, predicted: p.predicted, scores: p.scores }, minority));
        return {
          classifier,
          metrics: meanMetrics(prepared.map((p) => scoreRows(p, classCount, minority))),
          values: new Float64Array(BOOTSTRAP_RESAMPLES),
          repeats: pools.length,
          classes: pools[0]!.proba ? perClassMean(pools, truth, data.classes) : undefined,
          bootstrap: (w: Float64Array): number => mean(prepared.map((p) => scoreMetric(metric, p, classCount, minority, w))),
        };
      });
    if (ran.length === 0) continue;
    for (let b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
      const w = resample(b);
      for (const x of ran) x.values[b] = x.bootstrap(w);
    }
    const rows: Array<Omit<(typeof ran)[number], 'bootstrap'>> = [...ran];
    if (classifiers.length > 1 && ran.length === classifiers.length) {
      rows.push({
        classifier: 'all',
        metrics: meanMetrics(ran.map((x) => x.metrics)),
        values: Float64Array.from({ length: BOOTSTRAP_RESAMPLES }, (_, b) => mean(ran.map((x) => x.values[b]!))),
        repeats: Math.min(...ran.map((x) => x.repeats)),
        classes: ran[0]!.classes?.map((c, ci) => ({ class: c.class, f1: mean(ran.map((x) => x.classes![ci]!.f1)), recall: mean(ran.map((x) => x.classes![ci]!.recall)), pr_auc: mean(ran.map((x) => x.classes![ci]!.pr_auc)) })),
      });
    }
    for (const row of rows) {
      const [ciLow, ciHigh] = percentileInterval(row.values);
      figures.push({ method, classifier: row.classifier, metrics: row.metrics, repeats: row.repeats, ciLow, ciHigh });
      if (row.classes) perClass.push({ method, classifier: row.classifier, classes: row.classes });
      if (row.classifier === aggregate) boot.set(method, row.values);
    }
  }
  const differences: PooledDifference[] = [];
  const pointOf = (m: string): number => figures.find((f) => f.method === m && f.classifier === aggregate)!.metrics[metric];
  const ranMethods = methods.filter((m) => boot.has(m));
  for (const method of ranMethods) {
    for (const other of ranMethods) {
      if (other === method) continue;
      const a = boot.get(method)!;
      const b = boot.get(other)!;
      const [ciLow, ciHigh] = percentileInterval(a.map((v, i) => v - b[i]!));
      differences.push({ method, other, classifier: aggregate, metric, diff: pointOf(method) - pointOf(other), ciLow, ciHigh, distinguishable: ciLow > 0 || ciHigh < 0 });
    }
  }
  return { figures, differences, perClass };
}

/**
 * Bootstrap row counts of resample b: each class's rows drawn with replacement within the class.
 * Resample b comes from its own fork, so every method sees the same resamples without storing them.
 */
function stratifiedResampler(truth: Int32Array, classCount: number, rng: Rng): (b: number) => Float64Array {
  const byClass: number[][] = Array.from({ length: classCount }, () => []);
  truth.forEach((c, i) => byClass[c]!.push(i));
  return (b) => {
    const draw = rng.fork(`resample:${b}`);
    const w = new Float64Array(truth.length);
    for (const rows of byClass) for (let k = 0; k < rows.length; k++) w[rows[draw.int(rows.length)]!]! += 1;
    return w;
  };
}

function perClassMean(pools: readonly Pool[], truth: Int32Array, classes: readonly string[]): PerClassResult['classes'] {
  const each = pools.map((p) => perClassScores({ truth, predicted: p.predicted, proba: p.proba! }, classes.length));
  return classes.map((name, c) => ({ class: name, f1: mean(each.map((e) => e[c]!.f1)), recall: mean(each.map((e) => e[c]!.recall)), pr_auc: mean(each.map((e) => e[c]!.pr_auc)) }));
}

function meanMetrics(list: readonly MetricValues[]): MetricValues {
  const out = {} as MetricValues;
  for (const m of METRIC_NAMES) out[m] = mean(list.map((v) => v[m]));
  return out;
}

/** Mean of the finite values (NaN if none). */
function mean(values: readonly number[]): number {
  return summarize(values).mean;
}
