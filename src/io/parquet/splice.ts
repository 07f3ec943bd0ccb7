/**
 * The copy pass of the streaming augment without decoding: the input's row groups go to the
 * output as raw byte ranges (the pages hold no absolute offsets, so they stay valid anywhere in a
 * file), each with a constant `false` provenance column chunk (and constant Hive partition
 * chunks) encoded by hyparquet-writer, then the synthetic rows encoded by hyparquet-writer with
 * the input's own schema elements, then a footer written by hyparquet-writer whose copied chunks
 * carry shifted page offsets (page indexes and bloom filters are carried over too). This makes the pass I/O bound. The byte-range bookkeeping is
 * hand-written because no Parquet library for JavaScript offers row-group concatenation; all
 * encoding and footer serialisation is hyparquet-writer's. When the copy cannot be exact
 * (splice-plan.ts), the caller re-encodes instead.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { RecordBatch, Schema } from 'apache-arrow';
import { ParquetWriter, type ByteWriter } from 'hyparquet-writer';
import { writeAtomically } from '../atomic.js';
import type { ByteSink, Companion, WriteResult } from '../types.js';
import { PARQUET_COMPRESSORS, PARQUET_ROW_GROUP_ROWS, columnWriter, flushingWriter, parquetKvMetadata, rowGroupTables } from './write.js';
import type { ProgressSink } from '../../progress.js';
import { readAt, type RawThrift } from './footer.js';
import { rowsProgress } from '../rows-progress.js';
import { copiedIndexes } from './splice-indexes.js';
import { ENCODINGS, chunkRange, type SplicePart, type SplicePlan } from './splice-plan.js';
import { exactStatistics, type WriterSchemaElement } from './splice-statistics.js';

type RowGroup = ParquetWriter['row_groups'][number];
type ColumnChunk = RowGroup['columns'][number];
type ColumnMetaData = NonNullable<ColumnChunk['meta_data']>;
type ColumnSource = Parameters<ParquetWriter['write']>[0]['columnData'][number];
type PageIndexes = ParquetWriter['pendingIndexes'][number];

/** Bytes read (and written) per I/O call while copying. */
const COPY_CHUNK_BYTES = 8 << 20;
const PAGE_TYPES = new Set(['DATA_PAGE', 'INDEX_PAGE', 'DICTIONARY_PAGE', 'DATA_PAGE_V2']);

export interface SpliceRun {
  /** Output columns (the input's, partition columns, the provenance column) and metadata. */
  readonly schema: Schema;
  /** The synthetic rows, with the output schema (provenance true). */
  synthetic(): AsyncGenerator<RecordBatch>;
}

/**
 * Write `dest` atomically from `plan` (see planSplice): the input row groups copied byte for byte,
 * then the synthetic rows. Progress reports rows written and rows/s.
 * @example const d = await planSplice(run, 'parquet'); if (d.copy === 'row-groups') await writeSplicedParquet('out.parquet', run, d.plan, { protect: [...run.source.files] });
 */
export async function writeSplicedParquet(
  dest: string,
  run: SpliceRun,
  plan: SplicePlan,
  options: { protect?: string[]; progress?: ProgressSink; syntheticRows?: number; companion?: Companion } = {},
): Promise<WriteResult> {
  const bytes = await writeAtomically(dest, (sink) => splice(sink, run, plan, options.progress, options.syntheticRows), {
    protect: options.protect ?? [],
    ...(options.companion ? { companion: options.companion } : {}),
  });
  return { path: dest, format: 'parquet', bytes };
}

async function splice(sink: ByteSink, run: SpliceRun, plan: SplicePlan, progress: ProgressSink | undefined, syntheticRows = 0): Promise<void> {
  const { schema } = run;
  const kvMetadata = parquetKvMetadata(schema, schema.metadata);
  // The writer's offset counts every byte of the file; raw copies bypass its buffer and advance it.
  const { writer, flush } = flushingWriter(sink, 1 << 16);
  const pq = new ParquetWriter({
    writer,
    schema: plan.elements,
    codec: 'SNAPPY',
    compressors: PARQUET_COMPRESSORS,
    // Copied min/max are checked to round-trip exactly: never truncate them.
    statisticsTruncateLength: Infinity,
    kvMetadata,
    createdBy: 'gan-augment (hyparquet-writer; input row groups copied)',
  });
  await flush();

  const inputRows = plan.parts.reduce((s, p) => s + Number(p.footer.metadata.num_rows), 0);
  const report = rowsProgress('write', progress, inputRows + syntheticRows);
  let done = 0;
  const names = schema.fields.map((f) => f.name);
  const provenance = names.at(-1)!;
  for (const part of plan.parts) {
    const handle = await open(part.file, 'r');
    try {
      for (const [r, rg] of part.footer.metadata.row_groups.entries()) {
        const rows = Number(rg.num_rows);
        if (rows === 0) continue;
        const { chunks: copied, indexes, start } = await copyRowGroup(handle, part, r, plan, writer, flush, sink);
        pq.pendingIndexes.push(...indexes);
        // Constant columns for this row group, encoded by hyparquet-writer as a row group of their
        // own, whose chunks then join the copied ones.
        const constants: ColumnSource[] = part.partitionValues.map((value, i) => ({ name: names[plan.fileColumns + i]!, data: new Array<Uint8Array>(rows).fill(value) }));
        constants.push({ name: provenance, data: new Array<boolean>(rows).fill(false) });
        await pq.write({ columnData: constants, rowGroupSize: rows });
        await flush();
        const added = pq.row_groups.pop()!;
        const copiedBytes = copied.reduce((s, c) => s + c.meta_data!.total_compressed_size, 0n);
        pq.row_groups.push({
          columns: [...copied, ...added.columns],
          num_rows: added.num_rows,
          total_byte_size: rg.total_byte_size + added.total_byte_size,
          total_compressed_size: copiedBytes + (added.total_compressed_size ?? 0n),
          file_offset: BigInt(start),
          ...(rg.sorting_columns ? { sorting_columns: rg.sorting_columns } : {}),
        });
        done += rows;
        report(done);
      }
    } finally {
      await handle.close();
    }
  }

  // The synthetic rows, encoded into the input's own schema elements (same value conversions as
  // the decode path), gathered into full-size row groups.
  const writers = schema.fields.map((f) => columnWriter(f, 'the output'));
  for await (const slice of rowGroupTables(schema, run.synthetic(), PARQUET_ROW_GROUP_ROWS)) {
    const columnData = schema.fields.map(
      (f, i): ColumnSource => ({
        name: f.name,
        data: writers[i]!.values(slice.getChildAt(i)!) as ColumnSource['data'],
        ...(writers[i]!.encoding ? { encoding: writers[i]!.encoding } : {}),
      }),
    );
    await pq.write({ columnData, rowGroupSize: slice.numRows });
    await flush();
    done += slice.numRows;
    report(done);
  }
  await pq.finish();
  await flush();
  report(done, true);
}

/**
 * Copy the column chunks of row group `r` to the sink (contiguous chunks in one pass) and return
 * their metadata moved to the new offsets, with their page indexes and bloom filters for
 * hyparquet-writer to write after the row groups (splice-indexes.ts).
 */
async function copyRowGroup(
  handle: FileHandle,
  part: SplicePart,
  r: number,
  plan: SplicePlan,
  writer: ByteWriter,
  flush: () => Promise<void>,
  sink: ByteSink,
): Promise<{ chunks: ColumnChunk[]; indexes: PageIndexes[]; start: number }> {
  const { footer } = part;
  const rg = footer.metadata.row_groups[r]!;
  const rawColumns = ((footer.raw.field_4 as RawThrift[])[r]!.field_1 ?? []) as RawThrift[];
  const ranges = rg.columns.map((c) => chunkRange(c.meta_data!, footer.footerStart)!);
  const order = ranges.map((_, i) => i).sort((a, b) => ranges[a]![0] - ranges[b]![0]);
  const moved = new Array<number>(ranges.length);
  await flush();
  for (let i = 0; i < order.length; ) {
    const start = ranges[order[i]!]![0];
    let end = ranges[order[i]!]![1];
    let j = i;
    while (j + 1 < order.length && ranges[order[j + 1]!]![0] === end) end = ranges[order[++j]!]![1];
    for (let k = i; k <= j; k++) moved[order[k]!] = writer.offset + ranges[order[k]!]![0] - start;
    await copyRange(handle, start, end, sink);
    writer.offset += end - start;
    i = j + 1;
  }
  const chunks = rg.columns.map((chunk, c): ColumnChunk => {
    const md = chunk.meta_data!;
    const [start, end] = ranges[c]!;
    const delta = BigInt(moved[c]! - start);
    const element = plan.elements[c + 1]!;
    const rawMeta = rawColumns[c]?.field_3 as RawThrift | undefined;
    const meta: ColumnMetaData = {
      type: md.type,
      encodings: md.encodings as ColumnMetaData['encodings'],
      path_in_schema: md.path_in_schema,
      codec: md.codec as ColumnMetaData['codec'],
      num_values: md.num_values,
      total_uncompressed_size: md.total_uncompressed_size,
      total_compressed_size: md.total_compressed_size,
      data_page_offset: md.data_page_offset + delta,
    };
    if (md.dictionary_page_offset) meta.dictionary_page_offset = md.dictionary_page_offset + delta;
    if (md.index_page_offset !== undefined && md.index_page_offset >= BigInt(start) && md.index_page_offset < BigInt(end)) meta.index_page_offset = md.index_page_offset + delta;
    if (md.key_value_metadata) meta.key_value_metadata = md.key_value_metadata;
    const statistics = exactStatistics(md.statistics as ColumnMetaData['statistics'], rawMeta?.field_12, element as WriterSchemaElement);
    if (statistics) meta.statistics = statistics;
    if (md.encoding_stats && md.encoding_stats.every((s) => PAGE_TYPES.has(s.page_type) && ENCODINGS.has(s.encoding))) {
      meta.encoding_stats = md.encoding_stats as ColumnMetaData['encoding_stats'];
    }
    // file_offset (deprecated) points into or just past the chunk in most writers; elsewhere, at the chunk.
    const fileOffset = chunk.file_offset >= BigInt(start) && chunk.file_offset <= BigInt(end) ? chunk.file_offset + delta : BigInt(moved[c]!);
    return { file_offset: fileOffset, meta_data: meta };
  });
  const indexes: PageIndexes[] = [];
  for (const [c, chunk] of rg.columns.entries()) {
    const extra = await copiedIndexes(handle, chunk, BigInt(moved[c]! - ranges[c]![0]), footer.footerStart, chunks[c]!);
    if (extra) indexes.push(extra);
  }
  return { chunks, indexes, start: Math.min(...moved) };
}

/** Copy bytes [start, end) of `handle` to `sink`, reading the next piece while the last one is written. */
async function copyRange(handle: FileHandle, start: number, end: number, sink: ByteSink): Promise<void> {
  let writing: Promise<void> | undefined;
  for (let at = start; at < end; at += COPY_CHUNK_BYTES) {
    const bytes = await readAt(handle, at, Math.min(COPY_CHUNK_BYTES, end - at));
    await writing;
    writing = sink.write(bytes);
  }
  await writing;
}
