/**
 * The DCGAN training step and loop.
 *
 * Losses (per batch, classes y of the real rows reused for the fakes so the discriminator cannot
 * tell real from fake by class frequency):
 *   D: softplus(-D(x, y)) + softplus(D(G(z, y), y)) + auxWeight * CE(aux(x), y)
 *   G: softplus(-D(G(z, y), y)) + auxWeight * CE(aux(G(z, y)), y)
 * i.e. the non-saturating GAN loss on a projection discriminator, plus the AC-GAN auxiliary class
 * loss (the auxiliary head learns on real images only, so it never learns to classify bad fakes).
 */
import * as tf from '@tensorflow/tfjs';
import type { FitReport } from '../../src/contracts.js';
import type { ProgressSink } from '../../src/progress.js';
import type { Rng } from '../../src/random.js';
import { DcganAdam } from './adam.js';
import { generatorGradients } from './generator-backward.js';
import {
  discriminate,
  discriminatorTrainables,
  generate,
  generateTraced,
  generatorTrainables,
  type BatchNormMoments,
  type DcganNetworks,
} from './networks.js';

export interface TrainSettings {
  readonly lr: number;
  readonly beta1: number;
  readonly dropout: number;
  readonly auxWeight: number;
}

export interface StepLosses {
  readonly lossD: number;
  readonly lossG: number;
  /** Mean sigmoid(D) on real and on fake images, a quick health signal. */
  readonly dReal: number;
  readonly dFake: number;
}

/** One optimiser pair over one set of networks; `step` runs one D update then one G update. */
export class DcganTrainer {
  private readonly optD: DcganAdam;
  private readonly optG: DcganAdam;
  private readonly reuseGeneratorPass: boolean;

  /**
   * `reuseGeneratorPass: false` runs the G update's own taped generator pass (the same values,
   * one more forward pass; for tests comparing the two).
   */
  constructor(
    private readonly nets: DcganNetworks,
    private readonly settings: TrainSettings,
    options: { readonly reuseGeneratorPass?: boolean } = {},
  ) {
    this.reuseGeneratorPass = options.reuseGeneratorPass ?? true;
    const adam = { lr: settings.lr, beta1: settings.beta1, beta2: 0.999 };
    this.optD = new DcganAdam(discriminatorTrainables(nets.discriminator), adam);
    this.optG = new DcganAdam(generatorTrainables(nets.generator), adam);
  }

  /**
   * One step on real images [B, H, W, C] with class indices [B]. Noise and dropout seeds come from
   * `rng`; every intermediate tensor is released before returning.
   */
  step(real: tf.Tensor4D, labels: tf.Tensor1D, rng: Rng): StepLosses {
    const { nets, settings } = this;
    const batch = real.shape[0];
    const s = nets.shape;
    const noiseValues = new Float32Array(batch * s.noiseDim);
    for (let i = 0; i < noiseValues.length; i++) noiseValues[i] = rng.normal();
    const seedD = rng.seed32();
    const seedG = rng.seed32();
    return tf.tidy(() => {
      const noise = tf.tensor2d(noiseValues, [batch, s.noiseDim]);
      const onehot = tf.oneHot(labels, s.classes).toFloat() as tf.Tensor2D;
      // Traced (where the fused batch norm runs) so the G update below reuses this very pass.
      const trace = this.reuseGeneratorPass ? generateTraced(nets, noise, onehot) : undefined;
      const fake = trace?.images ?? generate(nets, noise, onehot, true);
      let dReal = 0;
      let dFake = 0;
      const lossD = this.optD.minimize(
        () => {
          const out = discriminate(nets, tf.concat([real, fake], 0), tf.concat([onehot, onehot], 0), settings.dropout, seedD);
          const [realLogit, fakeLogit] = tf.split(out.realism, 2);
          dReal = tf.mean(tf.sigmoid(realLogit!)).dataSync()[0]!;
          dFake = tf.mean(tf.sigmoid(fakeLogit!)).dataSync()[0]!;
          const adversarial = tf.add(tf.mean(tf.softplus(tf.neg(realLogit!))), tf.mean(tf.softplus(fakeLogit!)));
          if (settings.auxWeight === 0) return adversarial as tf.Scalar;
          const realClassLogits = tf.slice(out.classLogits, [0, 0], [batch, s.classes]);
          const aux = tf.losses.softmaxCrossEntropy(onehot, realClassLogits);
          return tf.add(adversarial, tf.mul(aux, settings.auxWeight)) as tf.Scalar;
        },
      );
      const lossOfFakes = (images: tf.Tensor4D): tf.Scalar => {
        const out = discriminate(nets, images, onehot, settings.dropout, seedG);
        const adversarial = tf.mean(tf.softplus(tf.neg(out.realism)));
        if (settings.auxWeight === 0) return adversarial as tf.Scalar;
        const aux = tf.losses.softmaxCrossEntropy(onehot, out.classLogits);
        return tf.add(adversarial, tf.mul(aux, settings.auxWeight)) as tf.Scalar;
      };
      let lossG: tf.Scalar;
      if (trace !== undefined) {
        // The generator's weights have not changed since `fake`: backprop to the images, then
        // through the traced pass by hand (same kernels, same values as the taped G step).
        const { value, grad } = tf.valueAndGrad(lossOfFakes)(trace.images);
        this.optG.apply(generatorGradients(nets, trace, grad as tf.Tensor4D));
        lossG = value as tf.Scalar;
      } else {
        lossG = this.optG.minimize(() => lossOfFakes(generate(nets, noise, onehot, true)));
      }
      return { lossD: lossD.dataSync()[0]!, lossG: lossG.dataSync()[0]!, dReal, dFake };
    });
  }

  dispose(): void {
    this.optD.dispose();
    this.optG.dispose();
  }
}

export interface TrainData {
  /** All training images [N, H, W, C] in [0, 1]. */
  readonly images: tf.Tensor4D;
  /** Class index per image [N]. */
  readonly labels: tf.Tensor1D;
  readonly rows: number;
}

export interface LoopOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly rng: Rng;
  readonly signal?: AbortSignal;
  readonly progress?: ProgressSink;
}

/**
 * Train for `epochs` passes over shuffled batches (the last, partial batch of an epoch is dropped
 * when there is more than one batch, so batch statistics stay comparable). Emits one 'fit'
 * progress event per epoch with loss_g, loss_d and images_per_s, and returns the history.
 * Yields to the event loop between epochs.
 */
export async function trainLoop(trainer: DcganTrainer, data: TrainData, options: LoopOptions): Promise<FitReport> {
  const started = performance.now();
  const history: Array<Record<string, number>> = [];
  const order = options.rng.fork('batches');
  const noise = options.rng.fork('noise');
  const batchSize = Math.min(options.batchSize, data.rows);
  const steps = Math.max(1, Math.floor(data.rows / batchSize));
  let epoch = 0;
  for (; epoch < options.epochs; epoch++) {
    if (options.signal?.aborted) break;
    const epochStart = performance.now();
    const perm = order.permutation(data.rows);
    let sumD = 0;
    let sumG = 0;
    let sumReal = 0;
    let sumFake = 0;
    let seen = 0;
    let done = 0;
    for (let step = 0; step < steps; step++) {
      if (options.signal?.aborted) break;
      const idx = perm.subarray(step * batchSize, (step + 1) * batchSize);
      const batch = tf.tidy(() => {
        const at = tf.tensor1d(idx, 'int32');
        return { real: tf.gather(data.images, at) as tf.Tensor4D, labels: tf.gather(data.labels, at) as tf.Tensor1D };
      });
      const losses = trainer.step(batch.real, batch.labels, noise);
      batch.real.dispose();
      batch.labels.dispose();
      sumD += losses.lossD;
      sumG += losses.lossG;
      sumReal += losses.dReal;
      sumFake += losses.dFake;
      seen += idx.length;
      done++;
    }
    if (done === 0) break;
    const seconds = (performance.now() - epochStart) / 1000;
    const entry = {
      epoch: epoch + 1,
      loss_d: sumD / done,
      loss_g: sumG / done,
      d_real: sumReal / done,
      d_fake: sumFake / done,
      images_per_s: seen / seconds,
      seconds,
    };
    history.push(entry);
    options.progress?.({
      phase: 'fit',
      done: epoch + 1,
      total: options.epochs,
      unit: 'epoch',
      metrics: { loss_g: entry.loss_g, loss_d: entry.loss_d, images_per_s: entry.images_per_s },
    });
    if (done < steps) {
      epoch++;
      break;
    }
    // Let timers and I/O run between epochs (an AbortSignal fired by a timer, the progress bar).
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { epochs: history.length, seconds: (performance.now() - started) / 1000, history };
}

/**
 * Set the generator's sampling-time batch-norm statistics to the average batch statistics over
 * `batches` training-mode passes (noise from `rng`, classes drawn like the training labels).
 * Done once after training, this is cheaper than running averages at every step and matches
 * what the generator saw at the end of training.
 */
export function calibrateBatchNorm(nets: DcganNetworks, labelPool: Int32Array, batchSize: number, rng: Rng, batches = 8): void {
  const s = nets.shape;
  const g = nets.generator;
  const acc = { mean0: new Float64Array(s.generatorWidth), var0: new Float64Array(s.generatorWidth), mean1: new Float64Array(s.generatorWidth / 2), var1: new Float64Array(s.generatorWidth / 2) };
  for (let b = 0; b < batches; b++) {
    const noise = new Float32Array(batchSize * s.noiseDim);
    for (let i = 0; i < noise.length; i++) noise[i] = rng.normal();
    const labels = new Int32Array(batchSize);
    for (let i = 0; i < batchSize; i++) labels[i] = labelPool[rng.int(labelPool.length)]!;
    tf.tidy(() => {
      const onehot = tf.oneHot(tf.tensor1d(labels, 'int32'), s.classes).toFloat() as tf.Tensor2D;
      generate(nets, tf.tensor2d(noise, [batchSize, s.noiseDim]), onehot, true, (m: BatchNormMoments) => {
        for (const key of ['mean0', 'var0', 'mean1', 'var1'] as const) {
          const values = m[key].dataSync();
          const target = acc[key];
          for (let i = 0; i < target.length; i++) target[i] = target[i]! + values[i]! / batches;
        }
      });
    });
  }
  tf.tidy(() => {
    g.bn0Mean.assign(tf.tensor1d(Float32Array.from(acc.mean0)));
    g.bn0Var.assign(tf.tensor1d(Float32Array.from(acc.var0)));
    g.bn1Mean.assign(tf.tensor1d(Float32Array.from(acc.mean1)));
    g.bn1Var.assign(tf.tensor1d(Float32Array.from(acc.var1)));
  });
}
