/**
 * Page indexes and bloom filters of a copied column chunk. They sit apart from the chunk in the
 * input (usually before the footer), and the offset index holds absolute page offsets, so they
 * cannot ride along with the chunk's bytes: each is read back with hyparquet, the page offsets are
 * moved by the chunk's shift, and the result is handed to hyparquet-writer, which writes indexes
 * and bloom filters after the row groups and points the chunk at them. Anything unreadable is
 * simply left out (the data stays exact; a reader only loses a shortcut).
 */
import type { FileHandle } from 'node:fs/promises';
import { readOffsetIndex } from 'hyparquet';
import { readBloomFilter } from 'hyparquet/src/bloom.js';
import { deserializeTCompactProtocol } from 'hyparquet/src/thrift.js';
import type { ParquetWriter } from 'hyparquet-writer';
import { readAt } from './footer.js';

type PageIndexes = ParquetWriter['pendingIndexes'][number];
type ColumnChunk = PageIndexes['chunk'];
type OffsetIndex = NonNullable<PageIndexes['offsetIndex']>;
type ColumnIndex = NonNullable<PageIndexes['columnIndex']>;

/** Where the input chunk's indexes and bloom filter are (hyparquet's parsed ColumnChunk fields). */
export interface IndexLocations {
  offset_index_offset?: bigint;
  offset_index_length?: number;
  column_index_offset?: bigint;
  column_index_length?: number;
  meta_data?: { bloom_filter_offset?: bigint; bloom_filter_length?: number };
}

const BOUNDARY_ORDERS = ['UNORDERED', 'ASCENDING', 'DESCENDING'] as const;

/**
 * The page indexes and bloom filter of input chunk `from`, for the copied chunk `to` whose pages
 * moved by `delta` bytes; undefined when it has none worth keeping.
 * @example const extra = await copiedIndexes(handle, inputChunk, 1024n, footerStart, outputChunk); if (extra) pq.pendingIndexes.push(extra);
 */
export async function copiedIndexes(handle: FileHandle, from: IndexLocations, delta: bigint, footerStart: number, to: ColumnChunk): Promise<PageIndexes | undefined> {
  const offsetIndex = await attempt(async () => {
    const raw = await region(handle, from.offset_index_offset, from.offset_index_length, footerStart);
    if (!raw) return undefined;
    const index = readOffsetIndex({ view: view(raw), offset: 0 });
    const pages = index.page_locations.map((p) => {
      if (typeof p.offset !== 'bigint' || typeof p.compressed_page_size !== 'number' || typeof p.first_row_index !== 'bigint') throw new Error('malformed page location');
      return { offset: p.offset + delta, compressed_page_size: p.compressed_page_size, first_row_index: p.first_row_index };
    });
    return { page_locations: pages } satisfies OffsetIndex;
  });
  // A column index is only valid next to an offset index (Parquet spec).
  const columnIndex = offsetIndex
    ? await attempt(async () => {
        const raw = await region(handle, from.column_index_offset, from.column_index_length, footerStart);
        if (!raw) return undefined;
        const t = deserializeTCompactProtocol({ view: view(raw), offset: 0 });
        const n = offsetIndex.page_locations.length;
        const nullPages: unknown = t.field_1;
        const mins: unknown = t.field_2;
        const maxs: unknown = t.field_3;
        const nulls: unknown = t.field_5;
        const order = BOUNDARY_ORDERS[t.field_4 as number];
        const okList = (xs: unknown, ok: (x: unknown) => boolean): boolean => Array.isArray(xs) && xs.length === n && xs.every(ok);
        if (!okList(nullPages, (x) => typeof x === 'boolean') || !okList(mins, (x) => x instanceof Uint8Array) || !okList(maxs, (x) => x instanceof Uint8Array) || order === undefined) return undefined;
        const index: ColumnIndex = { null_pages: nullPages as boolean[], min_values: mins as Uint8Array[], max_values: maxs as Uint8Array[], boundary_order: order };
        if (okList(nulls, (x) => typeof x === 'bigint')) index.null_counts = nulls as bigint[];
        const nans: unknown = t.field_8;
        if (okList(nans, (x) => typeof x === 'bigint')) index.nan_counts = nans as bigint[];
        return index;
      })
    : undefined;
  const bloomFilter = await attempt(async () => {
    const raw = await region(handle, from.meta_data?.bloom_filter_offset, from.meta_data?.bloom_filter_length, footerStart);
    if (!raw) return undefined;
    const bloom = readBloomFilter({ view: view(raw), offset: 0 });
    return bloom && bloom.blocks.length % 8 === 0 ? bloom.blocks : undefined;
  });
  if (!offsetIndex && !bloomFilter) return undefined;
  return { chunk: to, ...(offsetIndex ? { offsetIndex } : {}), ...(columnIndex ? { columnIndex } : {}), ...(bloomFilter ? { bloomFilter } : {}) };
}

async function region(handle: FileHandle, offset: bigint | undefined, length: number | undefined, footerStart: number): Promise<Uint8Array | undefined> {
  if (offset === undefined || length === undefined || length <= 0) return undefined;
  const start = Number(offset);
  if (!Number.isSafeInteger(start) || start < 4 || start + length > footerStart) return undefined;
  return readAt(handle, start, length);
}

async function attempt<T>(read: () => Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await read();
  } catch {
    return undefined;
  }
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
