/**
 * The row layout (data width, condition width, output spans, conditioned spans) that
 * `bench/training-speed/ctgan-step.ts` trains on, so the PyTorch side can build identically sized
 * networks. It prepares the very model that file trains (`prepareCtganBench`, same seed).
 */
import { Rng } from '../../src/random.js';
import { disposeModel } from '../../plugins/ctgan/model.js';
import { prepareCtganBench } from './ctgan-step.js';
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
  const { data, prepared } = prepareCtganBench(opts, new Rng(opts.seed));
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
