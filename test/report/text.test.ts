import { describe, expect, it } from 'vitest';
import { registerBuiltins } from '../../plugins/index.js';
import { runEvaluation } from '../../src/evaluate/run.js';
import { renderReportHtml } from '../../src/report/html.js';
import { reportToJson } from '../../src/report/json.js';
import { formatReportText, table } from '../../src/report/text.js';
import { smallReport } from '../support/report-fixture.js';
import { blobs } from '../support/toy-data.js';

describe('text and JSON reports', () => {
  it('prints the table, the verdicts and fidelity', async () => {
    const report = await smallReport();
    const text = formatReportText(report);
    expect(text).toMatch(/method\s+classifier\s+minority F1/);
    expect(text).toMatch(/spy\s+forest\s+\d\.\d{3} ± \d\.\d{3}/);
    for (const v of report.verdicts) expect(text).toContain(v.statement);
    expect(text).toContain('exact copies');
    const parsed = JSON.parse(reportToJson(report)) as { verdicts: unknown[]; runs: unknown[]; recommendation: { statement: string }; ranking: unknown[]; pairwise: unknown[] };
    expect(parsed.verdicts).toHaveLength(report.verdicts.length);
    expect(parsed.runs).toHaveLength(report.runs.length);
    expect(parsed.recommendation.statement).toBe(report.recommendation.statement);
    expect(parsed.ranking).toHaveLength(3);
    expect(parsed.pairwise).toHaveLength(3);
  });
  it('leads with the recommendation, then the ranking and method against method', async () => {
    const report = await smallReport();
    const lines = formatReportText(report).split('\n');
    expect(lines[3]).toBe(`Recommendation: ${report.recommendation.statement}`);
    const text = lines.join('\n');
    expect(text.indexOf('Ranking on minority F1')).toBeLessThan(text.indexOf('Method against method'));
    expect(text).toMatch(/^1\s+\S+\s+(baseline|augmenter)\s+\d\.\d{3}\s+\d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\]$/m);
    expect(text).not.toContain('Per class');
  });
  it('shows per-class results for more than two classes', async () => {
    registerBuiltins();
    const two = blobs({ majority: 45, minority: 15, gap: 2 });
    // A third class: every third majority row, shifted on feature a.
    const labels = two.labels.map((y, i) => (y === 0 && i % 3 === 0 ? 2 : y));
    const a = two.features[0] as { values: Float64Array };
    const features = [{ ...two.features[0]!, values: a.values.map((v, i) => (labels[i] === 2 ? v - 3 : v)) }, ...two.features.slice(1)] as typeof two.features;
    const report = await runEvaluation({ ...two, labels, features, classes: ['major', 'minor', 'third'] }, { folds: 3, repeats: 1, methods: ['none', 'threshold'], classifiers: ['logistic'] });
    const text = formatReportText(report);
    expect(text).toContain('Per class (pooled out-of-fold, classifiers averaged):');
    for (const c of ['major', 'minor', 'third']) expect(text).toMatch(new RegExp(`^none\\s+${c}\\s+\\d\\.\\d{3}\\s+\\d\\.\\d{3}\\s+\\d\\.\\d{3}$`, 'm'));
    expect(report.perClass.map((p) => p.method)).toEqual(['none', 'threshold']);
    expect(renderReportHtml(report)).toContain('<h2>Per class</h2>');
  });
  it('pads table columns', () => {
    expect(table(['a', 'bb'], [['ccc', 'd']])).toEqual(['a    bb', '---  --', 'ccc  d']);
  });
});
