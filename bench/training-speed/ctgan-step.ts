/**
 * One real CTGAN training step on random data of a given shape, for the training-speed benchmark.
 * It builds the same transformer, sampler, networks and trainer as `fit` (no second model), so
 * speed-ups measured here are speed-ups of the plugin.
 */
import type { Dataset, Feature } from '../../src/contracts.js';
import { Rng } from '../../src/random.js';
import { disposeModel, prepareTraining } from '../../plugins/ctgan/model.js';
import { parseParams, resolveBatchAndPac } from '../../plugins/ctgan/params.js';
import { namedWeights } from '../../plugins/ctgan/networks.js';
import { CtganTrainer } from '../../plugins/ctgan/train.js';

export interface CtganBenchOptions {
  readonly rows: number;
  readonly numeric: number;
  readonly categoricalLevels: readonly number[];
  readonly batchSize: number;
  readonly seed: number;
}

/**
 * @example
 * const bench = buildCtganBenchStep({ rows: 1000, numeric: 7, categoricalLevels: [4, 5, 10], batchSize: 500, seed: 1 });
 * bench.step(); // one critic step + one generator step
 * bench.dispose();
 */
export function buildCtganBenchStep(opts: CtganBenchOptions): { step(): void; weights(): Record<string, Float32Array>; dispose(): void } {
  const rng = new Rng(opts.seed);
  const { params, prepared } = prepareCtganBench(opts, rng);
  const trainer = new CtganTrainer(prepared.model.generator, prepared.model.critic, params.embeddingDim, prepared.conditioned);
  const trainRng = rng.fork('train');
  return {
    step() {
      trainer.step(prepared.matrix, prepared.model.shape.dataDim, prepared.sampler, opts.batchSize, trainRng);
    },
    weights: () => Object.fromEntries([...namedWeights(prepared.model.generator, prepared.model.critic)].map(([name, v]) => [name, Float32Array.from(v.dataSync())])),
    dispose() {
      trainer.dispose();
      disposeModel(prepared.model);
    },
  };
}

/**
 * The plugin's default parameters at the bench's batch size, and the model, sampler and training
 * matrix `fit` would prepare for `ctganBenchDataset` (the caller disposes `prepared.model`).
 * `ctgan-layout.ts` reads the layout of the very networks the step trains.
 */
export function prepareCtganBench(opts: CtganBenchOptions, rng: Rng): { params: ReturnType<typeof parseParams>; data: Dataset; prepared: ReturnType<typeof prepareTraining> } {
  const params = parseParams({ batchSize: opts.batchSize });
  const data = ctganBenchDataset(opts, rng.fork('data'));
  const pac = resolveBatchAndPac(opts.batchSize, params.pac, opts.rows).pac;
  const prepared = prepareTraining(data, { embeddingDim: params.embeddingDim, generatorDims: params.generatorDims, criticDims: params.criticDims, pac }, rng.fork('prepare'));
  return { params, data, prepared };
}

/**
 * The random data the bench step trains on: two classes (80/20), numeric columns a mix of two
 * Gaussians, categoricals uniform (also the ctgan fallback test's data).
 */
export function ctganBenchDataset(opts: Pick<CtganBenchOptions, 'rows' | 'numeric' | 'categoricalLevels'>, rng: Rng): Dataset {
  const features: Feature[] = [];
  for (let j = 0; j < opts.numeric; j++) {
    const values = Float64Array.from({ length: opts.rows }, () => (rng.next() < 0.5 ? -2 : 3) + rng.normal());
    features.push({ kind: 'numeric', name: `num${j}`, values, integer: false });
  }
  opts.categoricalLevels.forEach((levels, j) => {
    const codes = Int32Array.from({ length: opts.rows }, () => rng.int(levels));
    features.push({ kind: 'categorical', name: `cat${j}`, codes, levels: Array.from({ length: levels }, (_, i) => `v${i}`) });
  });
  const labels = Int32Array.from({ length: opts.rows }, () => (rng.next() < 0.8 ? 0 : 1));
  return { features, labels, classes: ['majority', 'minority'], rowCount: opts.rows };
}
