/**
 * Stores a whole encoded `Dataset` as `ModelArtifacts` (JSON config + named Float32Arrays) and
 * reads it back bit for bit. Random oversampling and SMOTE are "models" that consist of their
 * training rows, so this is their entire serialised state.
 *
 * `ModelArtifacts` only carries Float32Arrays, and numeric features are Float64: rounding them to
 * float32 would make a reloaded random oversampler emit rows that are no longer the training rows.
 * Each float64 is therefore split into four 16-bit pieces, each stored as a small float32 integer
 * (exact, and immune to NaN canonicalisation, unlike reinterpreting the raw bytes as float32).
 */
import type { Dataset, Feature, JsonValue, ModelArtifacts } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';

/** Serialise a dataset exactly. @example const art = datasetToArtifacts(data, { k_neighbors: 5 }); */
export function datasetToArtifacts(data: Dataset, extraConfig: { [key: string]: JsonValue } = {}): ModelArtifacts {
  const arrays: Record<string, Float32Array> = { labels: Float32Array.from(data.labels) };
  const features: JsonValue[] = data.features.map((f, i): JsonValue => {
    const key = `feature.${i}`;
    switch (f.kind) {
      case 'numeric':
        arrays[key] = packFloat64(f.values);
        return { kind: 'numeric', name: f.name, integer: f.integer };
      case 'categorical':
        arrays[key] = Float32Array.from(f.codes);
        return { kind: 'categorical', name: f.name, levels: [...f.levels] };
      case 'image':
        arrays[key] = f.pixels.slice();
        return { kind: 'image', name: f.name, shape: [...f.shape] };
    }
  });
  return {
    config: { ...extraConfig, rowCount: data.rowCount, classes: [...data.classes], features },
    arrays,
  };
}

/** Inverse of `datasetToArtifacts`; throws GanAugmentError('model') on anything inconsistent. */
export function datasetFromArtifacts(artifacts: ModelArtifacts, modelName: string): Dataset {
  const fail = (what: string): never => {
    throw new GanAugmentError('model', `The saved '${modelName}' model is corrupt: ${what}.`, {
      hint: 'Refit the model (run without --load-model) and save it again.',
    });
  };
  const config = artifacts.config;
  if (config === null || typeof config !== 'object' || Array.isArray(config)) return fail('its config is not an object');
  const rowCount = config['rowCount'];
  const classes = config['classes'];
  const featureConfigs = config['features'];
  if (typeof rowCount !== 'number' || !Number.isInteger(rowCount) || rowCount < 0) return fail('rowCount is missing');
  if (!Array.isArray(classes) || !classes.every((c) => typeof c === 'string')) return fail('classes are missing');
  if (!Array.isArray(featureConfigs)) return fail('features are missing');

  const labelArray = artifacts.arrays['labels'];
  if (!labelArray || labelArray.length !== rowCount) return fail('the labels array is missing or has the wrong length');
  const labels = new Int32Array(rowCount);
  for (let i = 0; i < rowCount; i++) {
    const v = labelArray[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= classes.length) fail(`label ${v} of row ${i} is not a class index`);
    labels[i] = v;
  }

  const features = featureConfigs.map((fc, i): Feature => {
    if (fc === null || typeof fc !== 'object' || Array.isArray(fc)) return fail(`feature ${i} has no description`);
    const name = fc['name'];
    if (typeof name !== 'string') return fail(`feature ${i} has no name`);
    const array = artifacts.arrays[`feature.${i}`];
    if (!array) return fail(`the values of feature '${name}' are missing`);
    switch (fc['kind']) {
      case 'numeric': {
        if (array.length !== rowCount * 4) fail(`feature '${name}' has ${array.length / 4} values for ${rowCount} rows`);
        return { kind: 'numeric', name, integer: fc['integer'] === true, values: unpackFloat64(array, rowCount) };
      }
      case 'categorical': {
        const levels = fc['levels'];
        if (!Array.isArray(levels) || !levels.every((l) => typeof l === 'string')) return fail(`feature '${name}' has no levels`);
        if (array.length !== rowCount) fail(`feature '${name}' has ${array.length} codes for ${rowCount} rows`);
        const codes = new Int32Array(rowCount);
        for (let r = 0; r < rowCount; r++) {
          const c = array[r]!;
          if (!Number.isInteger(c) || c < -1 || c >= levels.length) fail(`feature '${name}' has code ${c}`);
          codes[r] = c;
        }
        return { kind: 'categorical', name, levels: levels as string[], codes };
      }
      case 'image': {
        const shape = fc['shape'];
        if (!Array.isArray(shape) || shape.length !== 3 || !shape.every((s) => typeof s === 'number' && Number.isInteger(s) && s > 0)) {
          return fail(`feature '${name}' has no valid shape`);
        }
        const [h, w, c] = shape as [number, number, number];
        if (array.length !== rowCount * h * w * c) fail(`feature '${name}' has the wrong number of pixels`);
        return { kind: 'image', name, shape: [h, w, c], pixels: array.slice() };
      }
      default:
        return fail(`feature '${name}' has unknown kind ${JSON.stringify(fc['kind'])}`);
    }
  });
  return { features, labels, classes: classes as string[], rowCount };
}

/** Four little-endian 16-bit pieces per float64, each an exact float32 integer in [0, 65535]. */
function packFloat64(values: Float64Array): Float32Array {
  const view = new DataView(new ArrayBuffer(8));
  const out = new Float32Array(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    view.setFloat64(0, values[i]!, true);
    for (let k = 0; k < 4; k++) out[i * 4 + k] = view.getUint16(k * 2, true);
  }
  return out;
}

function unpackFloat64(packed: Float32Array, count: number): Float64Array {
  const view = new DataView(new ArrayBuffer(8));
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < 4; k++) view.setUint16(k * 2, packed[i * 4 + k]!, true);
    out[i] = view.getFloat64(0, true);
  }
  return out;
}
