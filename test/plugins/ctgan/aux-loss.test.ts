/** The auxiliary classifier loss pushes generated rows towards the requested class's region. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/pick.js';
import type { Dataset } from '../../../src/contracts.js';
import { Rng } from '../../../src/random.js';
import { auxiliaryLoss, auxProbabilities, disposeAuxClassifier, fitAuxClassifier } from '../../../plugins/ctgan/aux-classifier.js';
import { ctganFactory } from '../../../plugins/ctgan/index.js';

/** Two overlapping classes on x (N(0, 1) vs N(1.2, 1)), a second column of noise; the boundary at equal priors is x = 0.6. */
function overlap(seed: number): Dataset {
  const rng = new Rng(seed);
  const n0 = 300;
  const n1 = 100;
  const labels = Int32Array.from({ length: n0 + n1 }, (_, i) => (i < n0 ? 0 : 1));
  return {
    features: [
      { kind: 'numeric', name: 'x', values: Float64Array.from(labels, (l) => (l === 1 ? 1.2 : 0) + rng.normal()), integer: false },
      { kind: 'numeric', name: 'noise', values: Float64Array.from(labels, () => rng.normal()), integer: false },
    ],
    labels,
    classes: ['major', 'minor'],
    rowCount: n0 + n1,
  };
}

/** Share of generated minority rows beyond the boundary, into the minority's side. */
async function minoritySide(auxWeight: number): Promise<number> {
  const synth = ctganFactory.create({ embeddingDim: 16, generatorDims: [32, 32], criticDims: [32, 32], lr: 1e-3, trainOn: 'all', classSampling: 'even', auxWeight });
  await synth.fit(overlap(1), { rng: new Rng(2), epochs: 80 });
  const out = await synth.sample(new Map([[1, 1000]]), new Rng(3));
  synth.dispose();
  const x = out.features[0]!;
  if (x.kind !== 'numeric') throw new Error('x must be numeric');
  return x.values.filter((v) => v > 0.6).length / x.values.length;
}

describe('ctgan auxiliary classifier loss', () => {
  beforeAll(async () => {
    await initBackend();
  });

  it('the fitted classifier separates the classes and its loss is clamped from below', () => {
    // One-column encoding: x itself (the loss only needs a matrix in the generator's layout).
    const data = overlap(4);
    const x = Float32Array.from((data.features[0] as { values: Float64Array }).values);
    const aux = fitAuxClassifier(x, data.labels, 1, 2, { weight: 1, floor: 0.2877 });
    const p = auxProbabilities(aux, Float32Array.of(-2, 3), 1);
    expect(p[1]).toBeLessThan(0.2); // x = -2: the majority's side
    expect(p[3]).toBeGreaterThan(0.8); // x = 3: the minority's side
    const loss = (v: number, cls: number): number =>
      tf.tidy(() => auxiliaryLoss(aux, tf.tensor2d([v], [1, 1]), tf.oneHot(tf.tensor1d([cls], 'int32'), 2).toFloat() as tf.Tensor2D).dataSync()[0]!);
    expect(loss(6, 1)).toBeCloseTo(0.2877, 4); // confidently right: only the floor
    expect(loss(-2, 1)).toBeGreaterThan(1); // the other class's region: a real push
    disposeAuxClassifier(aux);
  });

  it('moves generated minority rows out of the overlap, towards the minority side', async () => {
    const without = await minoritySide(0);
    const withAux = await minoritySide(1);
    console.log(`aux test: share of minority rows beyond x = 0.6: ${without.toFixed(3)} without, ${withAux.toFixed(3)} with the aux loss`);
    // Measured 0.398 -> 0.997 at weight 1 (seeds fixed): a weight this large overshoots the real
    // minority (73% beyond the boundary), which is why the option is meant for small weights.
    expect(withAux).toBeGreaterThan(without + 0.2);
  }, 120_000);
});
