import { describe, expect, it } from 'vitest';
import type { CategoricalFeature, NumericFeature } from '../../../src/contracts.js';
import { Rng } from '../../../src/random.js';
import {
  fitTransformer,
  inverseTransform,
  outputSpans,
  outputWidth,
  transform,
  transformerFromJson,
  transformerToJson,
} from '../../../plugins/ctgan/transformer.js';
import { makeFixture } from '../../support/ctgan-fixture.js';

describe('ctgan transformer', () => {
  const data = makeFixture(11);
  const state = fitTransformer(data, new Rng(1));

  it('round-trips values (numeric within tolerance, integers, categoricals and nulls exactly)', () => {
    const rows = transform(state, data, new Rng(2));
    expect(rows.length).toBe(data.rowCount * outputWidth(state));
    const back = inverseTransform(state, rows, data.rowCount);
    data.features.forEach((f, i) => {
      const b = back[i]!;
      expect(b.name).toBe(f.name);
      if (f.kind === 'numeric') {
        const v = (b as NumericFeature).values;
        for (let r = 0; r < data.rowCount; r++) {
          if (Number.isNaN(f.values[r])) expect(v[r]).toBeNaN();
          else if (f.integer) expect(v[r]).toBe(f.values[r]);
          else expect(Math.abs(v[r]! - f.values[r]!)).toBeLessThan(1e-4 * (1 + Math.abs(f.values[r]!)));
        }
      } else if (f.kind === 'categorical') {
        expect(Array.from((b as CategoricalFeature).codes)).toEqual(Array.from(f.codes));
      }
    });
  });

  it('adds a null indicator only where the training data has nulls', () => {
    const byName = Object.fromEntries(state.columns.map((c) => [c.name, c]));
    expect(byName['x2']).toMatchObject({ kind: 'numeric', hasNulls: true });
    expect(byName['x1']).toMatchObject({ kind: 'numeric', hasNulls: false });
    const widths = outputSpans(state).reduce((s, span) => s + span.width, 0);
    expect(widths).toBe(outputWidth(state));
  });

  it('encodes scalars within [-1, 1] and one-hots that sum to one per span', () => {
    const rows = transform(state, data, new Rng(3));
    const width = outputWidth(state);
    for (const span of outputSpans(state)) {
      for (let r = 0; r < 50; r++) {
        const cells = Array.from(rows.subarray(r * width + span.start, r * width + span.start + span.width));
        if (span.activation === 'tanh') expect(Math.abs(cells[0]!)).toBeLessThanOrEqual(0.99);
        else expect(cells.reduce((s, v) => s + v, 0)).toBe(1);
      }
    }
  });

  it('decodes arbitrary generator output into the observed range, integer values and seen categories', () => {
    const width = outputWidth(state);
    const r = new Rng(4);
    const n = 300;
    const noise = Float32Array.from({ length: n * width }, () => 4 * r.normal());
    const out = inverseTransform(state, noise, n);
    out.forEach((f, i) => {
      const col = state.columns[i]!;
      if (f.kind === 'numeric' && col.kind === 'numeric') {
        for (const v of f.values) {
          if (Number.isNaN(v)) {
            expect(col.hasNulls).toBe(true);
            continue;
          }
          expect(v).toBeGreaterThanOrEqual(col.min);
          expect(v).toBeLessThanOrEqual(col.max);
          if (col.integer) expect(Number.isInteger(v)).toBe(true);
        }
      }
      if (f.kind === 'categorical' && col.kind === 'categorical') for (const c of f.codes) expect(col.slots).toContain(c);
    });
  });

  it('keeps categories to the seen set (missing as its own category)', () => {
    const codes = Int32Array.from([0, 2, -1, 2, 0]);
    const small = { features: [{ kind: 'categorical' as const, name: 'c', codes, levels: ['a', 'b', 'c'] }], labels: new Int32Array(5), classes: ['k'], rowCount: 5 };
    const st = fitTransformer(small, new Rng(1));
    expect(st.columns[0]).toMatchObject({ slots: [0, 2, -1] });
    const back = inverseTransform(st, transform(st, small, new Rng(1)), 5)[0] as CategoricalFeature;
    expect(Array.from(back.codes)).toEqual([0, 2, -1, 2, 0]);
  });

  it('survives a JSON round trip and rejects corrupt state', () => {
    const json = JSON.parse(JSON.stringify(transformerToJson(state)));
    expect(transformerFromJson(json)).toEqual(state);
    json[0].stds = [-1];
    expect(() => transformerFromJson(json)).toThrow(/corrupt/);
  });
});
