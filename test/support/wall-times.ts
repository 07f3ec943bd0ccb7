/**
 * An evaluation report without its wall-time fields, so two runs of the same seed compare equal
 * byte for byte: `seconds` (the run), `runs[].classifierSeconds`, `synthesizers[].seconds` (fit +
 * sample time per split), and in `synthesizers[].history[]` the per-epoch speeds and times
 * (`rows/s` of ctgan; `images_per_s` and `seconds` of dcgan). Nothing else may differ.
 */
import type { EvaluationReport } from '../../src/evaluate/report-types.js';

export const WALL_TIME_HISTORY_KEYS = ['rows/s', 'images_per_s', 'seconds'] as const;

export function withoutWallTimes(report: EvaluationReport): EvaluationReport {
  return {
    ...report,
    seconds: 0,
    runs: report.runs.map((r) => ({ ...r, classifierSeconds: 0 })),
    synthesizers: report.synthesizers.map((s) => ({
      ...s,
      // The number of fits (n) is not a time: it must agree.
      seconds: { mean: 0, std: 0, n: s.seconds.n },
      history: s.history.map((h) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k, (WALL_TIME_HISTORY_KEYS as readonly string[]).includes(k) ? 0 : v]))),
    })),
  };
}
