/**
 * Renders `ProgressEvent`s on stderr. In a terminal the current line redraws in place with `\r`;
 * anywhere else (CI logs, files) it prints a plain line on each phase change and then at most once
 * every few seconds, so logs stay readable. With --quiet nothing is drawn.
 *
 * @example
 * const bar = createProgressBar(io, { quiet: false });
 * await augment({ ...options, progress: bar.sink });
 * bar.finish();
 */
import { printable, printableLines } from '../untrusted-text.js';
import type { ProgressEvent, ProgressSink } from '../progress.js';
import type { CliIO } from './terminal.js';

export interface ProgressBarOptions {
  readonly quiet: boolean;
  /** Non-TTY: minimum milliseconds between two lines of the same phase (default 5000). */
  readonly plainIntervalMs?: number;
  /** TTY: minimum milliseconds between redraws (default 100). */
  readonly redrawIntervalMs?: number;
  /** Injected clock (milliseconds), for tests. */
  readonly now?: () => number;
}

export interface ProgressBar {
  readonly sink: ProgressSink;
  /** A line of its own (e.g. the chosen backend), printed once per distinct text. */
  note(text: string): void;
  /** End the in-place line so later output starts on a fresh line. */
  finish(): void;
  /** Whether a note mentioning the backend was printed (so the caller need not repeat it). */
  readonly backendShown: boolean;
}

const BAR_WIDTH = 24;

export function createProgressBar(io: CliIO, options: ProgressBarOptions): ProgressBar {
  const now = options.now ?? (() => performance.now());
  const plainInterval = options.plainIntervalMs ?? 5000;
  const redrawInterval = options.redrawIntervalMs ?? 100;
  const tty = io.isTTY;
  let phase: string | undefined;
  let phaseStart = 0;
  let lastDraw = -Infinity;
  let lineOpen = false; // TTY: a partial line without '\n' is on screen
  let pending: ProgressEvent | undefined; // TTY: last event not yet drawn (throttled)
  let backendShown = false;
  const notes = new Set<string>();

  const closeLine = (): void => {
    if (lineOpen) io.stderr.write('\n');
    lineOpen = false;
  };

  let lastCount = ''; // phase, count and message of the last line drawn: identical lines are not redrawn
  const draw = (event: ProgressEvent, t: number): void => {
    pending = undefined;
    const inline = event.message !== undefined && !isStatusMessage(event) ? event.message : '';
    const count = `${event.phase}:${event.done}/${event.total ?? ''}:${inline}`;
    // A bare "started" event (nothing done, no total) or a one-step phase without a unit (1/1,
    // e.g. reading a file) says nothing its notes have not said already.
    if (count === lastCount || (event.done === 0 && event.total === undefined) || (event.total === 1 && !event.unit)) return;
    lastCount = count;
    const width = Math.max(20, io.columns - 1);
    const line = printable(formatProgressLine(event, t - phaseStart, tty && width < 100 ? 12 : BAR_WIDTH) + (inline ? `  ${inline}` : ''));
    if (tty) {
      io.stderr.write(`\r${line.slice(0, width)}\x1b[K`);
      lineOpen = true;
    } else {
      io.stderr.write(`${line}\n`);
    }
    lastDraw = t;
  };

  const note = (text: string): void => {
    if (options.quiet || notes.has(text)) return;
    notes.add(text);
    if (/backend/i.test(text)) backendShown = true;
    closeLine();
    io.stderr.write(`${printableLines(text)}\n`);
  };

  const sink: ProgressSink = (event) => {
    if (options.quiet) return;
    const t = now();
    // Status messages get a line of their own; the rest ride along on the (throttled) progress line.
    if (event.message && isStatusMessage(event)) {
      note(`${event.phase}: ${event.message}`);
      if (event.total !== undefined && event.total > 1 && event.phase === phase) return; // a warning inside a loop: the bar has not moved
      // A bare announcement ('starting TensorFlow.js') does not start the phase: its first counted
      // event does, so that event is drawn at once and the rate and ETA are timed from it.
      if (event.done === 0 && event.total === undefined) return;
    }
    const changed = event.phase !== phase;
    if (changed) {
      if (tty && pending) draw(pending, t);
      closeLine();
      phase = event.phase;
      phaseStart = t;
    }
    const last = event.total !== undefined && event.done >= event.total;
    const interval = tty ? redrawInterval : plainInterval;
    if (changed || last || t - lastDraw >= interval) draw(event, t);
    else pending = event;
  };

  return {
    sink,
    note,
    finish: () => {
      if (options.quiet) return;
      if (pending) draw(pending, now());
      closeLine();
    },
    get backendShown() {
      return backendShown;
    },
  };
}

/**
 * A message worth its own line: a warning, or a status report outside a counted loop ("reading
 * a.csv", "wrote 48 KB", also as a one-step 1/1 phase). Messages inside a counted loop ("repeat 1 fold 3: smote") are shown on
 * the progress line instead, so a long loop does not flood a CI log.
 */
function isStatusMessage(event: ProgressEvent): boolean {
  return event.total === undefined || event.total <= 1 || /^warning\b/i.test(event.message ?? '');
}

/**
 * One progress line: phase, count, bar, percentage, ETA, rate, then the metrics (losses), so a
 * narrow terminal cuts the least important part. `barWidth` shrinks the bar for narrow terminals.
 *
 * @example
 * formatProgressLine({ phase: 'fit', done: 12, total: 50, unit: 'epoch', metrics: { g: 0.5 } }, 6000)
 * // 'fit      epoch 12/50  [######..................]   24%  ETA 19s  2 epoch/s  g=0.500'
 */
export function formatProgressLine(event: ProgressEvent, elapsedMs: number, barWidth = BAR_WIDTH): string {
  const parts: string[] = [];
  const unit = event.unit ?? '';
  const { done, total } = event;
  if (total !== undefined && total > 0) {
    const frac = Math.min(1, Math.max(0, done / total));
    const filled = Math.round(frac * barWidth);
    parts.push(`${unit ? `${unit} ` : ''}${done}/${total}`);
    parts.push(`[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]`);
    parts.push(`${Math.floor(frac * 100)}%`.padStart(4));
  } else {
    parts.push(`${done}${unit ? ` ${unit}` : ''}`);
  }
  const seconds = elapsedMs / 1000;
  const metrics = Object.entries(event.metrics ?? {}).filter(([name]) => name !== unit); // 'epoch=9' repeats 'epoch 9/40'
  const hasRate = metrics.some(([name]) => /\/s$/.test(name));
  if (seconds > 0.5 && done > 0) {
    const rate = done / seconds;
    if (total !== undefined && done < total) parts.push(`ETA ${formatDuration((total - done) / rate)}`);
    if (!hasRate && unit) parts.push(`${formatNumber(rate)} ${unit}/s`);
  }
  // A rate reads as the bar's own does ('10283 rows/s'), a loss as 'loss_g=0.5'.
  for (const [name, value] of metrics) parts.push(/\/s$/.test(name) ? `${formatNumber(value)} ${name}` : `${name}=${formatNumber(value)}`);
  return `${event.phase.padEnd(8)} ${parts.join('  ')}`;
}

/** Three significant digits, no exponent for ordinary magnitudes. */
function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (Number.isInteger(value) && abs < 1e6) return String(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return value.toExponential(2);
  if (abs >= 100) return value.toFixed(0);
  return value.toPrecision(3);
}

/** '42s', '3m05s', '1h02m'. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
