/**
 * The short human summary printed on stderr after a run: class counts before -> after, dropped
 * copies, model, backend, time and where the output went. The full record is the RunSummary JSON
 * (--summary FILE, and the output file's metadata).
 */
import type { RunSummary } from '../stage/metadata.js';
import { printableLines } from '../untrusted-text.js';
import { formatDuration } from './progress-bar.js';

export interface SummaryTextOptions {
  /** Wall-clock seconds of the whole command, measured by the CLI. */
  readonly seconds: number;
  /** Where the output went, as the user should read it ('-' prints as stdout). */
  readonly outputPath?: string;
  readonly outputBytes?: number;
  readonly summaryPath?: string;
  /** sample --grid: where the PNG contact sheet went. */
  readonly gridPath?: string;
  /** Omit the backend (already printed while running). */
  readonly backendShown?: boolean;
}

/**
 * @example
 * io.stderr.write(formatRunSummary(summary, { seconds: 12.3, outputPath: 'out.parquet' }));
 */
export function formatRunSummary(summary: RunSummary, options: SummaryTextOptions): string {
  const lines: string[] = [];
  const how = [`model ${summary.model}`];
  if (!options.backendShown) how.push(summary.backend ? `backend ${summary.backend}` : 'no TensorFlow.js backend needed');
  how.push(`seed ${summary.seed}`);
  lines.push(`gan-augment ${summary.command}: done in ${formatSeconds(options.seconds)} (${how.join(', ')})`);
  if (summary.training && summary.training.epochs > 0) {
    lines.push(`  training: ${summary.training.epochs} epoch${summary.training.epochs === 1 ? '' : 's'} in ${formatSeconds(summary.training.seconds)}`);
  }
  if (summary.classes.length > 0) {
    if (summary.command === 'augment') lines.push(...formatClassTable(summary));
    else lines.push(`  ${summary.command === 'fit' ? 'rows per class learned from' : 'rows generated'}: ${formatCounts(summary)}`);
    if (summary.command === 'fit' && summary.generates) lines.push(formatGenerates(summary.generates, summary.classes.map((c) => c.class)));
  }
  if (summary.unlabelledRows > 0) lines.push(`  rows without a label, copied unchanged: ${summary.unlabelledRows}`);
  if (summary.copies.checked) {
    lines.push(`  synthetic copies of training rows dropped: ${summary.copies.dropped}${summary.copies.kept > 0 ? `, kept: ${summary.copies.kept}` : ''}`);
  }
  if (summary.privacy) {
    const p = summary.privacy;
    const dcr = p.dcr ? `; distance to closest training row of the rows written: min ${p.dcr.min.toPrecision(3)}, median ${p.dcr.median.toPrecision(3)}` : '';
    lines.push(`  --privacy-distance ${p.threshold} (= ${p.distance.toPrecision(3)}): ${p.dropped} synthetic rows dropped as too close to a training row${dcr}`);
  }
  for (const warning of summary.warnings) lines.push(`  warning: ${warning}`);
  if (options.outputPath !== undefined) {
    const where = options.outputPath === '-' ? 'standard output' : options.outputPath;
    const size = options.outputBytes !== undefined ? ` (${formatBytes(options.outputBytes)})` : '';
    lines.push(`  wrote ${where}${size}`);
  }
  if (options.gridPath !== undefined) lines.push(`  wrote the image grid ${options.gridPath}`);
  if (summary.command === 'fit' && summary.modelDir) lines.push(`  saved model to ${summary.modelDir}`);
  if (options.summaryPath) lines.push(`  summary JSON: ${options.summaryPath}`);
  return `${printableLines(lines.join('\n'))}\n`;
}

/**
 * '  class  before -> after  (+added)' rows and a '(total)' row, aligned (the widths include the
 * total row, whose name and sums are often the widest cells). The dry run prints the same table.
 */
export function formatClassTable(summary: Pick<RunSummary, 'classes' | 'label'>): string[] {
  const header = [summary.label, 'before', 'after', 'added'];
  const added = (n: number): string => (n > 0 ? `+${n}` : '0');
  const rows = summary.classes.map((c) => [c.class, String(c.before), String(c.after), added(c.added)]);
  const totalBefore = summary.classes.reduce((s, c) => s + c.before, 0);
  const totalAfter = summary.classes.reduce((s, c) => s + c.after, 0);
  const all = [header, ...rows, ['(total)', String(totalBefore), String(totalAfter), added(totalAfter - totalBefore)]];
  const width = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all.map((r) => `  ${r[0]!.padEnd(width[0]!)}  ${r[1]!.padStart(width[1]!)} -> ${r[2]!.padStart(width[2]!)}  ${r[3]!.padStart(width[3]!)}`);
}

/**
 * fit: the classes `sample` can ask for, and how to get the others (ctgan's default trains on the
 * classes other than the largest only).
 */
function formatGenerates(generates: readonly string[], classes: readonly string[]): string {
  const missing = classes.filter((c) => !generates.includes(c));
  const list = (names: readonly string[]): string => names.join(', ');
  if (missing.length === 0) return `  the model can generate every class: ${list(generates)}`;
  return `  the model can generate: ${list(generates)} (not ${list(missing)}: it trained on the other classes only; fit with --train-on all to sample every class)`;
}

/** 'no 1363, yes 137' (fit: rows learned from; sample: rows generated). */
function formatCounts(summary: RunSummary): string {
  return summary.classes
    .map((c) => `${c.class} ${summary.command === 'sample' ? c.added : c.before}`)
    .join(', ');
}

function formatSeconds(seconds: number): string {
  return seconds < 60 ? `${seconds.toFixed(1)} s` : formatDuration(seconds);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
