/**
 * Method against method, and one plain answer: rank the methods on the verdict's metric, compare
 * them pairwise over the same splits, and recommend the augmenter that significantly beats the best
 * baseline (none, balanced, threshold), or say "do not augment".
 */
import type { Rng } from '../random.js';
import type { PairedComparison } from './compare.js';
import { METRIC_LABELS, type MetricName } from './metrics.js';
import type { PooledDifference, PooledFigure } from './pooled.js';
import type { ComparisonRecord } from './report-types.js';
import type { RunIndex } from './summaries.js';
import { decideVerdict, type VerdictKind } from './verdict.js';
import { fixed, pText, signed } from './format.js';

export const BASELINES: readonly string[] = ['none', 'balanced', 'threshold'];

export interface RankedMethod {
  readonly rank: number;
  readonly method: string;
  readonly baseline: boolean;
  /** Per-split mean of the verdict's metric (classifiers averaged per split). */
  readonly mean: number;
  /** The same metric on the pooled out-of-fold predictions, with its 95% bootstrap interval. */
  readonly pooled: number;
  readonly pooledCiLow: number;
  readonly pooledCiHigh: number;
}

export interface PairwiseRecord {
  readonly method: string;
  readonly other: string;
  readonly classifier: string;
  readonly metric: MetricName;
  /** Paired over the same (repeat, fold) splits. */
  readonly comparison: PairedComparison;
  /** The pooled out-of-fold difference and whether it can be told apart at this size. */
  readonly pooled: PooledDifference | undefined;
}

export interface Recommendation {
  /** 'augment': `method` significantly beats the best baseline; 'do-not-augment': nothing does. */
  readonly kind: 'augment' | 'do-not-augment';
  /** What to use: the winning augmenter, or the best baseline. */
  readonly method: string;
  readonly bestBaseline: string;
  /** The decisive comparison: the winner (or the best augmenter) against the best baseline. */
  readonly evidence: PairwiseRecord | undefined;
  readonly statement: string;
}

export interface Decision {
  readonly ranking: readonly RankedMethod[];
  readonly pairwise: readonly PairwiseRecord[];
  readonly recommendation: Recommendation;
  /** Warnings for the reader, e.g. when minority F1 and PR-AUC disagree. */
  readonly notes: readonly string[];
}

export interface DecisionInput {
  readonly index: RunIndex;
  readonly methods: readonly string[];
  readonly classifiers: readonly string[];
  /** 'all' or the single classifier. */
  readonly aggregate: string;
  readonly metric: MetricName;
  readonly alpha: number;
  readonly pooled: { readonly figures: readonly PooledFigure[]; readonly differences: readonly PooledDifference[] };
  /** Paired comparisons with `none` (for the threshold note). */
  readonly comparisons: readonly ComparisonRecord[];
  readonly tuned: boolean;
  readonly rng: Rng;
}

/**
 * @example const { recommendation } = decide({ index, methods, classifiers, aggregate: 'all', metric, alpha: 0.05, pooled, comparisons, tuned: false, rng });
 */
export function decideMethods(input: DecisionInput): Decision {
  const { index, classifiers, aggregate, metric, alpha, rng } = input;
  const label = METRIC_LABELS[metric];
  const figure = (m: string): PooledFigure | undefined => input.pooled.figures.find((f) => f.method === m && f.classifier === aggregate);
  const ranking: RankedMethod[] = input.methods
    .map((method) => ({ method, mean: index.meanOf(method, classifiers, metric) }))
    .filter((x) => Number.isFinite(x.mean))
    .sort((a, b) => b.mean - a.mean || a.method.localeCompare(b.method))
    .map((x, i) => {
      const f = figure(x.method);
      return { rank: i + 1, method: x.method, baseline: BASELINES.includes(x.method), mean: x.mean, pooled: f?.metrics[metric] ?? Number.NaN, pooledCiLow: f?.ciLow ?? Number.NaN, pooledCiHigh: f?.ciHigh ?? Number.NaN };
    });
  const pair = (method: string, other: string): PairwiseRecord => ({
    method,
    other,
    classifier: aggregate,
    metric,
    comparison: index.compare(method, other, classifiers, metric, rng.fork(`${method}|${other}`)),
    pooled: input.pooled.differences.find((d) => d.method === method && d.other === other),
  });
  const pairwise: PairwiseRecord[] = [];
  ranking.forEach((a, i) => ranking.slice(i + 1).forEach((b) => pairwise.push(pair(a.method, b.method))));

  const baselines = ranking.filter((r) => r.baseline);
  const best = baselines[0]?.method ?? 'none';
  const augmenters = ranking.filter((r) => !r.baseline);
  const against = augmenters.map((r) => pair(r.method, best));
  const winner = against.find((p) => p.comparison.pValue < alpha && p.comparison.meanDiff > 0);
  const who = `for this data and these classifiers (${classifiers.join(', ')})`;
  let recommendation: Recommendation;
  if (winner) {
    const tuned = input.tuned ? ' with a tuned decision threshold' : '';
    const statement = `Use ${winner.method}${tuned} ${who}: it beats ${baselineName(best)}, the best baseline, on ${label} by ${evidenceText(winner)}.`;
    recommendation = { kind: 'augment', method: winner.method, bestBaseline: best, evidence: winner, statement };
  } else {
    const closest = against[0];
    const beaten = best === 'threshold' ? 'the tuned threshold' : baselineName(best);
    const missing = !input.methods.includes('threshold') ? ' Add threshold to --methods to compare with a tuned decision threshold.' : '';
    const closestText = closest ? ` The best augmenter, ${closest.method}, differs by ${evidenceText(closest)}.` : ' No augmentation method ran.';
    const instead = best === 'threshold' ? ' Tune the decision threshold instead.' : best === 'balanced' ? ' Weight the classes (balanced) instead.' : '';
    const statement = `Do not augment ${who}: no method beats ${beaten} on ${label}.${instead}${closestText}${missing}`;
    recommendation = { kind: 'do-not-augment', method: best, bestBaseline: best, evidence: closest, statement };
  }
  return { ranking, pairwise, recommendation, notes: thresholdNotes(input.comparisons, aggregate, alpha) };
}

function baselineName(method: string): string {
  if (method === 'threshold') return 'the tuned threshold (threshold)';
  if (method === 'balanced') return 'class weighting (balanced)';
  if (method === 'none') return 'the real data alone (none)';
  return method;
}

/** "+0.041 [0.012, 0.070], Wilcoxon p = 0.003 over 15 paired splits; pooled ..." */
function evidenceText(p: PairwiseRecord): string {
  const c = p.comparison;
  let text = `${signed(c.meanDiff)} [${fixed(c.ciLow)}, ${fixed(c.ciHigh)}], Wilcoxon p = ${pText(c.pValue)} over ${c.n} paired splits`;
  if (p.pooled) {
    text += `; on the pooled out-of-fold predictions ${signed(p.pooled.diff)} [${fixed(p.pooled.ciLow)}, ${fixed(p.pooled.ciHigh)}]`;
    if (!p.pooled.distinguishable) text += ', which cannot be told apart at this sample size';
  }
  return text;
}

/** A note per method (but `threshold`) whose minority F1 and PR-AUC verdicts against none disagree. */
function thresholdNotes(comparisons: readonly ComparisonRecord[], aggregate: string, alpha: number): string[] {
  const notes: string[] = [];
  const find = (method: string, metric: MetricName): ComparisonRecord | undefined => comparisons.find((c) => c.method === method && c.classifier === aggregate && c.metric === metric);
  for (const method of new Set(comparisons.map((c) => c.method))) {
    if (method === 'threshold') continue; // it only moves the threshold, by design
    const f1 = find(method, 'minority_f1');
    const pr = find(method, 'minority_pr_auc');
    if (!f1 || !pr) continue;
    const f1Kind = decideVerdict(method, aggregate, 'minority_f1', f1.comparison, alpha).kind;
    const prKind = decideVerdict(method, aggregate, 'minority_pr_auc', pr.comparison, alpha).kind;
    if (f1Kind === prKind) continue;
    notes.push(
      `${method}: against none, minority F1 ${movement(f1Kind)} but minority PR-AUC ${movement(prKind)}. Minority F1 depends on the decision threshold, so this F1 result reflects where the threshold sits rather than how well the minority is ranked; compare with the threshold baseline.`,
    );
  }
  return notes;
}

function movement(kind: VerdictKind): string {
  return kind === 'helps' ? 'rises significantly' : kind === 'hurts' ? 'falls significantly' : 'does not change significantly';
}
