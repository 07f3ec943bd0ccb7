/**
 * The row layout (data width, condition width, output spans, conditioned spans) that
 * `bench/training-speed/ctgan-step.ts` trains on, so the PyTorch side can build identically sized
 * networks. It builds the very dataset that file trains on (`ctganBenchDataset`, same Rng fork).
 */
import { Rng } from '../../src/random.js';
import { ctganBenchDataset } from './ctgan-step.js';
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
  const data = ctganBenchDataset(TABULAR_BENCH, rng.fork('data'));
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
