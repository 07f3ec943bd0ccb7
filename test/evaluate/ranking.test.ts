import { describe, expect, it } from 'vitest';
import { rankingMetrics } from '../../src/evaluate/ranking.js';

describe('ranking metrics at operating points', () => {
  // positives [1,0,1,0,1,0], scores [.9,.8,.7,.6,.5,.4]
  // thresholds: .9 P1 R1/3; .8 P1/2 R1/3; .7 P2/3 R2/3; .6 P1/2 R2/3; .5 P3/5 R1; .4 P1/2 R1
  const pos = Uint8Array.from([1, 0, 1, 0, 1, 0]);
  const s = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4];
  const at = (recall: number, precision: number) => rankingMetrics(pos, s, { recall, precision });
  it('precision at a fixed recall: the best precision among thresholds reaching it', () => {
    expect(at(0.8, 0.5).precisionAtRecall).toBeCloseTo(3 / 5, 12);
    expect(at(0.5, 0.5).precisionAtRecall).toBeCloseTo(2 / 3, 12);
    expect(at(1 / 3, 0.5).precisionAtRecall).toBe(1);
  });
  it('recall at a fixed precision: the best recall among thresholds meeting it, 0 if none', () => {
    expect(at(0.8, 0.5).recallAtPrecision).toBe(1);
    expect(at(0.8, 0.65).recallAtPrecision).toBeCloseTo(2 / 3, 12);
    expect(at(0.8, 1).recallAtPrecision).toBeCloseTo(1 / 3, 12);
    expect(rankingMetrics(Uint8Array.from([0, 1]), [0.9, 0.1], { precision: 0.8 }).recallAtPrecision).toBe(0);
  });
  it('AP and ROC-AUC on the same walk: AP = 1/3 * 1 + 1/3 * 2/3 + 1/3 * 3/5; AUC = (3 + 2 + 1) / 9', () => {
    expect(at(0.8, 0.5).averagePrecision).toBeCloseTo((1 + 2 / 3 + 3 / 5) / 3, 12);
    expect(at(0.8, 0.5).rocAuc).toBeCloseTo(6 / 9, 12);
  });
  it('weights count like repeated rows', () => {
    const w = [2, 1, 0, 3, 1, 1];
    const rows = w.flatMap((k, i) => Array.from({ length: k }, () => i));
    const repeated = rankingMetrics(Uint8Array.from(rows.map((i) => pos[i]!)), rows.map((i) => s[i]!));
    const weighted = rankingMetrics(pos, s, { weights: w });
    expect(weighted.averagePrecision).toBeCloseTo(repeated.averagePrecision, 12);
    expect(weighted.rocAuc).toBeCloseTo(repeated.rocAuc, 12);
    expect(weighted.precisionAtRecall).toBeCloseTo(repeated.precisionAtRecall, 12);
    expect(weighted.recallAtPrecision).toBeCloseTo(repeated.recallAtPrecision, 12);
  });
});
