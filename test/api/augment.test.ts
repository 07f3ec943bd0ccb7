/**
 * `augment({ model: 'auto' })`: the API chooses as the CLI does (src/evaluate/choose-model.ts) and
 * returns the choice. On the modes fixture (test/support/modes-data.ts) rows from the true
 * distribution carry information a tuned threshold cannot, so auto must pick the oracle; on data
 * that is separable already nothing helps, and the input must come back unchanged.
 */
import * as A from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerBuiltins } from '../../plugins/index.js';
import { augment } from '../../src/api/augment.js';
import { registerSynthesizer } from '../../src/registry.js';
import { modesTable, oracleFactory } from '../support/modes-data.js';
import { table } from '../support/schema-tables.js';

beforeAll(() => {
  registerBuiltins();
  registerSynthesizer(oracleFactory);
});

const rowsOf = (t: A.Table, from: number, to: number): unknown[] => Array.from({ length: to - from }, (_, k) => t.get(from + k)!.toJSON());

describe("augment({ model: 'auto' })", () => {
  it('picks the synthesizer that beats the tuned threshold, augments with it, and returns the evidence', async () => {
    const input = modesTable({ majority: 300, minority: 24 });
    const result = await augment({ input, label: 'class', model: 'auto', autoCandidates: ['random', 'oracle'], autoClassifiers: ['forest'], seed: 42, quiet: true });
    const choice = result.autoChoice!;
    expect(choice.chosen).toBe('oracle');
    expect(choice.classifiers).toEqual(['forest']);
    expect(choice.evidence).toMatchObject({ method: 'oracle', against: 'threshold', splits: 10 });
    expect(choice.evidence!.meanDiff).toBeGreaterThan(0);
    expect(choice.evidence!.ciLow).toBeGreaterThan(0);
    expect(choice.evidence!.pValue).toBeLessThan(0.05);
    const mean = (m: string): number => choice.ranking.find((r) => r.method === m)!.mean;
    expect(mean('oracle')).toBeGreaterThan(mean('threshold'));
    expect(mean('oracle')).toBeGreaterThan(mean('random'));
    expect(choice.statement).toMatch(/^Use oracle .*beats the tuned threshold.*Wilcoxon p = /);
    // The summary (and so the file metadata) records the same choice.
    expect(result.summary.options.auto).toEqual(JSON.parse(JSON.stringify(choice)));
    expect(result.summary.model).toBe('oracle');
    expect(result.summary.classes.find((c) => c.class === 'yes')).toMatchObject({ before: 24, added: 276, after: 300 });
    const t = result.table;
    expect(t.numRows).toBe(input.numRows + 276);
    expect(rowsOf(t.select(input.schema.names), 0, input.numRows)).toEqual(rowsOf(input, 0, input.numRows));
    const provenance = [...t.getChild('is_synthetic')!] as boolean[];
    expect(provenance.slice(0, input.numRows).every((v) => !v)).toBe(true);
    expect(provenance.slice(input.numRows).every((v) => v)).toBe(true);
  });

  it('writes the input unchanged, every row marked real, when no candidate beats the baselines', async () => {
    // Perfectly separable already: no oversampler can beat the real rows alone.
    const n = 80;
    const input = table([
      ['x', new A.Float64(), Array.from({ length: n }, (_, i) => i)],
      ['y', new A.Utf8(), Array.from({ length: n }, (_, i) => (i < 12 ? 'yes' : 'no'))],
    ]);
    const result = await augment({ input, label: 'y', model: 'auto', autoCandidates: ['random'], autoClassifiers: ['forest'], quiet: true });
    expect(result.autoChoice!.chosen).toBeNull();
    expect(result.autoChoice!.statement).toMatch(/^Do not augment/);
    expect(result.summary.classes.every((c) => c.added === 0)).toBe(true);
    expect(result.table.numRows).toBe(n);
    expect(rowsOf(result.table.select(['x', 'y']), 0, n)).toEqual(rowsOf(input, 0, n));
    expect([...result.table.getChild('is_synthetic')!].every((v) => v === false)).toBe(true);
  });
});
