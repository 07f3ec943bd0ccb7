/**
 * The fitted critic's verdict on single rows, for the stage's `--filter critic`: each row is
 * encoded as the critic saw real rows, given its class as the condition, and scored in a pack of
 * `pac` copies of itself (the PacGAN critic scores packs, not rows). The condition's categorical
 * part is one column's value, as in training; the score is the mean over the columns, so no
 * random column choice enters it. Higher: more like the real rows of that class.
 */
import * as tf from '@tensorflow/tfjs';
import type { CategoricalFeature, Dataset } from '../../src/contracts.js';
import type { Rng } from '../../src/random.js';
import type { CtganModel } from './model.js';
import { criticForward } from './networks.js';
import { conditionWidth, slotOffsets } from './sampler.js';
import { categoricalSlotIndex, outputWidth, transform, type CategoricalColumnState } from './transformer.js';

/** Rows scored per critic pass (each becomes `pac` input rows). */
const SCORE_CHUNK = 256;

/**
 * @example const scores = criticScores(model, candidates, rng.fork('encode')); // one per row
 */
export function criticScores(model: CtganModel, rows: Dataset, rng: Rng): Float64Array {
  const n = rows.rowCount;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const encoded = transform(model.transformer, rows, rng);
  const dataDim = outputWidth(model.transformer);
  const condDim = conditionWidth(model.conditions);
  const offsets = slotOffsets(model.conditions);
  const catColumns = model.transformer.columns.flatMap((c, i) => (c.kind === 'categorical' ? [i] : []));
  const slots = catColumns.map((i) => categoricalSlotIndex(model.transformer.columns[i] as CategoricalColumnState, (rows.features[i] as CategoricalFeature).codes));
  // One pass per conditioned column (or one class-only pass without categoricals).
  const passes = Math.max(1, slots.length);
  const pac = model.critic.pac;
  const width = dataDim + condDim;
  for (let start = 0; start < n; start += SCORE_CHUNK) {
    const m = Math.min(SCORE_CHUNK, n - start);
    for (let p = 0; p < passes; p++) {
      const input = new Float32Array(m * pac * width);
      for (let i = 0; i < m; i++) {
        const r = start + i;
        const row = input.subarray(i * pac * width, (i * pac + 1) * width);
        row.set(encoded.subarray(r * dataDim, (r + 1) * dataDim));
        row[dataDim + rows.labels[r]!] = 1;
        const slot = slots[p]?.[r] ?? -1;
        if (slot >= 0) row[dataDim + offsets[p]! + slot] = 1;
        for (let copy = 1; copy < pac; copy++) input.copyWithin((i * pac + copy) * width, i * pac * width, (i * pac + 1) * width);
      }
      const scores = tf.tidy(() => criticForward(model.critic, tf.tensor2d(input, [m * pac, width]), undefined));
      const values = scores.dataSync();
      scores.dispose();
      for (let i = 0; i < m; i++) out[start + i]! += values[i]! / passes;
    }
  }
  return out;
}
