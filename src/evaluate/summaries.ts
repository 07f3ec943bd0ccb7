/**
 * The per-split results turned into summaries and paired comparisons: mean ± std per method x
 * classifier, and a method against another over the same (repeat, fold) splits, per classifier and
 * for the per-split mean over every classifier ('all').
 */
import type { Rng } from '../random.js';
import { comparePaired, summarize, type PairedComparison, type Summary } from './compare.js';
import { METRIC_NAMES, type MetricName } from './metrics.js';
import type { CellSummary, ComparisonRecord, RunRecord } from './report-types.js';

export function summarizeRuns(runs: readonly RunRecord[], methods: readonly string[], classifiers: readonly string[]): CellSummary[] {
  const out: CellSummary[] = [];
  for (const method of methods) {
    for (const classifier of classifiers) {
      const cell = runs.filter((r) => r.method === method && r.classifier === classifier);
      if (cell.length === 0) continue;
      const metrics = {} as Record<MetricName, Summary>;
      for (const m of METRIC_NAMES) metrics[m] = summarize(cell.map((r) => r.metrics[m]));
      out.push({ method, classifier, metrics });
    }
  }
  return out;
}

/** Looks runs up by method, classifier and split. */
export class RunIndex {
  private readonly index = new Map<string, RunRecord>();
  readonly splits: readonly string[];

  constructor(runs: readonly RunRecord[]) {
    for (const r of runs) this.index.set(`${r.method}|${r.classifier}|${r.repeat}:${r.fold}`, r);
    this.splits = [...new Set(runs.map((r) => `${r.repeat}:${r.fold}`))];
  }

  /**
   * Per split where both ran with every classifier in `classifiers`: the classifiers' mean metric of
   * `method` and of `other`, paired and compared.
   */
  compare(method: string, other: string, classifiers: readonly string[], metric: MetricName, rng: Rng): PairedComparison {
    const a: number[] = [];
    const b: number[] = [];
    for (const split of this.splits) {
      const mine = classifiers.map((c) => this.index.get(`${method}|${c}|${split}`));
      const theirs = classifiers.map((c) => this.index.get(`${other}|${c}|${split}`));
      if (mine.some((r) => !r) || theirs.some((r) => !r)) continue;
      a.push(mean(mine.map((r) => r!.metrics[metric])));
      b.push(mean(theirs.map((r) => r!.metrics[metric])));
    }
    return comparePaired(a, b, rng);
  }

  /** The per-split mean over classifiers of `method`'s metric, averaged over splits. */
  meanOf(method: string, classifiers: readonly string[], metric: MetricName): number {
    const perSplit: number[] = [];
    for (const split of this.splits) {
      const rows = classifiers.map((c) => this.index.get(`${method}|${c}|${split}`));
      if (rows.every((r) => r !== undefined)) perSplit.push(mean(rows.map((r) => r!.metrics[metric])));
    }
    return summarize(perSplit).mean;
  }
}

/** Every method (not the baseline) x classifier (and 'all') x metric, paired with `baseline` over splits. */
export function compareWithBaseline(index: RunIndex, baseline: string, methods: readonly string[], classifiers: readonly string[], rng: Rng): ComparisonRecord[] {
  const out: ComparisonRecord[] = [];
  for (const method of methods) {
    if (method === baseline) continue;
    for (const classifier of [...classifiers, 'all']) {
      if (classifier === 'all' && classifiers.length < 2) continue;
      const clfs = classifier === 'all' ? classifiers : [classifier];
      for (const metric of METRIC_NAMES) {
        out.push({ method, classifier, metric, comparison: index.compare(method, baseline, clfs, metric, rng.fork(`${method}|${classifier}|${metric}`)) });
      }
    }
  }
  return out;
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}
