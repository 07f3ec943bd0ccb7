import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/contracts.js';
import { checkSamples, dropExactCopies } from '../../src/stage/guard.js';

const training: Dataset = {
  features: [
    { kind: 'numeric', name: 'x', values: Float64Array.of(1, 2, NaN), integer: true },
    { kind: 'categorical', name: 'c', codes: Int32Array.of(0, 1, -1), levels: ['a', 'b'] },
  ],
  labels: Int32Array.of(0, 1, 1),
  classes: ['n', 'y'],
  rowCount: 3,
};

const sample = (x: number[], codes: number[], labels: number[], levels = ['a', 'b']): Dataset => ({
  features: [
    { kind: 'numeric', name: 'x', values: Float64Array.from(x), integer: true },
    { kind: 'categorical', name: 'c', codes: Int32Array.from(codes), levels },
  ],
  labels: Int32Array.from(labels),
  classes: ['n', 'y'],
  rowCount: labels.length,
});

describe('checkSamples', () => {
  const want = new Map([[1, 2]]);
  it('accepts samples of the requested shape', () => {
    expect(() => checkSamples(sample([5, 6], [0, -1], [1, 1]), training, want, 'm')).not.toThrow();
  });
  it('refuses wrong counts, unseen categories and codes out of range, naming the model', () => {
    expect(() => checkSamples(sample([5], [0], [1]), training, want, 'm')).toThrow(/Synthesizer 'm' .* 1 rows of class 'y' instead of 2/);
    expect(() => checkSamples(sample([5, 6], [0, 0], [1, 1], ['a', 'z']), training, want, 'm')).toThrow(/column 'c' has categories other than the training ones/);
    expect(() => checkSamples(sample([5, 6], [0, 2], [1, 1]), training, want, 'm')).toThrow(/category code 2 outside the seen levels/);
  });
});

describe('dropExactCopies', () => {
  it('drops rows equal to a training row in every feature and the label (NaN equals NaN)', () => {
    const s = sample([2, 2, NaN, 1], [1, 1, -1, 0], [1, 0, 1, 1]);
    const { kept, dropped } = dropExactCopies(s, training);
    expect(dropped).toBe(2); // rows 0 (= training row 1) and 2 (= training row 2)
    expect([...kept.labels]).toEqual([0, 1]);
    expect(kept.features[0]!.kind === 'numeric' && [...kept.features[0]!.values]).toEqual([2, 1]);
  });
});
