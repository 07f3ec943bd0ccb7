/**
 * Whether the copy pass can splice the input's row groups into the output byte for byte, and the
 * output schema if so. The splice must be exact or not happen: every condition below that fails
 * sends the run down the decode/re-encode path (write-batches.ts), with the reason in the progress
 * messages. Conditions: Parquet in and out; plain (unencrypted) footers; flat columns; the same
 * schema in every part; column chunks that are contiguous byte ranges inside the file, with
 * codecs and encodings hyparquet-writer can name in a footer; input schema elements into which
 * the synthetic rows (Arrow batches) encode to the same values; no nulls in REQUIRED columns.
 */
import { open } from 'node:fs/promises';
import { DataType, type Field, type RecordBatch, type Schema } from 'apache-arrow';
import type { OutputFormat } from '../types.js';
import { columnWriter } from './write.js';
import { hivePartitions, type BatchSource } from '../batch-source.js';
import { readParquetFooter, type ParquetFooter } from './footer.js';
import type { WriterSchemaElement } from './splice-statistics.js';

export interface SplicePart {
  readonly file: string;
  readonly footer: ParquetFooter;
  /** UTF-8 bytes of the Hive partition values the source adds as columns, in column order. */
  readonly partitionValues: readonly Uint8Array[];
}

export interface SplicePlan {
  readonly parts: readonly SplicePart[];
  /** Output schema: root, the input files' columns as stored, partition columns, the provenance column. */
  readonly elements: WriterSchemaElement[];
  /** Columns stored in the input files (the leading output columns). */
  readonly fileColumns: number;
}

/** What a splice copies: the input's parts, the output schema, and the rows appended after them. */
export interface SpliceInput {
  readonly source: BatchSource;
  /** Output columns: the input's, then the appended ones (the provenance column). */
  readonly schema: Schema;
  synthetic(): AsyncGenerator<RecordBatch>;
}

export type SpliceDecision = { readonly copy: 'row-groups'; readonly plan: SplicePlan } | { readonly copy: 're-encoded'; readonly reason: string };

/** Codecs and encodings hyparquet-writer 0.17's footer writer can name (an unknown one would be written as -1). */
const CODECS = new Set(['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'LZO', 'BROTLI', 'LZ4', 'ZSTD', 'LZ4_RAW']);
export const ENCODINGS = new Set(['PLAIN', 'PLAIN_DICTIONARY', 'RLE', 'BIT_PACKED', 'DELTA_BINARY_PACKED', 'DELTA_LENGTH_BYTE_ARRAY', 'DELTA_BYTE_ARRAY', 'RLE_DICTIONARY', 'BYTE_STREAM_SPLIT']);
const LOGICAL_TYPES = new Set(['STRING', 'ENUM', 'DECIMAL', 'DATE', 'TIME', 'TIMESTAMP', 'INTEGER', 'JSON', 'BSON', 'UUID', 'FLOAT16']);

class NotSpliceable extends Error {}
const refuse = (reason: string): never => {
  throw new NotSpliceable(reason);
};

/**
 * Decide how the copy pass of `run` writes a `format` file: 'row-groups' (raw copy) with its plan,
 * or 're-encoded' with the reason.
 * @example const d = await planSplice(run, 'parquet'); if (d.copy === 're-encoded') console.log(d.reason);
 */
export async function planSplice(run: SpliceInput, format: OutputFormat): Promise<SpliceDecision> {
  try {
    return { copy: 'row-groups', plan: await plan(run, format) };
  } catch (err) {
    if (err instanceof NotSpliceable) return { copy: 're-encoded', reason: err.message };
    throw err;
  }
}

async function plan(run: SpliceInput, format: OutputFormat): Promise<SplicePlan> {
  const { source, schema } = run;
  if (format !== 'parquet') refuse(`the output is ${format}, not Parquet`);
  if (source.format !== 'parquet' && source.format !== 'parquet-dataset') refuse(`the input is ${source.format}, not Parquet`);
  if (source.files.length === 0) refuse('the input has no files');

  const footers: ParquetFooter[] = [];
  for (const file of source.files) {
    const handle = await open(file, 'r');
    try {
      footers.push(await readParquetFooter(handle));
    } catch (err) {
      refuse(`'${file}': ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      await handle.close();
    }
  }
  const [root, ...columns] = footers[0]!.metadata.schema as WriterSchemaElement[];
  if (root!.num_children !== columns.length || columns.some((c) => !c.type || c.num_children || c.repetition_type === 'REPEATED')) {
    refuse('the input has nested columns');
  }
  const signature = JSON.stringify(columns);
  for (const [i, footer] of footers.entries()) {
    if (JSON.stringify(footer.metadata.schema.slice(1)) !== signature) refuse(`'${source.files[i]}' has a schema unlike '${source.files[0]}'`);
    checkChunks(footer, columns, source.files[i]!);
  }

  // The output columns: the files' columns, the partition columns the source adds, the provenance column.
  const sourceFields = source.schema.fields;
  const outFields = schema.fields;
  const names = columns.map((c) => c.name);
  if (sourceFields.length < names.length || names.some((n, i) => sourceFields[i]!.name !== n)) refuse("the input columns are not the files' columns");
  const extras = sourceFields.slice(names.length);
  if (outFields.length !== sourceFields.length + 1 || !DataType.isBool(outFields.at(-1)!.type)) refuse('unexpected output columns');
  if (extras.length > 0 && (source.root === undefined || extras.some((f) => !DataType.isUtf8(f.type)))) refuse('the input has added columns that are not Hive partitions');
  const encoder = new TextEncoder();
  const parts = source.files.map((file, i): SplicePart => {
    const values = new Map(source.root === undefined ? [] : hivePartitions(source.root, file));
    const partitionValues = extras.map((f) => encoder.encode(values.get(f.name) ?? refuse(`'${file}' has no partition value for '${f.name}'`)));
    return { file, footer: footers[i]!, partitionValues };
  });

  const elements: WriterSchemaElement[] = [];
  for (const [i, column] of columns.entries()) {
    const ours = ourElement(outFields[i]!);
    const kind = valueKind(column);
    if (kind === undefined || kind !== valueKind(ours)) {
      refuse(`column '${column.name}' (${describe(column)}) cannot take the synthetic rows exactly (they would be written as ${describe(ours)})`);
    }
    elements.push(normalized(column));
  }
  for (const f of extras) elements.push(ourElement(f));
  elements.push({ name: outFields.at(-1)!.name, type: 'BOOLEAN', repetition_type: 'REQUIRED' });

  // Copied pages of a REQUIRED column have no definition levels, so it must stay REQUIRED.
  const required = columns.flatMap((c, i) => (c.repetition_type === 'REQUIRED' ? [i] : []));
  if (required.length > 0) {
    for await (const batch of run.synthetic()) {
      for (const i of required) {
        if ((batch.getChildAt(i)?.nullCount ?? 0) > 0) refuse(`column '${names[i]}' is REQUIRED in the input but synthetic rows have nulls in it`);
      }
    }
  }
  return { parts, elements: [{ name: root!.name, num_children: elements.length }, ...elements], fileColumns: columns.length };
}

/** Each column chunk must be a plain byte range before the footer, named by hyparquet-writer's enums. */
function checkChunks(footer: ParquetFooter, columns: readonly WriterSchemaElement[], file: string): void {
  for (const [r, rg] of footer.metadata.row_groups.entries()) {
    if (rg.columns.length !== columns.length) refuse(`'${file}' row group ${r} has ${rg.columns.length} column chunks`);
    const ranges: [number, number][] = [];
    for (const [c, chunk] of rg.columns.entries()) {
      const md = chunk.meta_data;
      const where = `'${file}' row group ${r} column '${columns[c]!.name}'`;
      if (!md || chunk.file_path || chunk.crypto_metadata || chunk.encrypted_column_metadata) refuse(`${where} is stored elsewhere or encrypted`);
      if (md!.type !== columns[c]!.type || md!.path_in_schema.join('.') !== columns[c]!.name) refuse(`${where} does not match the schema`);
      if (!CODECS.has(md!.codec) || md!.encodings.some((e) => !ENCODINGS.has(e))) refuse(`${where} uses a codec or encoding the footer writer cannot name`);
      ranges.push(chunkRange(md!, footer.footerStart) ?? refuse(`${where} has an invalid byte range`));
    }
    ranges.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < ranges.length; i++) if (ranges[i]![0] < ranges[i - 1]![1]) refuse(`'${file}' row group ${r} has overlapping column chunks`);
  }
}

/**
 * The byte range [start, end) of a column chunk: from its dictionary page (or first data page,
 * which some writers point at the dictionary page) over total_compressed_size bytes; undefined
 * when it is not inside [4, footerStart).
 */
export function chunkRange(md: { dictionary_page_offset?: bigint; data_page_offset: bigint; index_page_offset?: bigint; total_compressed_size: bigint }, footerStart: number): [number, number] | undefined {
  const dict = md.dictionary_page_offset ? Number(md.dictionary_page_offset) : undefined;
  const data = Number(md.data_page_offset);
  if (dict !== undefined && dict > data) return undefined;
  const start = dict ?? data;
  const end = start + Number(md.total_compressed_size);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 4 || end <= data || end > footerStart) return undefined;
  return [start, end];
}

/** The element our own writer would give `field` (as the decode path writes it). */
function ourElement(field: Field): WriterSchemaElement {
  let elements: WriterSchemaElement[] = [];
  try {
    elements = columnWriter(field, 'the output').elements;
  } catch {
    // refused below
  }
  if (elements.length !== 1) refuse(`column '${field.name}' of type ${String(field.type)} has no flat Parquet form`);
  return elements[0]!;
}

/**
 * What values hyparquet-writer expects for an element, as produced from our Arrow batches by
 * write-parquet.ts's columnWriter: two elements with the same kind take the same JS values and
 * encode them to the same stored values. Undefined for anything not known to be exact.
 */
function valueKind(e: WriterSchemaElement): string | undefined {
  const ct = e.converted_type;
  const lt = e.logical_type;
  if (lt !== undefined && !LOGICAL_TYPES.has(lt.type)) return undefined;
  const decimal = ct === 'DECIMAL' || lt?.type === 'DECIMAL';
  if (decimal) {
    const p = lt?.type === 'DECIMAL' ? lt.precision : e.precision;
    const s = lt?.type === 'DECIMAL' ? lt.scale : (e.scale ?? 0);
    const fits = e.type === 'INT32' || e.type === 'INT64' || (e.type === 'FIXED_LEN_BYTE_ARRAY' && (e.type_length ?? 0) > 0);
    return fits ? `decimal(${p},${s})` : undefined;
  }
  switch (e.type) {
    case 'BOOLEAN':
    case 'FLOAT':
    case 'DOUBLE':
      return ct === undefined && lt === undefined ? e.type : undefined;
    case 'INT32':
    case 'INT64': {
      if (ct === 'DATE' || lt?.type === 'DATE') return e.type === 'INT32' ? 'date' : undefined;
      if (lt?.type === 'TIMESTAMP') return e.type === 'INT64' ? `timestamp-${lt.unit}` : undefined;
      if (ct === 'TIMESTAMP_MILLIS' || ct === 'TIMESTAMP_MICROS') return e.type === 'INT64' && lt === undefined ? `timestamp-${ct.slice('TIMESTAMP_'.length)}` : undefined;
      let bits = e.type === 'INT32' ? 32 : 64;
      let signed = true;
      if (lt?.type === 'INTEGER') {
        bits = lt.bitWidth;
        signed = lt.isSigned;
      } else if (lt !== undefined) {
        return undefined;
      } else if (ct !== undefined) {
        const m = /^(U?)INT_(8|16|32|64)$/.exec(ct);
        if (!m) return undefined;
        signed = m[1] === '';
        bits = Number(m[2]);
      }
      if ((bits === 64) !== (e.type === 'INT64')) return undefined;
      return `int${bits}${signed ? '' : 'u'}`;
    }
    case 'BYTE_ARRAY':
      if (ct === undefined && lt === undefined) return 'bytes';
      if ((ct === undefined || ct === 'UTF8' || ct === 'ENUM') && (lt === undefined || lt.type === 'STRING' || lt.type === 'ENUM')) return 'bytes';
      return undefined;
    default:
      return undefined;
  }
}

/**
 * The input element as the output footer carries it. hyparquet-writer 0.17 writes the INTEGER
 * logical type's bit width as an i32 where the spec says i8 (DuckDB then rejects the footer), so
 * an INTEGER annotation is carried by the equivalent converted_type instead, as write-parquet.ts does.
 */
function normalized(e: WriterSchemaElement): WriterSchemaElement {
  const out: WriterSchemaElement = { ...e };
  for (const k of Object.keys(out) as (keyof WriterSchemaElement)[]) if (out[k] === undefined) delete out[k];
  const lt = out.logical_type;
  if (lt?.type === 'INTEGER') {
    delete out.logical_type;
    const plain = lt.isSigned && lt.bitWidth === (out.type === 'INT64' ? 64 : 32);
    if (out.converted_type === undefined && !plain) out.converted_type = `${lt.isSigned ? '' : 'U'}INT_${lt.bitWidth}` as WriterSchemaElement['converted_type'];
  }
  return out;
}

function describe(e: WriterSchemaElement): string {
  const parts = [e.type ?? 'group', e.converted_type, e.logical_type?.type].filter((x) => x !== undefined);
  return parts.join(' ');
}
