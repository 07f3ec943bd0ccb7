/**
 * The class-conditional DCGAN as a `Synthesizer`: fit on one image feature, sample images of the
 * requested classes, save and load. The networks are in networks.ts, the step and loop in train.ts.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset, FitOptions, FitReport, ImageFeature, ModelArtifacts, Synthesizer } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';
import type { ProgressSink } from '../../src/progress.js';
import type { Rng } from '../../src/random.js';
import { stateToArtifacts, type DcganSavedState } from './artifacts.js';
import { buildNetworks, disposeNetworks, generate, networksFromArrays, networksToArrays, type DcganNetworks, type DcganShape } from './networks.js';
import { DEFAULT_BATCH, DEFAULT_EPOCHS, dcganParamsToJson, type DcganParams } from './params.js';
import { DcganTrainer, calibrateBatchNorm, trainLoop } from './train.js';

/** Images generated per forward pass when sampling (bounds memory, not results). */
const SAMPLE_CHUNK = 256;

interface Fitted {
  readonly nets: DcganNetworks;
  readonly featureName: string;
  readonly classes: readonly string[];
}

export class DcganSynthesizer implements Synthesizer {
  readonly name = 'dcgan';
  private fitted: Fitted | undefined;
  /**
   * A loaded model's validated state, turned into tensors on first use: loading may happen
   * before any TensorFlow.js backend is initialised, and creating variables needs one.
   */
  private loaded: DcganSavedState | undefined;

  constructor(private readonly params: DcganParams, loaded?: DcganSavedState) {
    this.loaded = loaded;
  }

  private current(): Fitted | undefined {
    if (!this.fitted && this.loaded) {
      const state = this.loaded;
      this.fitted = { nets: networksFromArrays(state.shape, state.arrays), featureName: state.featureName, classes: state.classes };
      this.loaded = undefined;
    }
    return this.fitted;
  }

  async fit(data: Dataset, options: FitOptions, progress?: ProgressSink): Promise<FitReport> {
    const feature = imageFeatureOf(data);
    const [height, width, channels] = feature.shape;
    checkImageShape(feature);
    const epochs = options.epochs ?? this.params.epochs ?? DEFAULT_EPOCHS;
    if (!Number.isInteger(epochs) || epochs < 1) throw new GanAugmentError('usage', `--epochs ${epochs}: must be a positive integer.`);
    const batchSize = options.batchSize ?? this.params.batchSize ?? Math.min(DEFAULT_BATCH, data.rowCount);
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new GanAugmentError('usage', `--batch-size ${batchSize}: must be a positive integer.`);
    if (data.rowCount < 2) throw new GanAugmentError('data', `dcgan: needs at least 2 images to train, got ${data.rowCount}.`);
    this.dispose();
    const shape: DcganShape = {
      height,
      width,
      channels,
      classes: data.classes.length,
      noiseDim: this.params.noiseDim,
      generatorWidth: this.params.generatorWidth,
      discriminatorWidth: this.params.discriminatorWidth,
    };
    const rng = options.rng;
    const nets = buildNetworks(shape, rng.fork('init'));
    startAtDataMean(nets, feature);
    this.fitted = { nets, featureName: feature.name, classes: [...data.classes] };
    const images = tf.tensor4d(feature.pixels, [data.rowCount, height, width, channels]);
    const labels = tf.tensor1d(data.labels, 'int32');
    const trainer = new DcganTrainer(nets, this.params);
    try {
      const report = await trainLoop(trainer, { images, labels, rows: data.rowCount }, {
        epochs,
        batchSize: Math.min(batchSize, data.rowCount),
        rng: rng.fork('train'),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(progress ? { progress } : {}),
      });
      calibrateBatchNorm(nets, data.labels, Math.min(batchSize, data.rowCount), rng.fork('calibration'));
      return report;
    } finally {
      trainer.dispose();
      images.dispose();
      labels.dispose();
    }
  }

  async sample(counts: ReadonlyMap<number, number>, rng: Rng, progress?: ProgressSink): Promise<Dataset> {
    const fitted = this.current();
    if (!fitted) throw new GanAugmentError('model', 'dcgan: sample() was called before fit() or loading a model.');
    const s = fitted.nets.shape;
    const size = s.height * s.width * s.channels;
    let total = 0;
    for (const [cls, n] of counts) {
      if (!Number.isInteger(cls) || cls < 0 || cls >= s.classes) {
        throw new GanAugmentError('data', `dcgan: class index ${cls} is not one of the ${s.classes} classes the model was trained on.`);
      }
      if (!Number.isInteger(n) || n < 0) throw new GanAugmentError('data', `dcgan: cannot sample ${n} rows of class '${fitted.classes[cls]}'.`);
      total += n;
    }
    const pixels = new Float32Array(total * size);
    const labels = new Int32Array(total);
    let row = 0;
    for (const [cls, n] of counts) {
      for (let start = 0; start < n; start += SAMPLE_CHUNK) {
        const m = Math.min(SAMPLE_CHUNK, n - start);
        const noise = new Float32Array(m * s.noiseDim);
        for (let i = 0; i < noise.length; i++) noise[i] = rng.normal();
        const out = tf.tidy(() => {
          const onehot = tf.oneHot(tf.fill([m], cls, 'int32') as tf.Tensor1D, s.classes).toFloat() as tf.Tensor2D;
          return generate(fitted.nets, tf.tensor2d(noise, [m, s.noiseDim]), onehot, false);
        });
        pixels.set(out.dataSync() as Float32Array, row * size);
        out.dispose();
        labels.fill(cls, row, row + m);
        row += m;
        progress?.({ phase: 'sample', done: row, total, unit: 'rows' });
      }
    }
    const feature: ImageFeature = { kind: 'image', name: fitted.featureName, pixels, shape: [s.height, s.width, s.channels] };
    return { features: [feature], labels, classes: fitted.classes, rowCount: total };
  }

  async serialize(): Promise<ModelArtifacts> {
    const fitted = this.current();
    if (!fitted) throw new GanAugmentError('model', 'dcgan: nothing to save: the model was not fitted.');
    return stateToArtifacts({
      featureName: fitted.featureName,
      classes: fitted.classes,
      shape: fitted.nets.shape,
      params: dcganParamsToJson(this.params),
      arrays: networksToArrays(fitted.nets),
    });
  }

  dispose(): void {
    if (this.fitted) disposeNetworks(this.fitted.nets);
    this.fitted = undefined;
    this.loaded = undefined;
  }
}

/**
 * Start the generator's output bias at the logit of each channel's mean pixel, so the first
 * samples already have the data's brightness (MNIST is mostly black) instead of mid-grey: the
 * adversarial game then starts on shapes, which saves many steps on a CPU budget.
 */
function startAtDataMean(nets: DcganNetworks, feature: ImageFeature): void {
  const c = feature.shape[2];
  const sums = new Float64Array(c);
  for (let i = 0; i < feature.pixels.length; i++) sums[i % c] = sums[i % c]! + feature.pixels[i]!;
  const count = feature.pixels.length / c;
  const logits = Float32Array.from(sums, (sum) => {
    const mean = Math.min(0.99, Math.max(0.01, sum / count));
    return Math.log(mean / (1 - mean));
  });
  tf.tidy(() => nets.generator.up2Bias.assign(tf.tensor1d(logits)));
}

/** The dataset's single image feature; anything else is refused with a message naming it. */
function imageFeatureOf(data: Dataset): ImageFeature {
  const images = data.features.filter((f): f is ImageFeature => f.kind === 'image');
  const others = data.features.filter((f) => f.kind !== 'image');
  if (images.length !== 1 || others.length > 0) {
    const names = data.features.map((f) => `'${f.name}' (${f.kind})`).join(', ') || 'none';
    throw new GanAugmentError('data', `dcgan models exactly one image column and nothing else; the data has: ${names}.`, {
      hint: 'Mark other columns as ignored, or use --model ctgan for tabular data.',
    });
  }
  return images[0]!;
}

/** The two stride-2 upsamplings need height and width divisible by 4. */
function checkImageShape(feature: Pick<ImageFeature, 'name' | 'shape'>): void {
  const [h, w, c] = feature.shape;
  if (h % 4 !== 0 || w % 4 !== 0 || h < 4 || w < 4) {
    const up = (n: number): number => Math.max(4, Math.ceil(n / 4) * 4);
    throw new GanAugmentError('data', `Column '${feature.name}': images are ${h}x${w}x${c}, but dcgan needs height and width divisible by 4 (two stride-2 layers).`, {
      hint: `Pad or resize the images to e.g. ${up(h)}x${up(w)}x${c} and pass --image-shape ${up(h)}x${up(w)}x${c}.`,
    });
  }
}
