/**
 * Check a Parquet file's column-chunk ranges and page headers before hyparquet decodes pages.
 * hyparquet trusts the page header: a DATA_PAGE_V2 header whose fields were mangled (no
 * num_values, no level byte lengths) sets its reader offset to NaN, and its RLE/bit-packed level
 * decoder then re-reads byte 0 forever (test/integration/fixtures/hang-parquet-0.bin). We validate
 * rather than read in a worker with a time limit: walking the page headers costs one small thrift
 * parse per page (no decompression, no decoding) and catches the corrupt header exactly, with a
 * message that says which column and page is wrong. Headers are parsed with hyparquet's own
 * `parquetHeader`, so we check what it will see.
 */
import type { ColumnMetaData, FileMetaData, PageHeader } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { inputError } from '../input-error.js';

/** Positioned reads: the in-memory reader answers from its buffer, the streaming one from its file. */
export type ReadRange = (start: number, end: number) => Uint8Array | Promise<Uint8Array>;

/** First guess at a page header's size; doubled while the header runs past it (headers with statistics can be large). */
const HEADER_WINDOW = 1024;

class PageError extends Error {}

function fail(problem: string): never {
  throw new PageError(problem);
}

/** The largest page, once decompressed, this reader accepts (writers default to 1 MiB pages). */
export const MAX_PAGE_BYTES = 512 * 1024 * 1024;
/** The most rows one row group may claim (writers default to about 1 million). */
export const MAX_ROW_GROUP_ROWS = 64 * 1024 * 1024;

/**
 * The most bytes `compressed` bytes can decompress to with each codec, from the formats' best
 * cases (Snappy: 64 bytes per 3-byte copy; LZ4: about 255:1; deflate: 1032:1). ZSTD and Brotli
 * can do far better, so only MAX_PAGE_BYTES bounds them.
 */
const EXPANSION: Readonly<Record<string, (compressed: number) => number>> = {
  UNCOMPRESSED: (c) => c,
  SNAPPY: (c) => c * 22 + 32,
  LZ4: (c) => c * 256 + 64,
  LZ4_RAW: (c) => c * 256 + 64,
  GZIP: (c) => c * 1032 + 64,
};

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Refuse a Parquet file whose column chunks lie outside it or whose page headers are
 * inconsistent, with a GanAugmentError('input') naming `source`, the column and the problem.
 * Reads only page headers (a few hundred bytes per page), never page data.
 * @example await checkParquetPages(metadata, bytes.length, (s, e) => bytes.subarray(s, e), 'train.parquet');
 */
export async function checkParquetPages(metadata: FileMetaData, fileSize: number, read: ReadRange, source: string): Promise<void> {
  for (const [g, rowGroup] of metadata.row_groups.entries()) {
    const rows = Number(rowGroup.num_rows);
    if (!Number.isSafeInteger(rows) || rows < 0 || rows > MAX_ROW_GROUP_ROWS) {
      throw inputError(source, `row group ${g} claims ${String(rowGroup.num_rows)} rows; this reader accepts at most ${MAX_ROW_GROUP_ROWS} per row group.`, 'The file is corrupt, or re-write it with smaller row groups (e.g. pyarrow row_group_size).');
    }
    for (const chunk of rowGroup.columns) {
      const meta = chunk.meta_data;
      if (!meta) continue; // refused by checkSupported
      const column = meta.path_in_schema.join('.');
      try {
        await checkChunk(meta, fileSize, read);
      } catch (err) {
        if (!(err instanceof PageError)) throw err;
        throw inputError(
          source,
          `column '${column}' in row group ${g} is corrupt: ${err.message}.`,
          'The file is corrupt or truncated; re-export it from the tool that wrote it.',
          err,
        );
      }
    }
  }
}

/**
 * One column chunk, walked the way hyparquet reads it: from the dictionary (or first data) page
 * over `total_compressed_size` bytes, page after page, until the chunk's values are all seen.
 */
async function checkChunk(meta: ColumnMetaData, fileSize: number, read: ReadRange): Promise<void> {
  const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
  const size = Number(meta.total_compressed_size);
  const values = Number(meta.num_values);
  if (!Number.isSafeInteger(start) || start < 4 || start >= fileSize) fail(`its first page offset (${start}) is outside the file (${fileSize} bytes)`);
  if (!Number.isSafeInteger(size) || size < 0) fail(`its size (${size} bytes) is invalid`);
  if (!Number.isSafeInteger(values) || values < 0) fail(`its value count (${values}) is invalid`);
  // Some writers leave out dictionary_page_offset, so start + size may overshoot; hyparquet then stops on the value count.
  const end = Math.min(start + size, fileSize);
  let at = start;
  let seen = 0;
  for (let page = 0; seen < values && at < end - 1; page++) {
    const { header, headerSize } = await readHeader(read, at, end, page);
    const where = `page ${page} (at byte ${at})`;
    if (!isCount(header.compressed_page_size) || !isCount(header.uncompressed_page_size)) fail(`${where} has an invalid page size`);
    const dataEnd = at + headerSize + header.compressed_page_size;
    if (dataEnd > end) fail(`${where} has ${header.compressed_page_size} bytes of data, past the end of its column chunk (byte ${end})`);
    checkExpansion(header, meta.codec, where);
    seen += checkPage(header, values, where);
    at = dataEnd;
  }
}

/** The decompressed size a page claims must fit its codec's best ratio and MAX_PAGE_BYTES: checked before anything is allocated. */
function checkExpansion(header: PageHeader, codec: string, where: string): void {
  const claimed = header.uncompressed_page_size;
  if (claimed > MAX_PAGE_BYTES) fail(`${where} claims ${claimed} bytes uncompressed, more than the ${MAX_PAGE_BYTES} this reader accepts per page`);
  const stored = header.data_page_header_v2?.is_compressed === false ? EXPANSION.UNCOMPRESSED! : EXPANSION[codec];
  if (stored && claimed > stored(header.compressed_page_size)) {
    fail(`${where} claims ${claimed} bytes uncompressed from ${header.compressed_page_size} bytes of ${codec} data, more than ${codec} can hold`);
  }
}

async function readHeader(read: ReadRange, at: number, end: number, page: number): Promise<{ header: PageHeader; headerSize: number }> {
  for (let window = HEADER_WINDOW; ; window *= 2) {
    const stop = Math.min(at + window, end);
    const bytes = await read(at, stop);
    const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
    try {
      const header = parquetHeader(reader);
      return { header, headerSize: reader.offset };
    } catch (err) {
      // Perhaps it ran past the window (a long statistics value): try a larger one, unless the
      // window already reached the chunk's end. Doubling keeps this to a few reads.
      if (stop < end) continue;
      fail(`page ${page} (at byte ${at}) has an unreadable header (${err instanceof Error ? err.message : String(err)})`);
    }
  }
}

/** The header of the page's own type must be there and agree with itself; returns the values it holds. */
function checkPage(header: PageHeader, chunkValues: number, where: string): number {
  switch (header.type) {
    case 'DICTIONARY_PAGE': {
      const dict = header.dictionary_page_header;
      if (!dict || !isCount(dict.num_values)) fail(`${where} is a dictionary page without a valid value count`);
      return 0;
    }
    case 'DATA_PAGE': {
      const data = header.data_page_header;
      if (!data || !isCount(data.num_values)) fail(`${where} is a data page without a valid value count`);
      if (data.num_values > chunkValues) fail(`${where} claims ${data.num_values} values, more than its column chunk's ${chunkValues}`);
      return data.num_values;
    }
    case 'DATA_PAGE_V2': {
      const v2 = header.data_page_header_v2;
      if (!v2 || !isCount(v2.num_values) || !isCount(v2.num_nulls) || !isCount(v2.num_rows)) fail(`${where} is a version 2 data page without valid value, null and row counts`);
      if (v2.num_values > chunkValues) fail(`${where} claims ${v2.num_values} values, more than its column chunk's ${chunkValues}`);
      if (v2.num_nulls > v2.num_values) fail(`${where} claims ${v2.num_nulls} nulls among ${v2.num_values} values`);
      const levels = v2.definition_levels_byte_length;
      const repeats = v2.repetition_levels_byte_length;
      if (!isCount(levels) || !isCount(repeats)) fail(`${where} is a version 2 data page without valid level lengths`);
      if (levels + repeats > header.compressed_page_size) fail(`${where} has ${levels + repeats} bytes of levels in a page of ${header.compressed_page_size} bytes`);
      return v2.num_values;
    }
    case 'INDEX_PAGE':
      return 0;
    default:
      fail(`${where} has an unknown page type (${String(header.type)})`);
  }
}
