/**
 * A short real training run on MNIST digits: generated images of each requested class must be
 * recognised as that class by a fixed classifier trained on real digits (chance is 10%).
 */
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/pick.js';
import type { Dataset, ImageFeature } from '../../../src/contracts.js';
import { Rng } from '../../../src/random.js';
import { loadDigits } from '../../../fixtures/digits/mnist-digits.js';
import { cnnFactory } from '../../../plugins/classifiers/cnn.js';
import { dcganFactory } from '../../../plugins/dcgan/index.js';

const CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

function digitsDataset(perClass: number, offset: number): Dataset {
  const sel = loadDigits(Array(10).fill(perClass), offset);
  return { features: [{ kind: 'image', name: 'image', pixels: sel.pixels, shape: [28, 28, 1] }], labels: sel.digits, classes: CLASSES, rowCount: sel.rows };
}

describe('dcgan on digits', () => {
  it('generates images a classifier trained on real digits recognises as the requested class', async () => {
    const backend = await initBackend('auto');
    // Judge: a CNN trained on real digits disjoint from the GAN's training images.
    const judgeData = digitsDataset(60, 600);
    const judge = cnnFactory.create({ minSteps: 100 });
    const pixelsOf = (d: Dataset): Float32Array => (d.features[0] as ImageFeature).pixels;
    await judge.fit({ data: pixelsOf(judgeData), rows: judgeData.rowCount, cols: 784, imageShape: [28, 28, 1] }, judgeData.labels, { rng: new Rng(7), classCount: 10 });
    const holdout = digitsDataset(20, 800);
    const realAccuracy = accuracyByClass(await judge.predictProba({ data: pixelsOf(holdout), rows: holdout.rowCount, cols: 784 }), holdout.labels);

    const gan = dcganFactory.create({ generatorWidth: 32, discriminatorWidth: 16 });
    const started = performance.now();
    const report = await gan.fit(digitsDataset(40, 0), { rng: new Rng(1), epochs: 8 });
    const fitSeconds = (performance.now() - started) / 1000;
    const synthetic = await gan.sample(new Map(CLASSES.map((_, c) => [c, 20])), new Rng(2));
    gan.dispose();
    const probs = await judge.predictProba({ data: pixelsOf(synthetic), rows: synthetic.rowCount, cols: 784, imageShape: [28, 28, 1] });
    judge.dispose();
    const perClass = accuracyByClass(probs, synthetic.labels);
    const mean = perClass.reduce((a, b) => a + b, 0) / perClass.length;
    console.log(
      `[dcgan quality] backend ${backend.name}; fit ${fitSeconds.toFixed(1)} s for ${report.epochs} epochs of 400 images; ` +
        `judge accuracy on real ${mean2(realAccuracy)}, on generated ${mean.toFixed(2)} (per class ${perClass.map((a) => a.toFixed(2)).join(' ')})`,
    );
    expect(report.history).toHaveLength(8);
    expect(mean).toBeGreaterThan(0.6);
    for (const a of perClass) expect(a).toBeGreaterThanOrEqual(0.3);
  });
});

function accuracyByClass(probs: Float32Array, labels: Int32Array): number[] {
  const hits = new Array<number>(10).fill(0);
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let k = 1; k < 10; k++) if (probs[i * 10 + k]! > probs[i * 10 + best]!) best = k;
    counts[labels[i]!]!++;
    if (best === labels[i]) hits[labels[i]!]!++;
  }
  return hits.map((h, c) => h / Math.max(1, counts[c]!));
}

function mean2(values: number[]): string {
  return (values.reduce((a, b) => a + b, 0) / values.length).toFixed(2);
}
