/**
 * Decode the row groups of one Parquet file into Arrow column data, one row group at a time, from
 * an open file handle. Flat number and string columns take the fast path of parquet-flat-column.ts
 * (pages decoded straight into Arrow buffers, the bytes of those columns fetched in one read);
 * every other column goes through hyparquet's general reader and `toData`, as `readParquet` does.
 * Used by the streaming reader in the main thread and by the read workers.
 */
import type { Data } from 'apache-arrow';
import { Binary, Field } from 'apache-arrow';
import { parquetScan, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, ColumnMetaData, FileMetaData, SchemaTree } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { decodeFlatColumn, flatColumnKind, type FlatColumnKind } from './flat-column.js';
import type { ColumnPlan } from './types.js';
import { RAW_PARSERS, allUtf8, toData } from './to-arrow.js';

export interface RowGroupDecoder {
  readonly numRowGroups: number;
  /** Rows in row group `index`. */
  rows(index: number): number;
  /** Uncompressed bytes of row group `index` (from the footer), to bound how many are in flight. */
  bytes(index: number): number;
  /**
   * The Arrow data of every column of row group `index`. Unannotated byte-array columns become
   * Binary for good when row group 0 is not valid UTF-8 (the rule of `readParquet`), so decode
   * row group 0 first.
   */
  decode(index: number): Promise<Data[]>;
  /** Start reading the bytes of row group `index` now (decode it later), to overlap file reads with work on the previous one. */
  prefetch(index: number): void;
  /** Wait for a pending prefetch (before closing the file). */
  settle(): Promise<void>;
}

interface FlatColumn {
  kind: FlatColumnKind;
  node: SchemaTree;
  /** Index of the column chunk in each row group. */
  chunk: number;
}

/**
 * A decoder over `file` (positioned reads) for the columns planned in `plans` (mutated by the
 * UTF-8 rule above, so share the array with whoever builds the schema).
 * @example const dec = rowGroupDecoder(handleBuffer(handle, size), metadata, plans); const cols = await dec.decode(0);
 */
export function rowGroupDecoder(file: AsyncBuffer, rawMetadata: FileMetaData, plans: ColumnPlan[]): RowGroupDecoder {
  const tree = parquetSchema(rawMetadata);
  const flat: (FlatColumn | undefined)[] = plans.map((plan) => {
    const node = tree.children.find((c) => c.element.name === plan.name);
    if (!node) return undefined;
    const kind = flatColumnKind(plan, node);
    const chunk = rawMetadata.row_groups[0]?.columns.findIndex((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === plan.name) ?? -1;
    if (!kind || chunk < 0) return undefined;
    // The chunk index must hold in every row group (it does for any writer we know; check anyway).
    const same = rawMetadata.row_groups.every((rg) => rg.columns[chunk]?.meta_data?.path_in_schema.join('.') === plan.name);
    return same ? { kind, node, chunk } : undefined;
  });
  const starts: number[] = [];
  let at = 0;
  for (const rg of rawMetadata.row_groups) {
    starts.push(at);
    at += Number(rg.num_rows);
  }
  let scan: Promise<Awaited<ReturnType<typeof parquetScan>>> | undefined;
  const general = () => (scan ??= parquetScan({ file, metadata: rawMetadata, compressors, utf8: false, parsers: RAW_PARSERS, geoparquet: false }));

  let prefetched: { index: number; bytes: Promise<Map<number, Uint8Array>> } | undefined;
  const fetch = (index: number): Promise<Map<number, Uint8Array>> => {
    if (prefetched?.index === index) {
      const { bytes } = prefetched;
      prefetched = undefined;
      return bytes;
    }
    return readFlatChunks(file, rawMetadata.row_groups[index]!.columns, flat);
  };
  return {
    numRowGroups: rawMetadata.row_groups.length,
    prefetch(index) {
      if (index >= rawMetadata.row_groups.length || prefetched?.index === index) return;
      const bytes = readFlatChunks(file, rawMetadata.row_groups[index]!.columns, flat);
      bytes.catch(() => undefined); // reported by decode()
      prefetched = { index, bytes };
    },
    async settle() {
      await prefetched?.bytes.catch(() => undefined);
      prefetched = undefined;
    },
    rows: (index) => Number(rawMetadata.row_groups[index]!.num_rows),
    bytes: (index) => Number(rawMetadata.row_groups[index]!.total_byte_size),
    async decode(index) {
      const rg = rawMetadata.row_groups[index]!;
      const length = Number(rg.num_rows);
      const rowStart = starts[index]!;
      const fastBytes = await fetch(index);
      const out: Data[] = [];
      for (const [i, plan] of plans.entries()) {
        const f = flat[i];
        const bytes = fastBytes.get(i);
        const meta = f ? rg.columns[f.chunk]?.meta_data : undefined;
        const fast = f && bytes && meta ? decodeFlatColumn(bytes, meta, f.node, plan.field.type, f.kind, length) : undefined;
        if (fast) {
          out.push(fast);
          continue;
        }
        const values = await (await general()).readColumn({ column: plan.name, rowStart, rowEnd: rowStart + length });
        if (values.length !== length) throw new Error(`column '${plan.name}' has ${values.length} values in a row group of ${length} rows`);
        if (plan.kind === 'bytes-or-utf8' && index === 0 && !allUtf8(values)) {
          plans[i] = { name: plan.name, kind: 'plain', field: new Field(plan.name, new Binary(), true, plan.field.metadata) };
        }
        out.push(toData(plans[i]!, values));
      }
      return out;
    },
  };
}

/** Where a column chunk's pages sit in the file (the dictionary page first when there is one). */
function chunkRange(meta: ColumnMetaData): [number, number] {
  const dict = Number(meta.dictionary_page_offset ?? 0);
  const data = Number(meta.data_page_offset);
  const start = dict > 0 && dict < data ? dict : data;
  return [start, start + Number(meta.total_compressed_size)];
}

/** The bytes of every fast-path column chunk of one row group, fetched in one read when they sit together. */
async function readFlatChunks(file: AsyncBuffer, columns: readonly { meta_data?: ColumnMetaData }[], flat: readonly (FlatColumn | undefined)[]): Promise<Map<number, Uint8Array>> {
  const ranges = new Map<number, [number, number]>();
  for (const [i, f] of flat.entries()) {
    const meta = f ? columns[f.chunk]?.meta_data : undefined;
    if (meta) ranges.set(i, chunkRange(meta));
  }
  const out = new Map<number, Uint8Array>();
  if (ranges.size === 0) return out;
  const all = [...ranges.values()];
  const lo = Math.min(...all.map(([s]) => s));
  const hi = Math.max(...all.map(([, e]) => e));
  const needed = all.reduce((s, [a, b]) => s + (b - a), 0);
  if (hi - lo <= needed * 1.25 + (1 << 20)) {
    const span = new Uint8Array(await file.slice(lo, hi));
    for (const [i, [s, e]] of ranges) out.set(i, span.subarray(s - lo, e - lo));
  } else {
    for (const [i, [s, e]] of ranges) out.set(i, new Uint8Array(await file.slice(s, e)));
  }
  return out;
}
