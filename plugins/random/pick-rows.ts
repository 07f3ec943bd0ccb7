/**
 * Row selection for plugins. Plugins may not import `src/dataset.ts` (they see only the contracts),
 * so this is the plugin-side twin of its `takeRows`.
 */
import type { Dataset, Feature } from '../../src/contracts.js';

/** The rows at `indices` (repeats allowed), each relabelled `label` when given. */
export function pickRows(data: Dataset, indices: Int32Array, label?: number): Dataset {
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
        for (let i = 0; i < n; i++) pixels.set(f.pixels.subarray(indices[i]! * size, (indices[i]! + 1) * size), i * size);
        return { ...f, pixels };
      }
    }
  });
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = label ?? data.labels[indices[i]!]!;
  return { features, labels, classes: data.classes, rowCount: n };
}

/** Row indices of each class index, in row order. */
export function indicesByClass(data: Dataset): Int32Array[] {
  const counts = new Array<number>(data.classes.length).fill(0);
  for (let i = 0; i < data.rowCount; i++) counts[data.labels[i]!]! += 1;
  const out = counts.map((c) => new Int32Array(c));
  const fill = new Array<number>(counts.length).fill(0);
  for (let i = 0; i < data.rowCount; i++) {
    const c = data.labels[i]!;
    out[c]![fill[c]!++] = i;
  }
  return out;
}

/** Concatenate same-shaped datasets (the per-class blocks of one sample call). */
export function stackRows(parts: readonly Dataset[], template: Dataset): Dataset {
  if (parts.length === 1) return parts[0]!;
  const n = parts.reduce((s, p) => s + p.rowCount, 0);
  const features = template.features.map((f, fi): Feature => {
    switch (f.kind) {
      case 'numeric': {
        const values = new Float64Array(n);
        let at = 0;
        for (const p of parts) {
          const pf = p.features[fi] as typeof f;
          values.set(pf.values, at);
          at += p.rowCount;
        }
        return { ...f, values };
      }
      case 'categorical': {
        const codes = new Int32Array(n);
        let at = 0;
        for (const p of parts) {
          const pf = p.features[fi] as typeof f;
          codes.set(pf.codes, at);
          at += p.rowCount;
        }
        return { ...f, codes };
      }
      case 'image': {
        const size = f.shape[0] * f.shape[1] * f.shape[2];
        const pixels = new Float32Array(n * size);
        let at = 0;
        for (const p of parts) {
          const pf = p.features[fi] as typeof f;
          pixels.set(pf.pixels, at * size);
          at += p.rowCount;
        }
        return { ...f, pixels };
      }
    }
  });
  const labels = new Int32Array(n);
  let at = 0;
  for (const p of parts) {
    labels.set(p.labels, at);
    at += p.rowCount;
  }
  return { features, labels, classes: template.classes, rowCount: n };
}
