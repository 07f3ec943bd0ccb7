/**
 * The evaluation report as ONE self-contained HTML file: inline CSS and inline SVG charts, no
 * scripts, no network. Sections: the verdict, metric bars with ±std whiskers per method and
 * classifier, the full metric table, fidelity/privacy, real-vs-synthetic distributions per column,
 * and each synthesizer's loss curves.
 */
import type { EvaluationReport, SynthesizerDiagnostics } from '../evaluate/report-types.js';
import { METRIC_LABELS, METRIC_NAMES, type MetricName } from '../evaluate/metrics.js';
import { barChart, escapeXml, histogramChart, lineChart } from './charts.js';

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

  const verdictRows = report.verdicts
    .map((v) => {
      const c = v.comparison;
      return `<tr class="${v.kind === 'helps' ? 'good' : v.kind === 'hurts' ? 'bad' : 'neutral'}"><td>${e(v.method)}</td><td>${e(v.classifier)}</td><td><b>${e(v.kind)}</b></td><td>${num(c.meanDiff, true)}</td><td>[${num(c.ciLow)}, ${num(c.ciHigh)}]</td><td>${pText(c.pValue)}</td><td>${c.n}</td></tr>`;
    })
    .join('');
  sections.push(`<h2>Verdict on ${e(METRIC_LABELS[protocol.metric])}</h2>
<table><thead><tr><th>method</th><th>classifier</th><th>verdict</th><th>mean change vs none</th><th>95% bootstrap CI</th><th>Wilcoxon p</th><th>pairs</th></tr></thead><tbody>${verdictRows}</tbody></table>
<ul>${report.verdicts.map((v) => `<li>${e(v.statement)}</li>`).join('')}</ul>`);

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

  const header = METRIC_NAMES.map((m) => `<th>${e(METRIC_LABELS[m])}</th>`).join('');
  const rows = report.summary
    .map((cell) => `<tr><td>${e(cell.method)}</td><td>${e(cell.classifier)}</td>${METRIC_NAMES.map((m) => `<td>${num(cell.metrics[m].mean)} ± ${num(cell.metrics[m].std)}</td>`).join('')}</tr>`)
    .join('');
  sections.push(`<details open><summary>All metrics (mean ± std)</summary><table><thead><tr><th>method</th><th>classifier</th>${header}</tr></thead><tbody>${rows}</tbody></table></details>`);

  if (report.synthesizers.length > 0) {
    const fidelityRows = report.synthesizers
      .map((s) => {
        const f = s.fidelity;
        if (!f) return `<tr><td>${e(s.method)}</td><td colspan="7">no synthetic rows</td></tr>`;
        return `<tr><td>${e(s.method)}</td><td>${f.syntheticRows}</td><td>${num(f.meanKs)}</td><td>${num(f.meanTv)}</td><td>${num(f.correlationDifference)}</td><td>${num(f.dcrSyntheticToTrain.median)} (p5 ${num(f.dcrSyntheticToTrain.p05)})</td><td>${num(f.dcrHoldoutToTrain.median)} (p5 ${num(f.dcrHoldoutToTrain.p05)})</td><td>${f.exactCopies}</td></tr>`;
      })
      .join('');
    sections.push(`<h2>Fidelity and privacy (first split)</h2>
<p>Synthetic rows compared with the real training rows of the classes they were made for. KS and TV: 0 = same distribution, 1 = disjoint. DCR: distance to the closest training row; synthetic rows much closer than held-out real rows suggest memorisation.</p>
<table><thead><tr><th>method</th><th>synthetic rows</th><th>mean KS (numeric)</th><th>mean TV (categorical)</th><th>correlation difference</th><th>DCR synthetic→train median</th><th>DCR holdout→train median</th><th>exact copies</th></tr></thead><tbody>${fidelityRows}</tbody></table>`);

    const withImages = report.synthesizers.filter((s) => s.imageSamples !== undefined);
    if (withImages.length > 0) sections.push(imageSection(withImages));

    for (const s of report.synthesizers) {
      const parts: string[] = [];
      const keys = [...new Set(s.history.flatMap((h) => Object.keys(h)))];
      if (keys.length > 0) {
        parts.push(lineChart({ title: `${s.method}: training history`, series: keys.map((k) => ({ name: k, values: s.history.map((h) => h[k] ?? Number.NaN) })) }));
      }
      if (s.fidelity) {
        for (const col of s.fidelity.columns) {
          parts.push(histogramChart({ title: `${col.name} (${col.kind === 'numeric' ? 'KS' : 'TV'} ${col.distance.toFixed(3)})`, labels: col.histogram.labels, real: col.histogram.real, synthetic: col.histogram.synthetic }));
        }
      }
      sections.push(`<details${s === report.synthesizers[0] ? ' open' : ''}><summary>${e(s.method)}: loss curves and real vs synthetic distributions</summary><div class="charts">${parts.join('')}</div></details>`);
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
details{margin:10px 0}summary{cursor:pointer;font-weight:600}
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

function num(v: number, signed = false): string {
  if (!Number.isFinite(v)) return 'n/a';
  return `${signed && v >= 0 ? '+' : ''}${v.toFixed(3)}`;
}

function pText(p: number): string {
  if (!Number.isFinite(p)) return 'n/a';
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}
