import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImageFeature } from '../../src/contracts.js';
import { renderImageGrid, writeImageGrid } from '../../src/image/grid.js';
import { decodePng } from '../../src/image/png.js';

describe('image grid', () => {
  // Three classes of 4x4 grey images whose brightness is the class index / 2.
  const labels = Int32Array.from([0, 1, 2, 0, 1, 2, 0]);
  const pixels = new Float32Array(labels.length * 16);
  labels.forEach((c, row) => pixels.fill(c / 2, row * 16, (row + 1) * 16));
  const feature: ImageFeature = { kind: 'image', name: 'img', pixels, shape: [4, 4, 1] };

  it('puts one class per row, first images first, padding elsewhere', () => {
    const png = decodePng(renderImageGrid(feature, labels, 3, { perClass: 2, pad: 1, background: 1 }));
    expect([png.height, png.width, png.channels]).toEqual([3 * 5 + 1, 2 * 5 + 1, 1]);
    const at = (y: number, x: number): number => png.rgba[4 * (y * png.width + x)]!;
    expect(at(0, 0)).toBe(255); // padding
    expect(at(1, 1)).toBe(0); // class 0, first cell
    expect(at(1 + 5, 1 + 5)).toBe(128); // class 1, second cell
    expect(at(1 + 10, 1)).toBe(255); // class 2 is white (1.0)
  });

  it('writes the PNG atomically, leaving no temporary file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'grid-'));
    const file = path.join(dir, 'samples.png');
    await writeImageGrid(file, feature, labels, 3);
    expect(decodePng(await readFile(file)).height).toBe(3 * 6 + 2);
    expect(await readdir(dir)).toEqual(['samples.png']);
  });
});
