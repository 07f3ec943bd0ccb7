/**
 * A fitted CTGAN: the transformer, the condition statistics and the networks, plus how to build
 * one from training data and how to generate rows of a given class from it.
 */
import * as tf from '@tensorflow/tfjs';
import type { CategoricalFeature, Dataset, Feature } from '../../src/contracts.js';
import type { Rng } from '../../src/random.js';
import { activate, buildNetworks, disposeNetworks, generatorForward, type Critic, type Generator, type NetworkShape } from './networks.js';
import { noiseWithCondition } from './noise.js';
import { conditionWidth, samplingConditions, slotOffsets, TrainingSampler, type ConditionStats } from './sampler.js';
import type { ConditionedSpan } from './train.js';
import {
  categoricalSlotIndex,
  columnOffsets,
  fitTransformer,
  inverseTransform,
  outputSpans,
  outputWidth,
  transform,
  type CategoricalColumnState,
  type TransformerState,
} from './transformer.js';

export interface CtganModel {
  readonly transformer: TransformerState;
  readonly conditions: ConditionStats;
  readonly classes: readonly string[];
  readonly shape: NetworkShape;
  readonly generator: Generator;
  readonly critic: Critic;
}

/** Everything training needs: the encoded matrix, the sampler and the freshly built networks. */
export interface PreparedTraining {
  readonly model: CtganModel;
  readonly matrix: Float32Array;
  readonly sampler: TrainingSampler;
  readonly conditioned: ConditionedSpan[];
  /**
   * The encoded matrix and a training sampler over only these rows of `train` (ascending), with the
   * same condition layout: the fine-tuning phase of trainOn 'pretrain'.
   */
  restrictTo(rows: readonly number[]): { matrix: Float32Array; sampler: TrainingSampler };
}

/**
 * Encode `train` and build untrained networks for it.
 * `shape` gives the network sizes; its condDim and dataDim are filled in from the data.
 */
export function prepareTraining(
  train: Dataset,
  shape: Omit<NetworkShape, 'condDim' | 'dataDim'>,
  rng: Rng,
  classSampling: 'log' | 'even' = 'log',
): PreparedTraining {
  const transformer = fitTransformer(train, rng.fork('transformer'));
  const matrix = transform(transformer, train, rng.fork('encode'));
  const catIndexes = transformer.columns.flatMap((c, i) => (c.kind === 'categorical' ? [i] : []));
  const slots = catIndexes.map((i) =>
    categoricalSlotIndex(transformer.columns[i] as CategoricalColumnState, (train.features[i] as CategoricalFeature).codes),
  );
  const slotCounts = catIndexes.map((i) => (transformer.columns[i] as CategoricalColumnState).slots.length);
  const sampler = new TrainingSampler(train.labels, train.classes.length, slots, slotCounts, classSampling);
  const conditions = sampler.conditionStats;
  const offsets = columnOffsets(transformer);
  const condOffsets = slotOffsets(conditions);
  const conditioned = catIndexes.map((ci, j) => ({ outputStart: offsets[ci]!, condStart: condOffsets[j]!, width: slotCounts[j]! }));
  const full: NetworkShape = { ...shape, condDim: conditionWidth(conditions), dataDim: outputWidth(transformer) };
  const { generator, critic } = buildNetworks(full, outputSpans(transformer), rng.fork('init'));
  const dataDim = full.dataDim;
  const restrictTo = (rows: readonly number[]): { matrix: Float32Array; sampler: TrainingSampler } => {
    const sub = new Float32Array(rows.length * dataDim);
    rows.forEach((r, i) => sub.set(matrix.subarray(r * dataDim, (r + 1) * dataDim), i * dataDim));
    const pick = (a: Int32Array): Int32Array => Int32Array.from(rows, (r) => a[r]!);
    return { matrix: sub, sampler: new TrainingSampler(pick(train.labels), train.classes.length, slots.map(pick), slotCounts, classSampling) };
  };
  return { model: { transformer, conditions, classes: [...train.classes], shape: full, generator, critic }, matrix, sampler, conditioned, restrictTo };
}

/** Rows generated per forward pass when sampling. */
const SAMPLE_CHUNK = 500;

/**
 * Generate `count` rows of class `classIndex`, decoded to features. Draws from `rng` only, and the
 * generator uses BatchNorm's running statistics, so a row does not depend on its batch-mates.
 * `noiseScale` shrinks the latent noise (params.ts).
 */
export function generateRows(model: CtganModel, classIndex: number, count: number, rng: Rng, noiseScale = 1): Feature[] {
  const width = outputWidth(model.transformer);
  const rows = new Float32Array(count * width);
  const spans = model.generator.spans;
  for (let start = 0; start < count; start += SAMPLE_CHUNK) {
    const n = Math.min(SAMPLE_CHUNK, count - start);
    const cond = samplingConditions(model.conditions, classIndex, n, rng);
    const noiseSeed = rng.seed32();
    const gumbelSeed = rng.seed32();
    const out = tf.tidy(() => {
      const input = noiseWithCondition(n, model.shape.embeddingDim, cond, noiseSeed, noiseScale);
      return activate(generatorForward(model.generator, input, false), spans, gumbelSeed);
    });
    rows.set(out.dataSync(), start * width);
    out.dispose();
  }
  return inverseTransform(model.transformer, rows, count);
}

export function disposeModel(model: CtganModel): void {
  disposeNetworks(model.generator, model.critic);
}
