import { describe, expect, it } from 'vitest';
import { reportToJson } from '../../src/report/json.js';
import { formatReportText, table } from '../../src/report/text.js';
import { smallReport } from '../support/report-fixture.js';

describe('text and JSON reports', () => {
  it('prints the table, the verdicts and fidelity', async () => {
    const report = await smallReport();
    const text = formatReportText(report);
    expect(text).toMatch(/method\s+classifier\s+minority F1/);
    expect(text).toMatch(/spy\s+forest\s+\d\.\d{3} ± \d\.\d{3}/);
    for (const v of report.verdicts) expect(text).toContain(v.statement);
    expect(text).toContain('exact copies');
    const parsed = JSON.parse(reportToJson(report)) as { verdicts: unknown[]; runs: unknown[] };
    expect(parsed.verdicts).toHaveLength(report.verdicts.length);
    expect(parsed.runs).toHaveLength(report.runs.length);
  });
  it('pads table columns', () => {
    expect(table(['a', 'bb'], [['ccc', 'd']])).toEqual(['a    bb', '---  --', 'ccc  d']);
  });
});
