/**
 * The evaluation report as ONE self-contained HTML file: inline CSS and inline SVG charts, no
 * scripts, no network. Sections: the recommendation (with cautions), the ranking and method against
 * method, the verdicts against `none`, metric bars with ±std whiskers per method and classifier,
 * per-class results (more than two classes), the full metric tables, fidelity/privacy, and per
 * synthesizer its training history (one chart per quantity) and real-vs-synthetic distributions.
 */
import type { EvaluationReport, SynthesizerDiagnostics } from '../evaluate/report-types.js';
import { METRIC_LABELS, METRIC_NAMES, type MetricName } from '../evaluate/metrics.js';
import { fixed, pText, signed } from '../evaluate/format.js';
import { barChart, escapeXml, histogramChart, lineChart } from './charts.js';
import { pairwiseTable, perClassTable, rankingTable, type CellTable } from './rows.js';

/**
 * @example await writeFileAtomic('report.html', renderReportHtml(report));
 */
export function renderReportHtml(report: EvaluationReport): string {
  const { dataset, protocol } = report;
  const e = escapeXml;
  const sections: string[] = [];

  sections.push(`<h1>Does augmentation help? ${e(dataset.name)}</h1>
<p>${dataset.rows} rows, ${dataset.classes.length} classes (${dataset.classes.map((c, i) => `${e(c)}: ${dataset.classCounts[i]}`).join(', ')}); minority class <b>${e(dataset.minorityClass)}</b>.
Stratified ${protocol.folds}-fold cross-validation × ${protocol.repeats} repeat(s), seed ${protocol.seed}. Augmentation target: ${e(protocol.target)}.
Each method augments the training fold only; classifiers are scored on the untouched real test fold.</p>`);

  sections.push(`<section class="recommendation" id="recommendation"><h2>Recommendation</h2><p class="answer">${e(report.recommendation.statement)}</p>${report.cautions.map((c) => `<p class="caution">${e(c)}</p>`).join('')}</section>`);
  sections.push(`<h2>Ranking on ${e(METRIC_LABELS[protocol.metric])}</h2>${htmlTable(rankingTable(report))}
<h3>Method against method</h3><p>Paired over the same (repeat, fold) splits (Wilcoxon signed-rank, alpha ${protocol.alpha}); pooled: the difference on the out-of-fold predictions, with a ${protocol.bootstrapResamples}-resample bootstrap interval.</p>${htmlTable(pairwiseTable(report))}`);

  const verdictRows = report.verdicts
    .map((v) => {
      const c = v.comparison;
      return `<tr class="${v.kind === 'helps' ? 'good' : v.kind === 'hurts' ? 'bad' : 'neutral'}"><td>${e(v.method)}</td><td>${e(v.classifier)}</td><td><b>${e(v.kind)}</b></td><td>${signed(c.meanDiff)}</td><td>[${fixed(c.ciLow)}, ${fixed(c.ciHigh)}]</td><td>${pText(c.pValue)}</td><td>${c.n}</td></tr>`;
    })
    .join('');
  sections.push(`<h2>Verdict on ${e(METRIC_LABELS[protocol.metric])} against none</h2>
<table><thead><tr><th>method</th><th>classifier</th><th>verdict</th><th>mean change vs none</th><th>95% bootstrap CI</th><th>Wilcoxon p</th><th>pairs</th></tr></thead><tbody>${verdictRows}</tbody></table>`);

  const chartMetrics: MetricName[] = [...new Set<MetricName>([protocol.metric, 'minority_pr_auc', 'balanced_accuracy'])];
  const charts = chartMetrics.map((metric) => {
    const series = protocol.methods.map((method) => {
      const cells = protocol.classifiers.map((clf) => report.summary.find((s) => s.method === method && s.classifier === clf)?.metrics[metric]);
      return {
        name: method,
        values: cells.map((c) => c?.mean ?? Number.NaN),
        low: cells.map((c) => (c ? c.mean - c.std : Number.NaN)),
        high: cells.map((c) => (c ? c.mean + c.std : Number.NaN)),
      };
    });
    return barChart({ title: `${METRIC_LABELS[metric]} (mean ± std over splits)`, groups: protocol.classifiers, series, max: 1 });
  });
  sections.push(`<h2>Metrics per method and classifier</h2><div class="charts">${charts.join('')}</div>`);
  const perClass = perClassTable(report);
  if (perClass) sections.push(`<h2>Per class</h2><p>Pooled out-of-fold predictions, classifiers averaged.</p>${htmlTable(perClass)}`);

  const header = METRIC_NAMES.map((m) => `<th>${e(METRIC_LABELS[m])}</th>`).join('');
  const rows = report.summary
    .map((cell) => `<tr><td>${e(cell.method)}</td><td>${e(cell.classifier)}</td>${METRIC_NAMES.map((m) => `<td>${fixed(cell.metrics[m].mean)} ± ${fixed(cell.metrics[m].std)}</td>`).join('')}</tr>`)
    .join('');
  const pooledRows = report.pooled.figures
    .map((f) => `<tr><td>${e(f.method)}</td><td>${e(f.classifier)}</td>${METRIC_NAMES.map((m) => `<td>${fixed(f.metrics[m])}${m === protocol.metric ? ` [${fixed(f.ciLow)}, ${fixed(f.ciHigh)}]` : ''}</td>`).join('')}</tr>`)
    .join('');
  sections.push(`<details open><summary>All metrics (mean ± std over splits)</summary><table><thead><tr><th>method</th><th>classifier</th>${header}</tr></thead><tbody>${rows}</tbody></table></details>
<details open><summary>All metrics on the pooled out-of-fold predictions (mean over repeats)</summary><table><thead><tr><th>method</th><th>classifier</th>${header}</tr></thead><tbody>${pooledRows}</tbody></table></details>`);

  if (report.synthesizers.length > 0) {
    const fidelityRows = report.synthesizers
      .map((s) => {
        const f = s.fidelity;
        if (!f) return `<tr><td>${e(s.method)}</td><td colspan="8">no synthetic rows</td></tr>`;
        return `<tr><td>${e(s.method)}</td><td>${f.syntheticRows}</td><td>${fixed(f.meanKs)}</td><td>${fixed(f.meanTv)}</td><td>${fixed(f.correlationDifference)}</td><td>${fixed(f.dcrSyntheticToTrain.median)} (p5 ${fixed(f.dcrSyntheticToTrain.p05)})</td><td>${fixed(f.dcrHoldoutToTrain.median)} (p5 ${fixed(f.dcrHoldoutToTrain.p05)})</td><td>${f.exactCopies}</td><td>${fixed(f.detectionAuc ?? Number.NaN)}</td></tr>`;
      })
      .join('');
    sections.push(`<h2>Fidelity and privacy (first split)</h2>
<p>Synthetic rows compared with the real training rows of the classes they were made for. KS and TV: 0 = same distribution, 1 = disjoint. DCR: distance to the closest training row; synthetic rows much closer than held-out real rows suggest memorisation.</p>
<table><thead><tr><th>method</th><th>synthetic rows</th><th>mean KS (numeric)</th><th>mean TV (categorical)</th><th>correlation difference</th><th>DCR synthetic→train median</th><th>DCR holdout→train median</th><th>exact copies</th><th>detection AUC (0.5 = indistinguishable)</th></tr></thead><tbody>${fidelityRows}</tbody></table>`);

    const withImages = report.synthesizers.filter((s) => s.imageSamples !== undefined);
    if (withImages.length > 0) sections.push(imageSection(withImages));

    for (const s of report.synthesizers) {
      const parts: string[] = [];
      parts.push(...historyCharts(s));
      if (s.fidelity) {
        for (const col of s.fidelity.columns) {
          parts.push(histogramChart({ title: `${col.name} (${col.kind === 'numeric' ? 'KS' : 'TV'} ${col.distance.toFixed(3)})`, labels: col.histogram.labels, real: col.histogram.real, synthetic: col.histogram.synthetic }));
        }
      }
      sections.push(`<details open><summary>${e(s.method)}: training history and real vs synthetic distributions</summary><div class="charts">${parts.join('')}</div></details>`);
    }
  }

  if (report.failures.length > 0) {
    sections.push(`<h2>Could not run</h2><ul>${report.failures.map((f) => `<li>repeat ${f.repeat + 1}, fold ${f.fold + 1}, ${e(f.method)}: ${e(f.message)}</li>`).join('')}</ul>`);
  }
  sections.push(`<h2>Notes</h2><ul>${protocol.notes.map((n) => `<li>${e(n)}</li>`).join('')}<li>Generated by gan-augment in ${report.seconds.toFixed(1)} s.</li></ul>`);

  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>gan-augment evaluation: ${e(dataset.name)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1200px;padding:0 16px;color:#222}
table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid #ddd;padding:3px 8px;text-align:left}
th{background:#f4f4f4}tr.good td{background:#eaf6ea}tr.bad td{background:#fbeaea}
.charts{display:flex;flex-wrap:wrap;gap:12px}svg{background:#fff;border:1px solid #eee}
.tick{font-size:10px;fill:#444}.chart-title{font-size:12px;font-weight:600;fill:#222}
details{margin:10px 0}.recommendation{border:2px solid #4e79a7;background:#f3f7fb;padding:4px 14px;margin:12px 0}.answer{font-size:16px;font-weight:600}.caution{color:#7a4b00}summary{cursor:pointer;font-weight:600}
.images{display:flex;flex-wrap:wrap;gap:16px}.images img{image-rendering:pixelated;border:1px solid #eee}figure{margin:0}figcaption{font-size:12px;color:#555}
</style></head><body>
${sections.join('\n')}
</body></html>
`;
}

/** Real next to generated images per class (first split), embedded as PNG data URIs. */
function imageSection(synthesizers: readonly SynthesizerDiagnostics[]): string {
  const e = escapeXml;
  const figures = synthesizers.map((s) => {
    const img = s.imageSamples!;
    const picture = (png: string, caption: string): string =>
      `<figure><img src="data:image/png;base64,${png}" width="${2 * img.gridWidth}" height="${2 * img.gridHeight}" alt="${e(caption)}"><figcaption>${e(caption)}</figcaption></figure>`;
    return `<h3>${e(s.method)}</h3><p>Rows, top to bottom: class ${img.classes.map((c) => `<b>${e(c)}</b>`).join(', ')} (column ${e(img.column)}, up to ${img.perClass} images each).</p>
<div class="images">${picture(img.realPng, `real training images (${s.method} first split)`)}${picture(img.syntheticPng, `generated by ${s.method}`)}</div>`;
  });
  return `<h2>Images: real vs generated (first split)</h2>${figures.join('')}`;
}

/** One chart per recorded quantity (losses, distances, rows/s), each on its own axis, over epochs. */
function historyCharts(s: SynthesizerDiagnostics): string[] {
  const keys = [...new Set(s.history.flatMap((h) => Object.keys(h)))].filter((k) => k !== 'epoch');
  return keys.map((k) => lineChart({ title: `${s.method} training history: ${k}`, series: [{ name: k, values: s.history.map((h) => h[k] ?? Number.NaN) }], legend: false, width: 300, height: 200 }));
}

function htmlTable(t: CellTable): string {
  const e = escapeXml;
  return `<table><thead><tr>${t.header.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${t.rows.map((r) => `<tr>${r.map((c) => `<td>${e(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}
