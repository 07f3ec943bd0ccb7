/**
 * One real DCGAN training step (a discriminator update then a generator update) over the same
 * networks and trainer `fit` uses, on random images, for the training-speed benchmark.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../src/random.js';
import { buildNetworks, disposeNetworks, networksToArrays } from '../../plugins/dcgan/networks.js';
import { parseDcganParams } from '../../plugins/dcgan/params.js';
import { DcganTrainer } from '../../plugins/dcgan/train.js';

export interface DcganBenchOptions {
  readonly batchSize: number;
  readonly imageShape: readonly [number, number, number];
  readonly classes: number;
  readonly seed: number;
}

/** The image benchmark's shape: MNIST-sized greyscale digits, 10 classes, batch 64. */
export const IMAGE_BENCH: DcganBenchOptions = { batchSize: 64, imageShape: [28, 28, 1], classes: 10, seed: 1 };

/**
 * @example
 * const bench = buildDcganBenchStep({ batchSize: 32, imageShape: [28, 28, 1], classes: 10, seed: 1 });
 * bench.step(); // one D step + one G step
 * bench.dispose();
 */
export function buildDcganBenchStep(opts: DcganBenchOptions): { step(): void; weights(): Record<string, Float32Array>; dispose(): void } {
  const params = parseDcganParams({});
  const [height, width, channels] = opts.imageShape;
  const rng = new Rng(opts.seed);
  const nets = buildNetworks(
    { height, width, channels, classes: opts.classes, noiseDim: params.noiseDim, generatorWidth: params.generatorWidth, discriminatorWidth: params.discriminatorWidth },
    rng.fork('init'),
  );
  const trainer = new DcganTrainer(nets, params);
  const data = rng.fork('data');
  const pixels = new Float32Array(opts.batchSize * height * width * channels);
  for (let i = 0; i < pixels.length; i++) pixels[i] = data.next();
  const labels = new Int32Array(opts.batchSize);
  for (let i = 0; i < labels.length; i++) labels[i] = data.int(opts.classes);
  const real = tf.tensor4d(pixels, [opts.batchSize, height, width, channels]);
  const y = tf.tensor1d(labels, 'int32');
  const stepRng = rng.fork('train');
  return {
    step() {
      trainer.step(real, y, stepRng);
    },
    weights: () => networksToArrays(nets),
    dispose() {
      trainer.dispose();
      disposeNetworks(nets);
      real.dispose();
      y.dispose();
    },
  };
}
