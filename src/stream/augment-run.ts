/**
 * The streaming augment, up to the point of writing: one pass over the input collects the class
 * counts and a bounded set of training rows (collect-training.ts), the synthesizer is fitted on
 * them, and the synthetic rows are generated in fixed-size chunks into a SyntheticStore. What is
 * left is a run whose rows (original batches, then synthetic ones, each with the provenance column)
 * can be written to any sink by a second pass over the input.
 */
import { Bool, Field, RecordBatch, Schema, Struct, makeData, vectorFromArray } from 'apache-arrow';
import { countByClass } from '../dataset.js';
import { GanAugmentError } from '../errors.js';
import type { ResolvedAugmentOptions } from '../options.js';
import type { ProgressSink } from '../progress.js';
import { Rng } from '../random.js';
import { getSynthesizer } from '../registry.js';
import { canonicalizeDataset, decodeDataset, inputDictionaries } from '../schema/decode.js';
import { encodeTable } from '../schema/encode.js';
import { inferRoles } from '../schema/infer.js';
import { fitForStage, pluginParams } from '../stage/fit.js';
import { emptyDataset, generateRows } from '../stage/generate.js';
import { checkProvenanceColumn } from '../stage/merge.js';
import { augmentSummary, planWarnings } from '../stage/augment-summary.js';
import { outputMetadata, type RunSummary } from '../stage/metadata.js';
import { checkBatchSize, checkCanLearn, noRowsError, roleOptions } from '../stage/prepare.js';
import { planClassCounts } from '../stage/strategy.js';
import type { BatchSource } from '../io/batch-source.js';
import { collectTraining } from './collect-training.js';
import { rowsProgress } from '../io/rows-progress.js';
import { SyntheticStore } from './synthetic-store.js';

/** Synthetic rows generated (and decoded) per synthesizer call: bounds memory during sampling. */
export const SYNTHETIC_CHUNK_ROWS = 65_536;

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
 * Collect, fit and generate; the rows are written by the caller.
 * @example const run = await prepareAugmentRun(source, options, 100_000); for await (const b of run.all()) sink(b); await run.dispose();
 */
export async function prepareAugmentRun(source: BatchSource, options: ResolvedAugmentOptions, perClass: number): Promise<AugmentRun> {
  const progress = options.quiet ? undefined : options.progress;
  if (options.privacyDistance !== undefined) {
    throw new GanAugmentError('usage', '--privacy-distance is not supported by the streaming augment yet.', {
      hint: 'Augment a single file with the in-memory path (the `augment` API), or leave out --privacy-distance.',
    });
  }
  checkProvenanceColumn(source.schema.fields.map((f) => f.name), options.provenanceColumn);
  const factory = getSynthesizer(options.model);
  const params = pluginParams(options.modelParams, options.trainOn);
  const rng = new Rng(options.seed);

  progress?.({ phase: 'read', done: 0, message: `reading ${source.source}` });
  const collected = await collectTraining(source, options.label, { perClass, rng: rng.fork('reservoir'), progress });
  if (collected.totalRows === 0) {
    throw noRowsError(source.source, source.schema.fields.map((f) => f.name));
  }
  const inferred = inferRoles(collected.table, roleOptions(options));
  const { dataset, plan } = encodeTable(collected.table, inferred);
  const warnings = [...inferred.warnings];
  if (collected.sampledClasses.length > 0) {
    warnings.push(`Learned from a seeded sample of ${perClass} rows of class${collected.sampledClasses.length > 1 ? 'es' : ''} ${collected.sampledClasses.map((c) => `'${c}'`).join(', ')} (the per-class cap on training rows).`);
  }
  const before = dataset.classes.map((c) => collected.classCounts.get(c) ?? 0);
  const counts = planClassCounts(dataset.classes, before, options.strategy, options.minority);
  const needed = counts.flatMap((c, i) => (c.add > 0 ? [[i, c.add] as [number, number]] : []));
  warnings.push(...planWarnings(options, counts));

  const store = new SyntheticStore();
  let backend: string | null = null;
  let training: RunSummary['training'] = null;
  let copies: RunSummary['copies'] = { checked: false, dropped: 0, kept: 0, sampleRounds: 0 };
  let syntheticSchema = decodeDataset(emptyDataset(dataset), plan).schema;
  try {
    if (needed.length > 0) {
      checkCanLearn(factory, params, dataset, needed.map(([c]) => c), countByClass(dataset));
      checkBatchSize(options.batchSize, countByClass(dataset), options.trainOn);
      const fit = await fitForStage(options, factory, params, dataset, progress);
      backend = fit.backend;
      try {
        const canonical = canonicalizeDataset(dataset, plan);
        const dictionaries = inputDictionaries(collected.table, plan);
        const total = needed.reduce((s, [, n]) => s + n, 0);
        let done = 0;
        let dropped = 0;
        let kept = 0;
        let rounds = 0;
        const chunks = planChunks(needed, SYNTHETIC_CHUNK_ROWS);
        for (const [k, chunk] of chunks.entries()) {
          // Chunk 0 draws from the same stream as the in-memory augment, so small runs match it.
          const chunkRng = k === 0 ? rng.fork('sample') : rng.fork('sample').fork(`chunk-${k}`);
          const offset = done;
          const generated = await generateRows(fit.synthesizer, chunk, {
            model: options.model,
            plan,
            training: canonical,
            dropCopies: !options.keepCopies && !factory.copiesTrainingRows,
            rng: chunkRng,
            progress: progress && ((e) => progress(e.phase === 'sample' ? { ...e, done: offset + e.done, total } : e)),
          });
          const decoded = decodeDataset(generated.rows, plan, { dictionaries });
          syntheticSchema = decoded.schema;
          for (const b of decoded.batches) await store.add(b);
          done += generated.rows.rowCount;
          dropped += generated.dropped;
          kept += generated.keptCopies;
          rounds = Math.max(rounds, generated.rounds);
        }
        await store.finish();
        training = fit.training;
        copies = { checked: true, dropped, kept, sampleRounds: rounds };
        if (dropped > 0) warnings.push(`Dropped ${dropped} synthetic rows that copied a training row, and drew replacements.`);
      } finally {
        fit.synthesizer.dispose();
      }
    }
  } catch (err) {
    await store.dispose();
    throw err;
  }

  const summary = augmentSummary(options, {
    input: { source: source.source, format: source.format, rows: collected.totalRows, columns: source.schema.fields.length },
    columns: plan.columns,
    unlabelledRows: collected.unlabelledRows,
    counts,
    run: { backend, training, copies, warnings },
    extraOptions: { streaming: true, trainingRowsPerClass: perClass },
  });
  for (const w of warnings) progress?.({ phase: 'sample', done: 0, message: `warning: ${w}` });

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

/**
 * Split the rows needed per class into chunks of at most `size` rows, classes in index order; a
 * class may span chunks, and a chunk may hold several classes (so small runs make one call).
 */
export function planChunks(needed: readonly (readonly [number, number])[], size: number): Map<number, number>[] {
  const chunks: Map<number, number>[] = [];
  let current = new Map<number, number>();
  let room = size;
  for (const [c, n] of needed) {
    let left = n;
    while (left > 0) {
      const take = Math.min(left, room);
      current.set(c, (current.get(c) ?? 0) + take);
      left -= take;
      room -= take;
      if (room === 0) {
        chunks.push(current);
        current = new Map();
        room = size;
      }
    }
  }
  if (current.size > 0) chunks.push(current);
  return chunks;
}

/** A batch of `schema` from `children` plus a constant provenance column. */
export function withFlag(schema: Schema, children: readonly import('apache-arrow').Data[], length: number, synthetic: boolean): RecordBatch {
  const flag = vectorFromArray(new Array<boolean>(length).fill(synthetic), new Bool()).data[0]!;
  const data = makeData({ type: new Struct(schema.fields), length, nullCount: 0, children: [...children, flag] });
  return new RecordBatch(schema, data);
}
