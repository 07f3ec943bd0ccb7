/**
 * Small row operations on encoded `Dataset`s, shared by the stage, the evaluator's folds and the
 * plugins' tests: select rows, append datasets, count classes.
 */
import type { Dataset, Feature } from './contracts.js';
import { GanAugmentError } from './errors.js';

/** The rows at `indices`, in that order (indices may repeat: random oversampling uses that). */
export function takeRows(data: Dataset, indices: ArrayLike<number>): Dataset {
  const n = indices.length;
  const features = data.features.map((f): Feature => {
    switch (f.kind) {
      case 'numeric': {
        const values = new Float64Array(n);
        for (let i = 0; i < n; i++) values[i] = f.values[indices[i]!]!;
        return { ...f, values };
      }
      case 'categorical': {
        const codes = new Int32Array(n);
        for (let i = 0; i < n; i++) codes[i] = f.codes[indices[i]!]!;
        return { ...f, codes };
      }
      case 'image': {
        const size = f.shape[0] * f.shape[1] * f.shape[2];
        const pixels = new Float32Array(n * size);
        for (let i = 0; i < n; i++) {
          const start = indices[i]! * size;
          pixels.set(f.pixels.subarray(start, start + size), i * size);
        }
        return { ...f, pixels };
      }
    }
  });
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = data.labels[indices[i]!]!;
  return { features, labels, classes: data.classes, rowCount: n };
}

/** Rows of `a` followed by rows of `b`; both must have the same features and classes. */
export function concatRows(a: Dataset, b: Dataset): Dataset {
  if (a.features.length !== b.features.length || a.classes.join('\u0000') !== b.classes.join('\u0000')) {
    throw new GanAugmentError('data', 'Cannot append datasets with different features or classes.');
  }
  const features = a.features.map((fa, i): Feature => {
    const fb = b.features[i]!;
    if (fa.kind !== fb.kind || fa.name !== fb.name) {
      throw new GanAugmentError('data', `Cannot append datasets: feature ${i} is '${fa.name}' (${fa.kind}) vs '${fb.name}' (${fb.kind}).`);
    }
    if (fa.kind === 'numeric' && fb.kind === 'numeric') {
      const values = new Float64Array(a.rowCount + b.rowCount);
      values.set(fa.values, 0);
      values.set(fb.values, a.rowCount);
      return { ...fa, values };
    }
    if (fa.kind === 'categorical' && fb.kind === 'categorical') {
      if (fa.levels.join('\u0000') !== fb.levels.join('\u0000')) {
        throw new GanAugmentError('data', `Cannot append datasets: column '${fa.name}' has different category levels.`);
      }
      const codes = new Int32Array(a.rowCount + b.rowCount);
      codes.set(fa.codes, 0);
      codes.set(fb.codes, a.rowCount);
      return { ...fa, codes };
    }
    if (fa.kind === 'image' && fb.kind === 'image') {
      const pixels = new Float32Array(fa.pixels.length + fb.pixels.length);
      pixels.set(fa.pixels, 0);
      pixels.set(fb.pixels, fa.pixels.length);
      return { ...fa, pixels };
    }
    throw new GanAugmentError('data', `Cannot append datasets: feature '${fa.name}' differs in kind.`);
  });
  const labels = new Int32Array(a.rowCount + b.rowCount);
  labels.set(a.labels, 0);
  labels.set(b.labels, a.rowCount);
  return { features, labels, classes: a.classes, rowCount: a.rowCount + b.rowCount };
}

/** All `parts` in order (each per-class block of a sample call); an empty `template` slice when none. */
export function stackRows(parts: readonly Dataset[], template: Dataset): Dataset {
  if (parts.length === 0) return takeRows(template, new Int32Array(0));
  return parts.reduce((all, part) => concatRows(all, part));
}

/** Rows per class index. */
export function countByClass(data: Dataset): number[] {
  const counts = new Array<number>(data.classes.length).fill(0);
  for (let i = 0; i < data.rowCount; i++) counts[data.labels[i]!]! += 1;
  return counts;
}

/** Row indices of each class, in row order. */
export function rowsByClass(data: Dataset): Int32Array[] {
  const counts = countByClass(data);
  const out = counts.map((c) => new Int32Array(c));
  const fill = new Array<number>(counts.length).fill(0);
  for (let i = 0; i < data.rowCount; i++) {
    const c = data.labels[i]!;
    out[c]![fill[c]!++] = i;
  }
  return out;
}

/**
 * Whether `data` has an image column: its networks (dcgan, the cnn classifier) are then
 * convolutional, which decides how the wasm backend shares its threads (`initBackend`'s `convolutions`).
 */
export function hasImageFeature(data: Dataset): boolean {
  return data.features.some((f) => f.kind === 'image');
}
