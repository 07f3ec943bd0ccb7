/**
 * Read Parquet into an Arrow Table with hyparquet + hyparquet-compressors (chosen on measured
 * compatibility: 73/83 of parquet-testing and 17/17 of the ML corpus; see docs/io.md). One Arrow
 * record batch per row group. Types are kept faithfully (see parquet-types.ts); anything hyparquet
 * cannot decode, and anything we do not support, is refused with an error naming the feature.
 */
import { Data, Field, RecordBatch, Schema, Struct, Table, makeData } from 'apache-arrow';
import { parquetMetadata, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import { unifyDictionaries } from '../arrow/build.js';
import { ARROW_SCHEMA_KEY, decodeArrowSchema } from '../arrow/schema-metadata.js';
import { inputError, wrapReadError } from '../input-error.js';
import { checkParquetPages } from './pages.js';
import { rowGroupDecoder } from './row-groups.js';
import { RAW_PARSERS } from './to-arrow.js';
import { type ColumnPlan, UnsupportedParquetFeature, planColumn } from './types.js';

export interface ParquetReadResult {
  table: Table;
  metadata: Map<string, string>;
}

/**
 * Parse Parquet bytes into an Arrow Table plus the footer's key-value metadata (without the
 * ARROW:schema entry, which is a type hint consumed here).
 * @example const { table } = await readParquet(fs.readFileSync('train.parquet'), 'train.parquet');
 */
export async function readParquet(bytes: Uint8Array, source: string): Promise<ParquetReadResult> {
  // hyparquet wants an ArrayBuffer of exactly the file: copy only when `bytes` is a view into a larger one.
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  const buffer = (whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as ArrayBuffer;
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(buffer, { parsers: RAW_PARSERS, geoparquet: false });
  } catch (err) {
    throw wrapReadError(source, 'the Parquet footer is unreadable', err);
  }
  const { kv, plans, rawMetadata } = planParquetFile(metadata, source);

  // hyparquet loops forever on some corrupt page headers; refuse them first (see parquet-pages.ts).
  await checkParquetPages(metadata, bytes.byteLength, (start, end) => bytes.subarray(start, end), source);
  const file: AsyncBuffer = { byteLength: buffer.byteLength, slice: (start, end) => buffer.slice(start, end) };
  const schema = new Schema(plans.map((p) => p.field));
  const batches: RecordBatch[] = [];
  try {
    // Flat number and string columns decode straight into Arrow buffers, the rest through hyparquet
    // (parquet-row-groups.ts; unannotated byte arrays are strings if row group 0 is valid UTF-8).
    const decoder = rowGroupDecoder(file, rawMetadata, plans);
    for (let index = 0; index < decoder.numRowGroups; index++) {
      const length = decoder.rows(index);
      const children: Data[] = await decoder.decode(index);
      const batchSchema = batches[0]?.schema ?? new Schema(plans.map((p) => p.field));
      batches.push(new RecordBatch(batchSchema, makeData({ type: new Struct(batchSchema.fields), length, children })));
    }
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    if (/string longer than|Array buffer allocation failed|Invalid array length: \d{10,}/i.test(detail)) {
      throw inputError(source, `a value is too large to hold in memory (${detail}).`, 'JavaScript strings are limited to 512 MiB; split or shrink that column.', err);
    }
    const unsupported = /not supported|unsupported/i.test(detail);
    throw wrapReadError(
      source,
      unsupported ? 'it uses a Parquet feature this tool does not support' : 'a column could not be decoded',
      err,
      unsupported ? 'Convert the file (e.g. with pyarrow or DuckDB) without that feature.' : undefined,
    );
  }
  const table = batches.length ? unifyDictionaries(new Table(batches)) : new Table(schema);
  return { table, metadata: kv };
}

/** Refuse encryption up front: the bytes of encrypted columns would decode as garbage. */
function checkSupported(metadata: FileMetaData): void {
  for (const rg of metadata.row_groups) {
    for (const col of rg.columns) {
      if (col.crypto_metadata || col.encrypted_column_metadata) throw new UnsupportedParquetFeature('column encryption');
      if (!col.meta_data) throw new UnsupportedParquetFeature('column chunks without metadata (encrypted or external)');
      if (col.file_path) throw new UnsupportedParquetFeature(`column data in an external file ('${col.file_path}')`);
    }
  }
}

/**
 * A copy of the metadata whose top-level DECIMAL columns lose their annotation, so hyparquet hands
 * back the unscaled integers (it would otherwise divide them into inexact doubles).
 */
function withRawDecimals(metadata: FileMetaData, names: Set<string>): FileMetaData {
  if (names.size === 0) return metadata;
  const tree = parquetSchema(metadata);
  const leaves = new Set(tree.children.filter((c) => names.has(c.element.name)).map((c) => c.element));
  const schema = metadata.schema.map((e) => (leaves.has(e) ? { ...e, converted_type: undefined, logical_type: undefined } : e));
  return { ...metadata, schema };
}

/** What both Parquet readers (whole file, row group by row group) derive from the footer. */
export interface ParquetFilePlan {
  /** Footer key-value metadata, without ARROW:schema. */
  readonly kv: Map<string, string>;
  /** One plan per top-level column: its Arrow field and how to decode it. */
  readonly plans: ColumnPlan[];
  /** The footer with decimal columns set to be read as raw bytes (exact Decimal128). */
  readonly rawMetadata: FileMetaData;
}

/**
 * Plan every column from the footer, with the ARROW:schema entry as a type hint (dictionary,
 * fixed-size list, time zone, field metadata such as an image column's shape).
 */
export function planParquetFile(metadata: FileMetaData, source: string): ParquetFilePlan {
  const kv = new Map<string, string>();
  for (const { key, value } of metadata.key_value_metadata ?? []) kv.set(key, value ?? '');
  const hints = decodeArrowSchema(kv.get(ARROW_SCHEMA_KEY));
  kv.delete(ARROW_SCHEMA_KEY);
  try {
    checkSupported(metadata);
    const tree = parquetSchema(metadata);
    const plans = tree.children.map((node, i) => {
      const chunks = metadata.row_groups.map((rg) => rg.columns[i]).filter((c) => c !== undefined);
      const hint = hints?.fields.find((f) => f.name === node.element.name);
      const plan = planColumn(node, chunks, hint);
      return hint?.metadata.size ? { ...plan, field: new Field(plan.name, plan.field.type, true, hint.metadata) } : plan;
    });
    const rawMetadata = withRawDecimals(metadata, new Set(plans.filter((p) => p.kind === 'decimal-raw').map((p) => p.name)));
    return { kv, plans, rawMetadata };
  } catch (err) {
    if (err instanceof UnsupportedParquetFeature) {
      throw inputError(source, `it uses a Parquet feature this tool does not support: ${err.message}.`, 'Convert the file (e.g. with pyarrow or DuckDB) without that feature.', err);
    }
    throw wrapReadError(source, 'the Parquet schema is invalid', err);
  }
}
