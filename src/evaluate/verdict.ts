/**
 * The plain answer to "did augmentation help?": per method (and classifier), on one metric, compared
 * with training on the real data alone (`none`), at a significance level (default 0.05).
 */
import type { PairedComparison } from './compare.js';
import { METRIC_LABELS, type MetricName } from './metrics.js';
import { fixed, pText, signed } from './format.js';

export type VerdictKind = 'helps' | 'no significant difference' | 'hurts';

export interface Verdict {
  readonly method: string;
  /** A classifier name, or 'all' for the per-pair mean over every classifier. */
  readonly classifier: string;
  readonly metric: MetricName;
  readonly kind: VerdictKind;
  readonly comparison: PairedComparison;
  /** One sentence a user can read without the table. */
  readonly statement: string;
}

/**
 * Decide helps / no significant difference / hurts from a paired comparison.
 *
 * @example
 * decideVerdict('ctgan', 'forest', 'minority_f1', cmp, 0.05).statement
 * // "ctgan with forest: augmentation did not help minority F1 (mean change -0.004, 95% CI [-0.03, 0.02], Wilcoxon p = 0.71)."
 */
export function decideVerdict(method: string, classifier: string, metric: MetricName, comparison: PairedComparison, alpha: number): Verdict {
  const { meanDiff, pValue, ciLow, ciHigh, n } = comparison;
  const significant = Number.isFinite(pValue) && pValue < alpha;
  const kind: VerdictKind = significant && meanDiff > 0 ? 'helps' : significant && meanDiff < 0 ? 'hurts' : 'no significant difference';
  const who = classifier === 'all' ? `${method} (all classifiers)` : `${method} with ${classifier}`;
  const label = METRIC_LABELS[metric];
  const what = method === 'balanced' ? 'class weighting' : method === 'threshold' ? 'threshold tuning' : 'augmentation';
  const numbers = `mean change ${signed(meanDiff)}, 95% CI [${fixed(ciLow)}, ${fixed(ciHigh)}], Wilcoxon p = ${pText(pValue)}, n = ${n}`;
  let statement: string;
  if (kind === 'helps') statement = `${who}: ${what} helped ${label} (${numbers}).`;
  else if (kind === 'hurts') statement = `${who}: ${what} hurt ${label} (${numbers}).`;
  else {
    const tooFew = n < 6 ? ' (too few pairs for the test ever to reach significance: use more folds or repeats)' : '';
    statement = `${who}: ${what} did not help ${label}: no significant difference from no augmentation (${numbers})${tooFew}.`;
  }
  return { method, classifier, metric, kind, comparison, statement };
}
