/**
 * Progress for the streaming passes: rows done, the total when known, and rows per second, at
 * most a few events per second so a fast pass does not flood the progress bar.
 */
import type { ProgressPhase, ProgressSink } from '../progress.js';

/**
 * A reporter for `phase`: call it with the rows done so far; `final` forces an event.
 * @example const report = rowsProgress('write', sink, 1_000_000); report(65_536);
 */
export function rowsProgress(phase: ProgressPhase, sink: ProgressSink | undefined, total: number | undefined): (done: number, final?: boolean) => void {
  const started = performance.now();
  let last = 0;
  return (done, final = false) => {
    if (!sink) return;
    const now = performance.now();
    if (!final && now - last < 250) return;
    last = now;
    const seconds = Math.max(1e-3, (now - started) / 1000);
    sink({
      phase,
      done,
      ...(total !== undefined ? { total } : {}),
      unit: 'rows',
      // 'rows/s', as ctgan's training reports it: one spelling in text and in JSON progress.
      metrics: { 'rows/s': Math.round(done / seconds) },
    });
  };
}
