/**
 * A PNG contact sheet of images, one row per class, so a person can judge synthetic images at a
 * glance (`sample --grid samples.png`, and the HTML report embeds the same bytes).
 */
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ImageFeature } from '../contracts.js';
import { encodePng } from './png.js';

export interface ImageGridOptions {
  /** Images per class row (the first ones of each class, in row order). Default 10. */
  readonly perClass?: number;
  /** Pixels of padding between cells. Default 2. */
  readonly pad?: number;
  /** Padding grey level in [0, 1]. Default 0.5, visible on both black and white backgrounds. */
  readonly background?: number;
}

/**
 * Render the first `perClass` images of each class as a grid (rows = classes, in class order;
 * a class with fewer images leaves its remaining cells blank). Alpha channels are dropped.
 *
 * @example const png = renderImageGrid(feature, data.labels, data.classes.length)
 */
export function renderImageGrid(feature: ImageFeature, labels: Int32Array, classCount: number, options: ImageGridOptions = {}): Uint8Array {
  const perClass = options.perClass ?? 10;
  const pad = options.pad ?? 2;
  const background = options.background ?? 0.5;
  const [h, w, c] = feature.shape;
  const outC = c === 2 ? 1 : c === 4 ? 3 : c;
  const size = h * w * c;
  const gridH = classCount * (h + pad) + pad;
  const gridW = perClass * (w + pad) + pad;
  const out = new Float32Array(gridH * gridW * outC).fill(background);
  const filled = new Array<number>(classCount).fill(0);
  for (let row = 0; row < labels.length; row++) {
    const cls = labels[row]!;
    if (cls < 0 || cls >= classCount || filled[cls]! >= perClass) continue;
    const col = filled[cls]!++;
    const top = pad + cls * (h + pad);
    const left = pad + col * (w + pad);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const src = row * size + (y * w + x) * c;
        const dst = ((top + y) * gridW + left + x) * outC;
        for (let k = 0; k < outC; k++) out[dst + k] = feature.pixels[src + k]!;
      }
    }
  }
  return encodePng(out, [gridH, gridW, outC]);
}

/**
 * Write the grid to `file` atomically (a temporary file in the same folder, then rename), so a
 * crash never leaves half a PNG behind.
 */
export async function writeImageGrid(file: string, feature: ImageFeature, labels: Int32Array, classCount: number, options: ImageGridOptions = {}): Promise<void> {
  const bytes = renderImageGrid(feature, labels, classCount, options);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await writeFile(tmp, bytes);
  await rename(tmp, file);
}
