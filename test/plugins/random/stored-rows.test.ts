import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/contracts.js';
import { datasetFromArtifacts, datasetToArtifacts } from '../../../plugins/random/stored-rows.js';

describe('stored rows', () => {
  it('round-trips numeric values bit for bit (NaN, -0, infinities, subnormals, 2^53 + 2), codes and pixels', () => {
    const special = [NaN, -0, 0, Infinity, -Infinity, 5e-324, 2 ** 53 + 2, -1.2345678901234567e-300, Math.PI];
    const data: Dataset = {
      features: [
        { kind: 'numeric', name: 'v', values: Float64Array.from(special), integer: false },
        { kind: 'categorical', name: 'c', codes: Int32Array.from(special, (_, i) => (i % 3) - 1), levels: ['a', 'b'] },
        { kind: 'image', name: 'img', pixels: Float32Array.from({ length: special.length * 2 }, (_, i) => i / 17), shape: [1, 2, 1] },
      ],
      labels: Int32Array.from(special, (_, i) => i % 2),
      classes: ['x', 'y'],
      rowCount: special.length,
    };
    const art = datasetToArtifacts(data, { extra: 1 });
    expect((art.config as Record<string, unknown>)['extra']).toBe(1);
    const back = datasetFromArtifacts({ config: JSON.parse(JSON.stringify(art.config)), arrays: art.arrays }, 'test');
    const v = back.features[0]!;
    expect(v.kind).toBe('numeric');
    if (v.kind === 'numeric') {
      expect(Array.from(v.values).map((x, i) => Object.is(x, special[i]))).toEqual(special.map(() => true));
    }
    expect(back.features[1]).toEqual(data.features[1]);
    expect(back.features[2]).toEqual(data.features[2]);
    expect(Array.from(back.labels)).toEqual(Array.from(data.labels));
    expect(back.classes).toEqual(['x', 'y']);
  });

  it('rejects out-of-range labels and codes as a corrupt model', () => {
    const data: Dataset = {
      features: [{ kind: 'categorical', name: 'c', codes: Int32Array.of(0, 1), levels: ['a', 'b'] }],
      labels: Int32Array.of(0, 0),
      classes: ['x'],
      rowCount: 2,
    };
    const art = datasetToArtifacts(data);
    expect(() => datasetFromArtifacts({ ...art, arrays: { ...art.arrays, labels: Float32Array.of(0, 3) } }, 'random')).toThrow(/'random' model is corrupt: label 3/);
    expect(() => datasetFromArtifacts({ ...art, arrays: { ...art.arrays, 'feature.0': Float32Array.of(0, 2) } }, 'random')).toThrow(/code 2/);
  });
});
