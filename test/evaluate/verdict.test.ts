import { describe, expect, it } from 'vitest';
import type { PairedComparison } from '../../src/evaluate/compare.js';
import { decideVerdict } from '../../src/evaluate/verdict.js';

const cmp = (meanDiff: number, pValue: number, n = 15): PairedComparison => ({ n, meanDiff, ciLow: meanDiff - 0.05, ciHigh: meanDiff + 0.05, pValue, statistic: 0, test: 'normal' });

describe('decideVerdict', () => {
  it('helps / hurts only when significant, in the direction of the mean', () => {
    expect(decideVerdict('ctgan', 'forest', 'minority_f1', cmp(0.04, 0.01), 0.05).kind).toBe('helps');
    expect(decideVerdict('ctgan', 'forest', 'minority_f1', cmp(-0.04, 0.01), 0.05).kind).toBe('hurts');
    expect(decideVerdict('ctgan', 'forest', 'minority_f1', cmp(0.04, 0.2), 0.05).kind).toBe('no significant difference');
    expect(decideVerdict('ctgan', 'forest', 'minority_f1', cmp(0.04, 0.05), 0.05).kind).toBe('no significant difference');
  });
  it('says plainly that augmentation did not help, and why a tiny run cannot tell', () => {
    const v = decideVerdict('ctgan', 'all', 'minority_pr_auc', cmp(0.01, 0.0625, 5), 0.05);
    expect(v.statement).toMatch(/^ctgan \(all classifiers\): augmentation did not help minority PR-AUC/);
    expect(v.statement).toMatch(/too few pairs/);
    expect(decideVerdict('smote', 'logistic', 'minority_f1', cmp(0.1, 0.001), 0.05).statement).toMatch(/augmentation helped minority F1 \(mean change \+0\.100/);
  });
});
