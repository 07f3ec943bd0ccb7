/**
 * Write Arrow IPC, file format (aka Feather v2, readable by pandas.read_feather and pyarrow) or
 * stream format, batch by batch to a sink. Key-value metadata goes into the schema's metadata.
 * Output is uncompressed: apache-arrow has no built-in codecs and the readers we target all read
 * uncompressed IPC.
 */
import { RecordBatch, RecordBatchFileWriter, RecordBatchStreamWriter, Schema, Table } from 'apache-arrow';
import { unifyDictionaries } from './build.js';
import type { ByteSink } from '../types.js';

/**
 * Stream `table` as Arrow IPC into `sink`.
 * @example await writeArrow(table, sink, 'file', { tool: 'gan-augment' });
 */
export async function writeArrow(table: Table, sink: ByteSink, kind: 'file' | 'stream', metadata: Record<string, string> = {}): Promise<void> {
  const unified = unifyDictionaries(table);
  const meta = new Map(unified.schema.metadata);
  for (const [k, v] of Object.entries(metadata)) meta.set(k, v);
  const schema = new Schema(unified.schema.fields, meta, unified.schema.dictionaries);
  const writer = kind === 'file' ? new RecordBatchFileWriter() : new RecordBatchStreamWriter();
  // Drain the writer's byte queue while batches are added, so memory stays at about one batch.
  const drained = (async () => {
    for await (const chunk of writer) await sink.write(chunk);
  })();
  writer.reset(undefined, schema);
  try {
    for (const batch of unified.batches) {
      writer.write(new RecordBatch(schema, batch.data));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (unified.batches.length === 0) writer.write(new RecordBatch(schema));
  } finally {
    writer.finish();
  }
  await drained;
}
