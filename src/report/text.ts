/**
 * The evaluation report as plain text for the terminal: the recommendation first, the ranking and
 * method-against-method tables, a table of mean ± std per method and classifier, the verdicts against
 * `none` in plain sentences, per-class results (more than two classes), fidelity/privacy per
 * synthesizer, and failures.
 */
import type { EvaluationReport } from '../evaluate/report-types.js';
import { METRIC_LABELS, type MetricName } from '../evaluate/metrics.js';
import { pairwiseTable, perClassTable, rankingTable } from './rows.js';

const TABLE_METRICS: readonly MetricName[] = ['minority_f1', 'minority_pr_auc', 'minority_precision_at_recall', 'minority_recall', 'balanced_accuracy', 'minority_roc_auc'];

/**
 * @example io.stdout.write(formatReportText(report));
 */
export function formatReportText(report: EvaluationReport): string {
  const lines: string[] = [];
  const { dataset, protocol } = report;
  const ranking = rankingTable(report);
  const pairwise = pairwiseTable(report);
  lines.push(
    `Evaluation of ${dataset.name}: ${dataset.rows} rows, ${dataset.classes.length} classes; minority class '${dataset.minorityClass}' (${dataset.classCounts[dataset.minorityIndex]} rows).`,
    `Protocol: stratified ${protocol.folds}-fold x ${protocol.repeats} repeat(s), seed ${protocol.seed}; augmentation target: ${protocol.target}; epochs: ${protocol.epochs ?? "each model's default"}${protocol.tuneThreshold ? '; every method but none at a tuned threshold' : ''}.`,
    '',
    `Recommendation: ${report.recommendation.statement}`,
    ...report.cautions.map((c) => `Caution: ${c}`),
    '',
    `Ranking on ${METRIC_LABELS[protocol.metric]}:`,
    ...table(ranking.header, ranking.rows),
    '',
    'Method against method (paired over the same splits; pooled: bootstrap of the out-of-fold predictions):',
    ...table(pairwise.header, pairwise.rows),
    '',
  );
  const metrics = TABLE_METRICS.includes(protocol.metric) ? TABLE_METRICS : [protocol.metric, ...TABLE_METRICS];
  const header = ['method', 'classifier', ...metrics.map((m) => METRIC_LABELS[m])];
  const rows = report.summary.map((cell) => [
    cell.method,
    cell.classifier,
    ...metrics.map((m) => {
      const s = cell.metrics[m];
      return Number.isFinite(s.mean) ? `${s.mean.toFixed(3)} ± ${s.std.toFixed(3)}` : 'n/a';
    }),
  ]);
  lines.push(...table(header, rows), '');
  lines.push(`Verdict on ${METRIC_LABELS[protocol.metric]} (paired with 'none' per split, Wilcoxon signed-rank, alpha ${protocol.alpha}):`);
  for (const v of report.verdicts) lines.push(`  [${v.kind}] ${v.statement}`);
  const perClass = perClassTable(report);
  if (perClass) lines.push('', 'Per class (pooled out-of-fold, classifiers averaged):', ...table(perClass.header, perClass.rows));
  if (report.synthesizers.length > 0) {
    lines.push('', 'Fidelity and privacy (first split; synthetic rows vs the real training rows of the same classes):');
    const fh = ['method', 'mean KS', 'mean TV', 'corr. diff', 'DCR synth->train (median)', 'DCR holdout->train (median)', 'exact copies', 'detection AUC', 'fit+sample s'];
    const fr = report.synthesizers.map((s) => {
      const f = s.fidelity;
      return [
        s.method,
        num(f?.meanKs),
        num(f?.meanTv),
        num(f?.correlationDifference),
        num(f?.dcrSyntheticToTrain.median),
        num(f?.dcrHoldoutToTrain.median),
        f ? `${f.exactCopies} of ${f.syntheticRows}` : 'n/a',
        num(f?.detectionAuc),
        num(s.seconds.mean, 1),
      ];
    });
    lines.push(...table(fh, fr));
    const filters = report.synthesizers.filter((s) => s.filter);
    if (filters.length > 0) lines.push('', 'Post-generation filters (every split):', ...filters.map((s) => `  ${s.method}: ${s.filter!.statement}`));
    for (const s of report.synthesizers.filter((d) => d.amountChosen)) lines.push(`--amount auto (${s.method}): share of the planned rows chosen per training fold: ${s.amountChosen!.join(', ')}.`);
  }
  if (report.failures.length > 0) {
    lines.push('', `Could not run (${report.failures.length} method x split):`);
    const seen = new Set<string>();
    for (const f of report.failures) {
      const key = `${f.method}: ${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      lines.push(`  ${key}`);
    }
  }
  lines.push('', ...protocol.notes.map((n) => `Note: ${n}`));
  return `${lines.join('\n')}\n`;
}

function num(v: number | undefined, digits = 3): string {
  return v !== undefined && Number.isFinite(v) ? v.toFixed(digits) : 'n/a';
}

/** Left-aligned columns padded to the widest cell. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
