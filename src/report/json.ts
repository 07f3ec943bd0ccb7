/**
 * The evaluation report as JSON (`--json`): the whole report object, NaN written as null (JSON has
 * no NaN), two-space indented so it diffs well.
 */
import type { EvaluationReport } from '../evaluate/report-types.js';

/** @example await writeFileAtomic('report.json', reportToJson(report)); */
export function reportToJson(report: EvaluationReport): string {
  return `${JSON.stringify(report, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`;
}
