/**
 * The row layout (data width, condition width, output spans, conditioned spans) that
 * `plugins/ctgan/bench-step.ts` trains on, so the PyTorch side can build identically sized
 * networks. The dataset below mirrors that file's `randomDataset` (same Rng forks, same draws);
 * if the two ever drift apart only the PyTorch shapes drift, and the printed dims show it.
 */
import type { Dataset, Feature } from '../../src/contracts.js';
import { Rng } from '../../src/random.js';
import { disposeModel, prepareTraining } from '../../plugins/ctgan/model.js';
import { parseParams, resolveBatchAndPac } from '../../plugins/ctgan/params.js';
import { TABULAR_BENCH } from './tabular-config.js';

export interface CtganLayout {
  readonly rows: number;
  readonly classes: number;
  readonly batchSize: number;
  readonly pac: number;
  readonly embeddingDim: number;
  readonly generatorDims: readonly number[];
  readonly criticDims: readonly number[];
  readonly dataDim: number;
  readonly condDim: number;
  readonly spans: ReadonlyArray<{ start: number; width: number; activation: string }>;
  readonly conditioned: ReadonlyArray<{ outputStart: number; condStart: number; width: number }>;
}

/** Build (and dispose) the plugin's networks once to read their layout. Needs a tfjs backend. */
export function ctganLayout(): CtganLayout {
  const opts = TABULAR_BENCH;
  const params = parseParams({ batchSize: opts.batchSize });
  const rng = new Rng(opts.seed);
  const data = randomDataset(rng.fork('data'));
  const prepared = prepareTraining(
    data,
    { embeddingDim: params.embeddingDim, generatorDims: params.generatorDims, criticDims: params.criticDims, pac: resolveBatchAndPac(opts.batchSize, params.pac, opts.rows).pac },
    rng.fork('prepare'),
  );
  const { shape } = prepared.model;
  const layout: CtganLayout = {
    rows: opts.rows,
    classes: data.classes.length,
    batchSize: opts.batchSize,
    pac: shape.pac,
    embeddingDim: shape.embeddingDim,
    generatorDims: [...shape.generatorDims],
    criticDims: [...shape.criticDims],
    dataDim: shape.dataDim,
    condDim: shape.condDim,
    spans: prepared.model.generator.spans.map((s) => ({ start: s.start, width: s.width, activation: s.activation })),
    conditioned: prepared.conditioned,
  };
  disposeModel(prepared.model);
  return layout;
}

function randomDataset(rng: Rng): Dataset {
  const opts = TABULAR_BENCH;
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
