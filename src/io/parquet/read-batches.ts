/**
 * Read a Parquet file one row group at a time, as Arrow record batches, without loading the file:
 * hyparquet reads the footer and then only the byte ranges of the row group being decoded, so
 * memory is bounded by one row group (not by the file). Types match `readParquet` exactly (same
 * column plans and converters), so the streaming and in-memory paths see the same values.
 */
import { RecordBatch, Schema, Struct, makeData, type Data } from 'apache-arrow';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { parquetMetadataAsync } from 'hyparquet';
import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import { wrapReadError } from '../input-error.js';
import { checkParquetPages } from './pages.js';
import { ParquetReadPool, ReadWorkerError, readWorkerCount, sharedReadPool } from './read-pool.js';
import { rowGroupDecoder } from './row-groups.js';
import { RAW_PARSERS } from './to-arrow.js';
import { planParquetFile } from './read.js';

export interface ParquetBatchFile {
  /** Arrow schema of the batches (the same as `readParquet` would give). */
  readonly schema: Schema;
  /** Footer key-value metadata, without ARROW:schema. */
  readonly metadata: Map<string, string>;
  readonly numRows: number;
  /** Row groups one at a time, in file order. */
  batches(): AsyncGenerator<RecordBatch>;
}

export interface ParquetBatchOptions {
  /**
   * Worker threads that decode row groups, in file order whatever their number (0: decode in this
   * thread). Default: $GAN_AUGMENT_READ_WORKERS, else 0 (see readWorkerCount).
   */
  readonly readWorkers?: number | undefined;
}

/** At most this many uncompressed bytes of row groups are decoded ahead of the consumer. */
const MAX_IN_FLIGHT_BYTES = 256 * 2 ** 20;

/**
 * Open `path` for row-group-at-a-time reading (reads only the footer now).
 * @example const file = await openParquetBatches('big.parquet'); for await (const b of file.batches()) console.log(b.numRows);
 */
export async function openParquetBatches(path: string, options: ParquetBatchOptions = {}): Promise<ParquetBatchFile> {
  let metadata: FileMetaData;
  const { size, mtimeMs } = await stat(path);
  const workers = readWorkerCount(options.readWorkers);
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
      const schema = (): Schema => new Schema(plans.map((p) => p.field));
      // Unannotated byte arrays are typed by row group 0 (see parquet-row-groups.ts): decode those files in order here.
      const parallel = workers > 0 && rawMetadata.row_groups.length > 1 && plans.every((p) => p.kind !== 'bytes-or-utf8');
      if (parallel) {
        yield* parallelBatches({ path, size, mtimeMs }, rawMetadata, schema(), sharedReadPool(workers));
        return;
      }
      let batchSchema: Schema | undefined;
      const handle = await open(path, 'r');
      const decoder = rowGroupDecoder(handleBuffer(handle, size), rawMetadata, plans);
      try {
        for (let index = 0; index < decoder.numRowGroups; index++) {
          let children: Data[];
          try {
            children = await decoder.decode(index);
          } catch (err) {
            throw wrapReadError(path, 'a column could not be decoded', err);
          }
          decoder.prefetch(index + 1);
          batchSchema ??= schema();
          yield new RecordBatch(batchSchema, makeData({ type: new Struct(batchSchema.fields), length: decoder.rows(index), children }));
        }
      } finally {
        await decoder.settle();
        await handle.close();
      }
    },
  };
}

/**
 * Row groups decoded by `pool`'s workers, yielded in file order, with a bounded number (and
 * uncompressed size) of them in flight.
 */
async function* parallelBatches(file: { path: string; size: number; mtimeMs: number }, metadata: FileMetaData, schema: Schema, pool: ParquetReadPool): AsyncGenerator<RecordBatch> {
  const types = schema.fields.map((f) => f.type);
  const groups = metadata.row_groups;
  const maxInFlight = pool.size + 1;
  const pending: { index: number; bytes: number; columns: Promise<Data[]> }[] = [];
  let inFlightBytes = 0;
  let next = 0;
  try {
    while (next < groups.length || pending.length > 0) {
      while (next < groups.length && pending.length < maxInFlight && (pending.length === 0 || inFlightBytes + Number(groups[next]!.total_byte_size) <= MAX_IN_FLIGHT_BYTES)) {
        const bytes = Number(groups[next]!.total_byte_size);
        const columns = pool.decode(file, next, types);
        columns.catch(() => undefined); // handled when its turn comes
        pending.push({ index: next++, bytes, columns });
        inFlightBytes += bytes;
      }
      const head = pending.shift()!;
      inFlightBytes -= head.bytes;
      let children: Data[];
      try {
        children = await head.columns;
      } catch (err) {
        if (err instanceof ReadWorkerError) throw err;
        throw wrapReadError(file.path, 'a column could not be decoded', err);
      }
      yield new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: Number(groups[head.index]!.num_rows), children }));
    }
  } finally {
    await Promise.allSettled(pending.map((p) => p.columns));
    pool.release(file.path);
  }
}

/**
 * An AsyncBuffer over one open file handle (positioned reads). hyparquet's own asyncBufferFromFile
 * opens a new read stream per slice, which cost ~7% of a copy pass in open/close calls alone.
 */
export function handleBuffer(handle: FileHandle, byteLength: number): AsyncBuffer {
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
