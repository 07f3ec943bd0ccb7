/**
 * The cells of the report's decision tables (ranking, method against method, per-class results) as
 * strings, so the text and HTML reports show the same numbers.
 */
import { fixed, pText, signed } from '../evaluate/format.js';
import { METRIC_LABELS } from '../evaluate/metrics.js';
import { aggregateName } from '../evaluate/pooled.js';
import type { EvaluationReport } from '../evaluate/report-types.js';

export interface CellTable {
  readonly header: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
}

/** Methods best first: per-split mean and the pooled figure with its interval. */
export function rankingTable(report: EvaluationReport): CellTable {
  const label = METRIC_LABELS[report.protocol.metric];
  return {
    header: ['rank', 'method', 'kind', `${label} (mean over splits)`, `${label} pooled out-of-fold [95% CI]`],
    rows: report.ranking.map((r) => [String(r.rank), r.method, r.baseline ? 'baseline' : 'augmenter', fixed(r.mean), `${fixed(r.pooled)} [${fixed(r.pooledCiLow)}, ${fixed(r.pooledCiHigh)}]`]),
  };
}

/** Every two methods: paired difference over splits, Wilcoxon p, and the pooled difference. */
export function pairwiseTable(report: EvaluationReport): CellTable {
  const alpha = report.protocol.alpha;
  return {
    header: ['method', 'vs', 'mean difference [95% CI]', 'Wilcoxon p', 'pooled difference [95% CI]', 'reading'],
    rows: report.pairwise.map((p) => {
      const c = p.comparison;
      const significant = Number.isFinite(c.pValue) && c.pValue < alpha;
      const pooledText = p.pooled ? `${signed(p.pooled.diff)} [${fixed(p.pooled.ciLow)}, ${fixed(p.pooled.ciHigh)}]` : 'n/a';
      const reading = significant ? (c.meanDiff > 0 ? 'better' : 'worse') : p.pooled && !p.pooled.distinguishable ? 'cannot be told apart at this size' : 'no significant difference';
      return [p.method, p.other, `${signed(c.meanDiff)} [${fixed(c.ciLow)}, ${fixed(c.ciHigh)}]`, pText(c.pValue), pooledText, reading];
    }),
  };
}

/** More than two classes: each class's F1 / recall / PR-AUC per method (classifiers averaged). */
export function perClassTable(report: EvaluationReport): CellTable | undefined {
  if (report.perClass.length === 0) return undefined;
  const aggregate = aggregateName(report.protocol.classifiers);
  const results = report.perClass.filter((p) => p.classifier === aggregate);
  return {
    header: ['method', 'class', 'F1', 'recall', 'PR-AUC'],
    rows: results.flatMap((p) => p.classes.map((c) => [p.method, c.class, fixed(c.f1), fixed(c.recall), fixed(c.pr_auc)])),
  };
}
