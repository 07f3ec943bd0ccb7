/**
 * A small picture of what a synthesizer made, for image datasets: a PNG contact sheet of the first
 * synthetic images of each augmented class next to one of real training images of the same classes.
 * The PNGs are kept as base64 in the report (a few KB), so the JSON report stays plain data and the
 * HTML report can embed them as data URIs without any file next to it.
 */
import type { Dataset, ImageFeature } from '../contracts.js';
import { renderImageGrid } from '../image/grid.js';

/** Images shown per class row. */
const IMAGE_SAMPLES_PER_CLASS = 10;

export interface ImageSamples {
  /** The image column drawn. */
  readonly column: string;
  /** Class names, one per grid row (top to bottom): the classes the synthesizer generated. */
  readonly classes: readonly string[];
  readonly perClass: number;
  /** Height and width of each grid PNG, in pixels. */
  readonly gridHeight: number;
  readonly gridWidth: number;
  /** PNG of real training images of those classes, base64. */
  readonly realPng: string;
  /** PNG of synthetic images of those classes, base64. */
  readonly syntheticPng: string;
}

/**
 * Render real and synthetic contact sheets for the classes present in `synthetic`; undefined when
 * the data has no image feature or no synthetic rows.
 *
 * @example const samples = imageSamples(trainFold, syntheticRows)
 */
export function imageSamples(real: Dataset, synthetic: Dataset, perClass = IMAGE_SAMPLES_PER_CLASS): ImageSamples | undefined {
  const index = real.features.findIndex((f) => f.kind === 'image');
  const realImage = real.features[index];
  const synthImage = synthetic.features[index];
  if (index < 0 || realImage?.kind !== 'image' || synthImage?.kind !== 'image' || synthetic.rowCount === 0) return undefined;
  // Grid rows are the generated classes only (in class order), so a minority-only augmentation
  // does not draw a column of empty rows for the classes that got nothing.
  const shown = [...new Set(synthetic.labels)].sort((a, b) => a - b);
  const row = new Map(shown.map((c, i) => [c, i]));
  const remap = (labels: Int32Array): Int32Array => labels.map((c) => row.get(c) ?? -1);
  const render = (feature: ImageFeature, labels: Int32Array): Uint8Array => renderImageGrid(feature, remap(labels), shown.length, { perClass, pad });
  const pad = 2;
  const realPng = render(realImage, real.labels);
  const syntheticPng = render(synthImage, synthetic.labels);
  const [h, w] = realImage.shape;
  return {
    column: realImage.name,
    classes: shown.map((c) => real.classes[c]!),
    perClass,
    gridHeight: shown.length * (h + pad) + pad,
    gridWidth: perClass * (w + pad) + pad,
    realPng: Buffer.from(realPng).toString('base64'),
    syntheticPng: Buffer.from(syntheticPng).toString('base64'),
  };
}
