/**
 * Read a Parquet file one row group at a time, as Arrow record batches, without loading the file:
 * hyparquet reads the footer and then only the byte ranges of the row group being decoded, so
 * memory is bounded by one row group (not by the file). Types match `readParquet` exactly (same
 * column plans and converters), so the streaming and in-memory paths see the same values.
 */
import { Binary, Field, RecordBatch, Schema, Struct, makeData, type Data } from 'apache-arrow';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { parquetMetadataAsync, parquetScan } from 'hyparquet';
import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { wrapReadError } from './input-error.js';
import { checkParquetPages } from './parquet-pages.js';
import { RAW_PARSERS, allUtf8, planParquetFile, toData } from './read-parquet.js';

export interface ParquetBatchFile {
  /** Arrow schema of the batches (the same as `readParquet` would give). */
  readonly schema: Schema;
  /** Footer key-value metadata, without ARROW:schema. */
  readonly metadata: Map<string, string>;
  readonly numRows: number;
  /** Row groups one at a time, in file order. */
  batches(): AsyncGenerator<RecordBatch>;
}

/**
 * Open `path` for row-group-at-a-time reading (reads only the footer now).
 * @example const file = await openParquetBatches('big.parquet'); for await (const b of file.batches()) console.log(b.numRows);
 */
export async function openParquetBatches(path: string): Promise<ParquetBatchFile> {
  let metadata: FileMetaData;
  const size = (await stat(path)).size;
  const footerHandle = await open(path, 'r');
  try {
    metadata = await parquetMetadataAsync(handleBuffer(footerHandle, size), { parsers: RAW_PARSERS, geoparquet: false });
  } catch (err) {
    throw wrapReadError(path, 'the Parquet footer is unreadable', err);
  } finally {
    await footerHandle.close();
  }
  const { kv, plans, rawMetadata } = planParquetFile(metadata, path);
  // As in readParquet: hyparquet loops forever on some corrupt page headers, so walk them first
  // (one small read per page header, no page data; see parquet-pages.ts).
  const pageHandle = await open(path, 'r');
  try {
    const pages = handleBuffer(pageHandle, size);
    await checkParquetPages(metadata, size, async (start, end) => new Uint8Array(await pages.slice(start, end)), path);
  } finally {
    await pageHandle.close();
  }
  return {
    get schema() {
      return new Schema(plans.map((p) => p.field));
    },
    metadata: kv,
    numRows: Number(metadata.num_rows),
    async *batches() {
      let schema: Schema | undefined;
      let ranges: readonly { rowStart: number; rowEnd: number }[];
      let scan: Awaited<ReturnType<typeof parquetScan>>;
      const handle = await open(path, 'r');
      try {
        scan = await parquetScan({ file: handleBuffer(handle, size), metadata: rawMetadata, compressors, utf8: false, parsers: RAW_PARSERS, geoparquet: false });
        ranges = scan.ranges;
      } catch (err) {
        await handle.close();
        throw wrapReadError(path, 'a column could not be decoded', err);
      }
      try {
        yield* rowGroups();
      } finally {
        await handle.close();
      }
      async function* rowGroups(): AsyncGenerator<RecordBatch> {
        for (const { rowStart, rowEnd } of ranges) {
          const length = rowEnd - rowStart;
          const children: Data[] = [];
          try {
            for (const [i, plan] of plans.entries()) {
              const values = await scan.readColumn({ column: plan.name, rowStart, rowEnd });
              if (values.length !== length) throw new Error(`column '${plan.name}' has ${values.length} values in a row group of ${length} rows`);
              // Same rule as readParquet: unannotated byte arrays are strings if the first row group is UTF-8.
              if (plan.kind === 'bytes-or-utf8' && schema === undefined && !allUtf8(values)) {
                plans[i] = { name: plan.name, kind: 'plain', field: new Field(plan.name, new Binary(), true, plan.field.metadata) };
              }
              children.push(toData(plans[i]!, values));
            }
          } catch (err) {
            throw wrapReadError(path, 'a column could not be decoded', err);
          }
          schema ??= new Schema(plans.map((p) => p.field));
          yield new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length, children }));
        }
      }
    },
  };
}

/**
 * An AsyncBuffer over one open file handle (positioned reads). hyparquet's own asyncBufferFromFile
 * opens a new read stream per slice, which cost ~7% of a copy pass in open/close calls alone.
 */
function handleBuffer(handle: FileHandle, byteLength: number): AsyncBuffer {
  return {
    byteLength,
    async slice(start: number, end = byteLength): Promise<ArrayBuffer> {
      const length = end - start;
      const out = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(out, done, length - done, start + done);
        if (bytesRead === 0) throw new Error(`unexpected end of file at byte ${start + done}`);
        done += bytesRead;
      }
      return out.buffer;
    },
  };
}
