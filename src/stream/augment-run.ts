/**
 * The streaming augment, up to the point of writing: one pass over the input collects the class
 * counts and a bounded set of training rows (collect-training.ts), the synthesizer is fitted on
 * them, and the synthetic rows are generated in fixed-size chunks into a SyntheticStore. What is
 * left is a run whose rows (original batches, then synthetic ones, each with the provenance column)
 * can be written to any sink by a second pass over the input.
 */
import { Bool, Field, RecordBatch, Schema, Struct, makeData, vectorFromArray } from 'apache-arrow';
import { GanAugmentError } from '../errors.js';
import type { ResolvedAugmentOptions } from '../options/index.js';
import type { ProgressSink } from '../progress.js';
import { Rng } from '../random.js';
import { decodeDataset, inputDictionaries } from '../schema/decode.js';
import { encodeTable } from '../schema/encode.js';
import { inferRoles } from '../schema/infer.js';
import { emptyDataset } from '../stage/generate.js';
import { checkProvenanceColumn } from '../stage/merge.js';
import { augmentSummary } from '../stage/augment-summary.js';
import { outputMetadata, type RunSummary } from '../stage/metadata.js';
import { noRowsError, roleOptions } from '../stage/prepare.js';
import { chooseSynthesizer, fitResample } from '../stage/resample.js';
import type { BatchSource } from '../io/batch-source.js';
import { collectTraining } from './collect-training.js';
import { rowsProgress } from '../io/rows-progress.js';
import { SyntheticStore } from './synthetic-store.js';

export interface AugmentRun {
  readonly summary: RunSummary;
  /** Output columns: the input's, then the provenance column; metadata includes the run summary. */
  readonly schema: Schema;
  readonly source: BatchSource;
  readonly syntheticRows: number;
  /** A fresh pass over the input rows, with provenance false. */
  originals(progress?: ProgressSink): AsyncGenerator<RecordBatch>;
  /** The synthetic rows, with provenance true. */
  synthetic(): AsyncGenerator<RecordBatch>;
  /** Every output row: originals, then synthetic rows. */
  all(progress?: ProgressSink): AsyncGenerator<RecordBatch>;
  /** Remove temporary files. */
  dispose(): Promise<void>;
}

/**
 * Collect, fit and generate; the rows are written by the caller. `checkOutput` runs once the
 * column roles are known (their errors come first) and before the fit.
 * @example const run = await prepareAugmentRun(source, options, 100_000); for await (const b of run.all()) sink(b); await run.dispose();
 */
export async function prepareAugmentRun(source: BatchSource, options: ResolvedAugmentOptions, perClass: number, checkOutput: () => void = () => {}): Promise<AugmentRun> {
  const progress = options.quiet ? undefined : options.progress;
  checkProvenanceColumn(source.schema.fields.map((f) => f.name), options.provenanceColumn);
  // Fail fast on the model; `auto` that chose nothing adds no rows and needs none.
  if (options.autoChoice?.chosen !== null) chooseSynthesizer(options);
  const rng = new Rng(options.seed);

  progress?.({ phase: 'read', done: 0, message: `reading ${source.source}` });
  const collected = await collectTraining(source, options.label, { perClass, rng: rng.fork('reservoir'), progress });
  if (collected.totalRows === 0) {
    throw noRowsError(source.source, source.schema.fields.map((f) => f.name));
  }
  const inferred = inferRoles(collected.table, roleOptions(options));
  const { dataset, plan } = encodeTable(collected.table, inferred);
  checkOutput();
  const warnings = [...inferred.warnings];
  if (collected.sampledClasses.length > 0) {
    warnings.push(`Learned from a seeded sample of ${perClass} rows of class${collected.sampledClasses.length > 1 ? 'es' : ''} ${collected.sampledClasses.map((c) => `'${c}'`).join(', ')} (the per-class cap on training rows).`);
  }
  const before = dataset.classes.map((c) => collected.classCounts.get(c) ?? 0);

  const store = new SyntheticStore();
  const dictionaries = inputDictionaries(collected.table, plan);
  let syntheticSchema = decodeDataset(emptyDataset(dataset), plan).schema;
  let run;
  try {
    run = await fitResample(
      options,
      { training: dataset, plan, before },
      async (rows) => {
        const decoded = decodeDataset(rows, plan, { dictionaries });
        syntheticSchema = decoded.schema;
        for (const b of decoded.batches) await store.add(b);
      },
      rng,
      progress,
    );
    await store.finish();
  } catch (err) {
    await store.dispose();
    throw err;
  }

  const summary = augmentSummary(options, {
    input: { source: source.source, format: source.format, rows: collected.totalRows, columns: source.schema.fields.length },
    columns: plan.columns,
    unlabelledRows: collected.unlabelledRows,
    run,
    warnings,
    extraOptions: { streaming: true, trainingRowsPerClass: perClass },
  });
  for (const w of summary.warnings) progress?.({ phase: 'sample', done: 0, message: `warning: ${w}` });

  const inFields = source.schema.fields;
  const synFields = syntheticSchema.fields;
  if (inFields.length !== synFields.length || inFields.some((f, i) => f.name !== synFields[i]!.name || String(f.type) !== String(synFields[i]!.type))) {
    await store.dispose();
    throw new GanAugmentError('data', "Internal: synthetic rows do not have the input's columns and types.");
  }
  const fields = inFields.map((f, i) => (f.nullable || !synFields[i]!.nullable ? f : new Field(f.name, f.type, true, f.metadata)));
  fields.push(new Field(options.provenanceColumn, new Bool(), false));
  const schema = new Schema(fields, outputMetadata(source.metadata, summary));
  const syntheticRows = store.rows;

  async function* originals(sink?: ProgressSink): AsyncGenerator<RecordBatch> {
    const report = rowsProgress('write', sink, collected.totalRows + syntheticRows);
    let rows = 0;
    for await (const b of source.batches()) {
      rows += b.numRows;
      yield withFlag(schema, b.data.children, b.numRows, false);
      report(rows);
    }
  }
  async function* synthetic(): AsyncGenerator<RecordBatch> {
    for await (const b of store.batches()) yield withFlag(schema, b.data.children, b.numRows, true);
  }
  return {
    summary,
    schema,
    source,
    syntheticRows,
    originals,
    synthetic,
    async *all(sink?: ProgressSink) {
      yield* originals(sink);
      yield* synthetic();
      sink?.({ phase: 'write', done: collected.totalRows + syntheticRows, total: collected.totalRows + syntheticRows, unit: 'rows' });
    },
    dispose: () => store.dispose(),
  };
}

/** A batch of `schema` from `children` plus a constant provenance column. */
export function withFlag(schema: Schema, children: readonly import('apache-arrow').Data[], length: number, synthetic: boolean): RecordBatch {
  const flag = vectorFromArray(new Array<boolean>(length).fill(synthetic), new Bool()).data[0]!;
  const data = makeData({ type: new Struct(schema.fields), length, nullCount: 0, children: [...children, flag] });
  return new RecordBatch(schema, data);
}
