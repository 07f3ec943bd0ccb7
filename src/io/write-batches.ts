/**
 * Write record batches as they arrive (an async iterable), atomically, in any output format, with
 * memory bounded by about one Parquet row group: the streaming counterpart of `writeTable`, used
 * when the rows do not fit in memory. Parquet goes through hyparquet-writer's chunked ParquetWriter
 * (row groups of PARQUET_ROW_GROUP_ROWS), Arrow IPC through apache-arrow's RecordBatch writers,
 * CSV through the same cell formatting as `writeCsv`.
 */
import { RecordBatch, RecordBatchFileWriter, RecordBatchStreamWriter, Schema, Table } from 'apache-arrow';
import { ParquetWriter } from 'hyparquet-writer';
import { writeAtomically } from './atomic.js';
import { DictionaryDeltas } from './arrow/dictionary-deltas.js';
import type { ByteSink, Companion, OutputFormat, WriteResult } from './types.js';
import { writeCsv } from './csv/write.js';
import { PARQUET_COMPRESSORS, PARQUET_ROW_GROUP_ROWS, columnWriter, flushingWriter, parquetKvMetadata, rowGroupTables, writeRowGroup } from './parquet/write.js';


/**
 * Write `batches` (all with `schema`'s columns) to `dest` in `format`, via a temporary file renamed
 * into place at the end. `metadata` goes into the Parquet footer / Arrow schema.
 * @example await writeBatchesAtomically('out.parquet', 'parquet', schema, source.batches(), { metadata: { tool: 'x' } });
 */
export async function writeBatchesAtomically(
  dest: string,
  format: OutputFormat,
  schema: Schema,
  batches: AsyncIterable<RecordBatch>,
  options: { metadata?: Record<string, string>; protect?: string[]; rowGroupRows?: number; companion?: Companion } = {},
): Promise<WriteResult> {
  const metadata = options.metadata ?? {};
  const bytes = await writeAtomically(dest, (sink) => writeBatches(sink, format, schema, batches, metadata, dest, options.rowGroupRows), {
    protect: options.protect ?? [],
    ...(options.companion ? { companion: options.companion } : {}),
  });
  return { path: dest, format, bytes };
}

/**
 * Stream `batches` into `sink` in `format`.
 * @example await writeBatches(sink, 'arrow-stream', schema, batches, {});
 */
export async function writeBatches(
  sink: ByteSink,
  format: OutputFormat,
  schema: Schema,
  batches: AsyncIterable<RecordBatch>,
  metadata: Record<string, string>,
  dest = 'the output',
  rowGroupRows = PARQUET_ROW_GROUP_ROWS,
): Promise<void> {
  switch (format) {
    case 'parquet':
      return writeParquetBatches(sink, schema, batches, metadata, dest, rowGroupRows);
    case 'arrow':
    case 'arrow-stream':
      return writeArrowBatches(sink, format === 'arrow' ? 'file' : 'stream', schema, batches, metadata);
    case 'csv':
      return writeCsvBatches(sink, schema, batches);
  }
}

async function writeParquetBatches(
  sink: ByteSink,
  schema: Schema,
  batches: AsyncIterable<RecordBatch>,
  metadata: Record<string, string>,
  dest: string,
  groupRows: number,
): Promise<void> {
  const columns = schema.fields.map((f) => columnWriter(f, dest));
  const kvMetadata = parquetKvMetadata(schema, Object.entries(metadata));
  const { writer, flush } = flushingWriter(sink);
  const pq = new ParquetWriter({
    writer,
    schema: [{ name: 'schema', num_children: columns.length }, ...columns.flatMap((c) => c.elements)],
    codec: 'SNAPPY',
    compressors: PARQUET_COMPRESSORS,
    kvMetadata,
    createdBy: 'gan-augment (hyparquet-writer)',
  });
  for await (const slice of rowGroupTables(schema, batches, groupRows)) {
    await writeRowGroup(pq, columns, slice);
    await flush();
  }
  await pq.finish();
  await flush();
}

async function writeArrowBatches(sink: ByteSink, kind: 'file' | 'stream', schema: Schema, batches: AsyncIterable<RecordBatch>, metadata: Record<string, string>): Promise<void> {
  const meta = new Map(schema.metadata);
  for (const [k, v] of Object.entries(metadata)) meta.set(k, v);
  const withMeta = new Schema(schema.fields, meta, schema.dictionaries);
  const writer = kind === 'file' ? new RecordBatchFileWriter() : new RecordBatchStreamWriter();
  // Drain the writer's byte queue while batches are added, so memory stays at about one batch.
  const drained = (async () => {
    for await (const chunk of writer) await sink.write(chunk);
  })();
  writer.reset(undefined, withMeta);
  const deltas = new DictionaryDeltas(withMeta);
  let any = false;
  try {
    for await (const batch of batches) {
      writer.write(deltas.apply(new RecordBatch(withMeta, batch.data)));
      any = true;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (!any) writer.write(new RecordBatch(withMeta));
  } catch (err) {
    // Let the drain loop settle before the caller closes the file: otherwise its pending write
    // rejects unhandled (a crash) after the temporary file is gone.
    writer.finish();
    await drained.catch(() => undefined);
    throw err;
  }
  writer.finish();
  await drained;
}

async function writeCsvBatches(sink: ByteSink, schema: Schema, batches: AsyncIterable<RecordBatch>): Promise<void> {
  let first = true;
  for await (const batch of batches) {
    const table = new Table(schema, [new RecordBatch(schema, batch.data)]);
    if (first) {
      await writeCsv(table, sink);
      first = false;
      continue;
    }
    // writeCsv writes its header line as its first chunk: skip that chunk after the first batch.
    let skipped = false;
    await writeCsv(table, { write: async (chunk) => (skipped ? sink.write(chunk) : void (skipped = true)) });
  }
  if (first) await writeCsv(new Table(schema), sink);
}
