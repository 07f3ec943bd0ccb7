/**
 * Inline SVG charts for the HTML report, generated as strings: grouped bars with interval whiskers,
 * paired real-vs-synthetic histograms, and line charts for loss curves. No scripts, no network,
 * no external fonts: the report is one self-contained file.
 */

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** Escape text for HTML/SVG content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const fmt = (v: number): string => (Number.isFinite(v) ? Number(v.toFixed(2)).toString() : '0');

export interface BarSeries {
  readonly name: string;
  /** One value per group; NaN draws no bar. */
  readonly values: readonly number[];
  /** Whisker ends per group (e.g. mean ± std); omitted: no whisker. */
  readonly low?: readonly number[];
  readonly high?: readonly number[];
}

/**
 * Grouped vertical bars (one group per label, one bar per series) with whiskers, y from 0 to `max`.
 *
 * @example barChart({ title: 'minority F1', groups: ['logistic', 'forest'], series: [{ name: 'none', values: [0.4, 0.5] }] })
 */
export function barChart(options: { title: string; groups: readonly string[]; series: readonly BarSeries[]; max?: number; width?: number; height?: number }): string {
  const width = options.width ?? 580;
  const height = options.height ?? 300;
  const m = { top: 30, right: 150, bottom: 40, left: 46 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const allHigh = options.series.flatMap((s) => [...s.values, ...(s.high ?? [])]).filter(Number.isFinite);
  const max = options.max ?? Math.max(1e-9, ...allHigh);
  const y = (v: number): number => m.top + plotH - (Math.max(0, Math.min(v, max)) / max) * plotH;
  const groupW = plotW / Math.max(1, options.groups.length);
  const barW = (groupW * 0.8) / Math.max(1, options.series.length);
  const parts: string[] = [];
  parts.push(axes(m.left, m.top, plotW, plotH, max, width));
  options.groups.forEach((g, gi) => {
    const gx = m.left + gi * groupW + groupW * 0.1;
    parts.push(`<text x="${fmt(m.left + gi * groupW + groupW / 2)}" y="${fmt(height - m.bottom + 16)}" text-anchor="middle" class="tick">${escapeXml(g)}</text>`);
    options.series.forEach((s, si) => {
      const v = s.values[gi]!;
      if (!Number.isFinite(v)) return;
      const x = gx + si * barW;
      const colour = PALETTE[si % PALETTE.length]!;
      parts.push(`<rect x="${fmt(x)}" y="${fmt(y(v))}" width="${fmt(Math.max(1, barW - 2))}" height="${fmt(y(0) - y(v))}" fill="${colour}"><title>${escapeXml(`${s.name} / ${g}: ${v.toFixed(3)}`)}</title></rect>`);
      const lo = s.low?.[gi];
      const hi = s.high?.[gi];
      if (lo !== undefined && hi !== undefined && Number.isFinite(lo) && Number.isFinite(hi)) {
        const cx = x + (barW - 2) / 2;
        parts.push(`<path d="M${fmt(cx)} ${fmt(y(lo))}V${fmt(y(hi))}M${fmt(cx - 3)} ${fmt(y(lo))}h6M${fmt(cx - 3)} ${fmt(y(hi))}h6" stroke="#222" fill="none"/>`);
      }
    });
  });
  parts.push(legend(options.series.map((s) => s.name), width - m.right + 12, m.top, 'rect'));
  return svg(width, height, options.title, parts);
}

/** Real vs synthetic shares per bin or level, side by side. */
export function histogramChart(options: { title: string; labels: readonly string[]; real: readonly number[]; synthetic: readonly number[]; width?: number; height?: number }): string {
  const width = options.width ?? 420;
  const height = options.height ?? 200;
  const m = { top: 28, right: 10, bottom: 46, left: 40 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const max = Math.max(1e-9, ...options.real, ...options.synthetic);
  const n = Math.max(1, options.labels.length);
  const slot = plotW / n;
  const barW = Math.max(0.5, (slot * 0.9) / 2);
  const y = (v: number): number => m.top + plotH - (v / max) * plotH;
  const parts: string[] = [axes(m.left, m.top, plotW, plotH, max, width)];
  const every = Math.ceil(n / 6);
  options.labels.forEach((label, i) => {
    const x = m.left + i * slot + slot * 0.05;
    parts.push(`<rect x="${fmt(x)}" y="${fmt(y(options.real[i]!))}" width="${fmt(barW)}" height="${fmt(y(0) - y(options.real[i]!))}" fill="${PALETTE[0]}"><title>${escapeXml(`real ${label}: ${(options.real[i]! * 100).toFixed(1)}%`)}</title></rect>`);
    parts.push(`<rect x="${fmt(x + barW)}" y="${fmt(y(options.synthetic[i]!))}" width="${fmt(barW)}" height="${fmt(y(0) - y(options.synthetic[i]!))}" fill="${PALETTE[1]}"><title>${escapeXml(`synthetic ${label}: ${(options.synthetic[i]! * 100).toFixed(1)}%`)}</title></rect>`);
    if (i % every === 0) {
      const short = label.length > 10 ? `${label.slice(0, 9)}…` : label;
      parts.push(`<text x="${fmt(x + barW)}" y="${fmt(height - m.bottom + 14)}" text-anchor="middle" class="tick">${escapeXml(short)}</text>`);
    }
  });
  parts.push(legend(['real', 'synthetic'], m.left + 4, height - 16, 'rect', true));
  return svg(width, height, options.title, parts);
}

/**
 * Lines over x = 0..n-1 (epochs), one per series, on one y axis scaled to the data's range: give it
 * series of one quantity only. `legend: false` for a single series named by the title.
 */
export function lineChart(options: { title: string; series: ReadonlyArray<{ name: string; values: readonly number[] }>; xLabel?: string; width?: number; height?: number; legend?: boolean }): string {
  const width = options.width ?? 580;
  const height = options.height ?? 260;
  const showLegend = options.legend ?? true;
  const m = { top: 30, right: showLegend ? 150 : 14, bottom: 36, left: 56 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const values = options.series.flatMap((s) => s.values).filter(Number.isFinite);
  const lo = values.length ? Math.min(...values) : 0;
  const hi = values.length ? Math.max(...values) : 1;
  const span = hi > lo ? hi - lo : 1;
  const n = Math.max(2, ...options.series.map((s) => s.values.length));
  const x = (i: number): number => m.left + (i / (n - 1)) * plotW;
  const y = (v: number): number => m.top + plotH - ((v - lo) / span) * plotH;
  const parts: string[] = [];
  parts.push(`<path d="M${m.left} ${m.top}V${m.top + plotH}H${m.left + plotW}" stroke="#888" fill="none"/>`);
  for (const v of [lo, lo + span / 2, hi]) {
    parts.push(`<text x="${m.left - 4}" y="${fmt(y(v) + 4)}" text-anchor="end" class="tick">${escapeXml(Number(v.toPrecision(3)).toString())}</text>`);
  }
  parts.push(`<text x="${fmt(m.left + plotW / 2)}" y="${height - 6}" text-anchor="middle" class="tick">${escapeXml(options.xLabel ?? 'epoch')}</text>`);
  options.series.forEach((s, si) => {
    const d = s.values
      .map((v, i) => (Number.isFinite(v) ? `${i === 0 ? 'M' : 'L'}${fmt(x(i))} ${fmt(y(v))}` : ''))
      .join('')
      .replace(/^L/, 'M');
    if (d) parts.push(`<path d="${d}" stroke="${PALETTE[si % PALETTE.length]}" stroke-width="1.5" fill="none"><title>${escapeXml(s.name)}</title></path>`);
  });
  if (showLegend) parts.push(legend(options.series.map((s) => s.name), width - m.right + 12, m.top, 'line'));
  return svg(width, height, options.title, parts);
}

function axes(left: number, top: number, w: number, h: number, max: number, _width: number): string {
  const parts = [`<path d="M${left} ${top}V${top + h}H${left + w}" stroke="#888" fill="none"/>`];
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4;
    const yy = top + h - (k / 4) * h;
    parts.push(`<path d="M${left} ${fmt(yy)}h${fmt(w)}" stroke="#eee"/>`);
    parts.push(`<text x="${left - 4}" y="${fmt(yy + 4)}" text-anchor="end" class="tick">${escapeXml(Number(v.toPrecision(2)).toString())}</text>`);
  }
  return parts.join('');
}

function legend(names: readonly string[], x: number, y: number, mark: 'rect' | 'line', horizontal = false): string {
  return names
    .map((name, i) => {
      const colour = PALETTE[i % PALETTE.length];
      const lx = horizontal ? x + i * 90 : x;
      const ly = horizontal ? y : y + i * 18;
      const symbol = mark === 'rect' ? `<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${colour}"/>` : `<path d="M${lx} ${ly - 4}h12" stroke="${colour}" stroke-width="2"/>`;
      return `${symbol}<text x="${lx + 16}" y="${ly}" class="tick">${escapeXml(name)}</text>`;
    })
    .join('');
}

function svg(width: number, height: number, title: string, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}"><text x="8" y="18" class="chart-title">${escapeXml(title)}</text>${parts.join('')}</svg>`;
}
