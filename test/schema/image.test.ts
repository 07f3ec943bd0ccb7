import * as A from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { canonicalizeDataset, decodeDataset, tableFromColumns } from '../../src/schema/decode.js';
import { encodeTable } from '../../src/schema/encode.js';
import { inferRoles } from '../../src/schema/infer.js';
import { augment } from '../../src/api/augment.js';
import { registerJitter } from '../support/jitter-synthesizer.js';

/** n rows of 8x8 grey uint8 images (FixedSizeList<64, Uint8>) with a label. */
function images(n: number, side = 8): A.Table {
  const size = side * side;
  const values = new Uint8Array(n * size);
  for (let i = 0; i < values.length; i++) values[i] = (i * 37) % 256;
  const child = A.makeData({ type: new A.Uint8(), length: n * size, nullCount: 0, data: values });
  const listType = new A.FixedSizeList(size, new A.Field('item', new A.Uint8(), false));
  const list = A.makeData({ type: listType, length: n, nullCount: 0, child });
  const label = A.vectorFromArray(Array.from({ length: n }, (_, i) => (i < n - 4 ? 'common' : 'rare')), new A.Utf8());
  const fields = [new A.Field('pixels', listType, false), new A.Field('digit', new A.Utf8(), true)];
  return tableFromColumns(fields, [list, label.data[0]!], n);
}

describe('image columns', () => {
  it('are detected, encoded to [0, 1] pixels and decoded back to the same list type exactly', () => {
    const input = images(12);
    const roles = inferRoles(input, { label: 'digit' });
    expect(roles.columns.map((c) => c.role)).toEqual(['image', 'label']);
    const { dataset, plan } = encodeTable(input, roles);
    const f = dataset.features[0]!;
    expect(f.kind).toBe('image');
    if (f.kind !== 'image') return;
    expect(f.shape).toEqual([8, 8, 1]);
    expect(f.pixels[1]).toBeCloseTo(37 / 255, 6);
    const back = decodeDataset(dataset, JSON.parse(JSON.stringify(plan)));
    expect(String(back.schema.fields[0]!.type)).toBe(String(input.schema.fields[0]!.type));
    expect([...back.getChild('pixels')!.get(3)!]).toEqual([...input.getChild('pixels')!.get(3)!]);
    // Canonical pixels equal the training ones for unchanged images (the copy guard relies on it).
    const canonical = canonicalizeDataset(dataset, plan).features[0]!;
    if (canonical.kind !== 'image') throw new Error('expected an image feature');
    expect([...canonical.pixels]).toEqual([...f.pixels]);
  });

  it('of unknown shape are ignored with a warning suggesting --image-shape, or used with it', () => {
    const n = 6;
    const child = A.makeData({ type: new A.Float32(), length: n * 12, nullCount: 0, data: new Float32Array(n * 12).fill(0.5) });
    const listType = new A.FixedSizeList(12, new A.Field('item', new A.Float32()));
    const label = A.vectorFromArray(['a', 'b', 'a', 'b', 'a', 'b'], new A.Utf8());
    const t = tableFromColumns([new A.Field('img', listType), new A.Field('y', new A.Utf8())], [A.makeData({ type: listType, length: n, nullCount: 0, child }), label.data[0]!], n);
    const ignored = inferRoles(t, { label: 'y' });
    expect(ignored.columns[0]!.role).toBe('ignored');
    expect(ignored.warnings.join(' ')).toMatch(/--image-shape/);
    const used = inferRoles(t, { label: 'y', imageShape: [2, 2, 3] });
    expect(used.columns[0]).toMatchObject({ role: 'image', image: { shape: [2, 2, 3], encoding: 'float-list' } });
  });

  it('go through the stage: synthetic images in the input type, provenance, requested counts', async () => {
    registerJitter();
    const input = images(20);
    const { table, summary } = await augment({ input, label: 'digit', model: 'test-jitter', quiet: true });
    expect(summary.classes.map((c) => [c.class, c.after])).toEqual([['common', 16], ['rare', 16]]);
    expect(table.numRows).toBe(32);
    expect(String(table.schema.fields[0]!.type)).toBe(String(input.schema.fields[0]!.type));
    const img = table.getChild('pixels')!.get(25)!;
    expect(img.length).toBe(64);
    expect([...img].every((v: number) => Number.isInteger(v) && v >= 0 && v <= 255)).toBe(true);
  });
});
