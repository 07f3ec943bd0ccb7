import { describe, expect, it } from 'vitest';
import { curveAveragePrecision, curveRocAuc, precisionAtRecall, rankingCurve, recallAtPrecision } from '../../src/evaluate/ranking.js';

describe('ranking curve metrics', () => {
  // positives [1,0,1,0,1,0], scores [.9,.8,.7,.6,.5,.4]
  // thresholds: .9 P1 R1/3; .8 P1/2 R1/3; .7 P2/3 R2/3; .6 P1/2 R2/3; .5 P3/5 R1; .4 P1/2 R1
  const pos = Uint8Array.from([1, 0, 1, 0, 1, 0]);
  const s = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4];
  const c = rankingCurve(pos, s);
  it('precision at a fixed recall: the best precision among thresholds reaching it', () => {
    expect(precisionAtRecall(c, 0.8)).toBeCloseTo(3 / 5, 12);
    expect(precisionAtRecall(c, 0.5)).toBeCloseTo(2 / 3, 12);
    expect(precisionAtRecall(c, 1 / 3)).toBe(1);
  });
  it('recall at a fixed precision: the best recall among thresholds meeting it, 0 if none', () => {
    expect(recallAtPrecision(c, 0.5)).toBe(1);
    expect(recallAtPrecision(c, 0.65)).toBeCloseTo(2 / 3, 12);
    expect(recallAtPrecision(c, 1)).toBeCloseTo(1 / 3, 12);
    expect(recallAtPrecision(rankingCurve(Uint8Array.from([0, 1]), [0.9, 0.1]), 0.8)).toBe(0);
  });
  it('weights count like repeated rows', () => {
    const w = [2, 1, 0, 3, 1, 1];
    const rows = w.flatMap((k, i) => Array.from({ length: k }, () => i));
    const repeated = rankingCurve(Uint8Array.from(rows.map((i) => pos[i]!)), rows.map((i) => s[i]!));
    const weighted = rankingCurve(pos, s, w);
    expect(curveAveragePrecision(weighted)).toBeCloseTo(curveAveragePrecision(repeated), 12);
    expect(curveRocAuc(weighted)).toBeCloseTo(curveRocAuc(repeated), 12);
    expect(precisionAtRecall(weighted, 0.8)).toBeCloseTo(precisionAtRecall(repeated, 0.8), 12);
  });
});
