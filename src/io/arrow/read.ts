/**
 * Read Arrow IPC (file format, aka Feather v2, and stream format) with apache-arrow, including
 * LZ4- and ZSTD-compressed files such as pandas' `to_feather` output. A file cut short is refused:
 * a file must end with its footer magic and a stream with its end-of-stream marker, so a truncated
 * copy never reads as a shorter table.
 */
import { Data, DataType, RecordBatchReader, Table } from 'apache-arrow';
import { checkArrowFraming } from './framing.js';
import { narrowIndices } from './dictionary-indices.js';
import { registerArrowCodecs } from './codecs.js';
import { inputError, wrapReadError } from '../input-error.js';

export interface ArrowReadResult {
  table: Table;
  metadata: Map<string, string>;
}

const ARROW1 = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31];

/**
 * Parse Arrow IPC bytes (file or stream) into a Table.
 * @example const { table } = readArrow(fs.readFileSync('data.feather'), 'data.feather', 'arrow-file');
 */
export function readArrow(bytes: Uint8Array, source: string, format: 'arrow-file' | 'arrow-stream'): ArrowReadResult {
  registerArrowCodecs();
  if (format === 'arrow-file' && !ARROW1.every((b, i) => bytes[bytes.length - 6 + i] === b)) {
    throw inputError(source, 'the Arrow IPC file is truncated (its footer is missing).', 'Write the file again completely.');
  }
  if (format === 'arrow-stream' && !endsWithEos(bytes)) {
    throw inputError(
      source,
      'the Arrow IPC stream is truncated (no end-of-stream marker).',
      'Make sure the writer closed the stream; a stream cut short would silently lose rows.',
    );
  }
  // apache-arrow loops forever on some corrupt framing; refuse it first (see arrow-framing.ts).
  checkArrowFraming(bytes, source, format);
  let table: Table;
  let names: string[] = [];
  try {
    const reader = RecordBatchReader.from(bytes).open({ autoDestroy: false });
    const schema = reader.schema;
    if (!schema) throw new Error('no schema message');
    names = schema.fields.map((f) => f.name);
    const batches = reader.readAll();
    table = new Table(schema, batches);
    for (const batch of batches) {
      batch.data.children.forEach((child, i) => {
        if (child.length !== batch.numRows) throw new Error(`column ${i} has ${child.length} values in a batch of ${batch.numRows} rows`);
        validateData(child, `'${batch.schema.fields[i]?.name ?? i}'`);
      });
    }
  } catch (err) {
    // apache-arrow cannot build a table whose columns share a name (pyarrow writes such files).
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice !== undefined) throw inputError(source, `it has two columns named '${twice}'; columns must have distinct names.`, 'Rename one of them (e.g. with pyarrow: table.rename_columns([...])).', err);
    throw wrapReadError(source, `invalid Arrow IPC ${format === 'arrow-file' ? 'file' : 'stream'}`, err);
  }
  return { table: narrowIndices(table), metadata: new Map(table.schema.metadata) };
}

/** The end-of-stream marker: continuation 0xFFFFFFFF then a zero length (every writer since 2019). */
function endsWithEos(bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (n < 8) return false;
  for (let i = 1; i <= 4; i++) if (bytes[n - i] !== 0 || bytes[n - 4 - i] !== 0xff) return false;
  return true;
}

/**
 * apache-arrow views buffers lazily and does not check them against the message header, so a
 * corrupt body can come back as columns whose buffers are too short (reading past them yields
 * undefined, i.e. wrong data). Check every buffer covers the values the header promises.
 */
function validateData(data: Data, where: string): void {
  const { type, offset, length } = data;
  const end = offset + length;
  const fail = (what: string): never => {
    throw new Error(`column ${where}: ${what} is shorter than its ${length} values`);
  };
  if (data.nullCount > 0 && data.nullBitmap && data.nullBitmap.length * 8 < end) fail('the validity bitmap');
  if (DataType.isNull(type)) return;
  if (DataType.isBool(type)) {
    if ((data.values?.length ?? 0) * 8 < end) fail('the value bitmap');
    return;
  }
  // Value buffers are sliced to the data's rows (only bitmaps use `offset`).
  if (data.valueOffsets) {
    if (data.valueOffsets.length < length + 1) fail('the offsets buffer');
    const last = Number(data.valueOffsets[length]);
    if (data.children.length > 0) {
      if (data.children[0]!.length < last) fail('the list values');
    } else if ((data.values?.length ?? 0) < last) {
      fail('the data buffer');
    }
  } else if (data.values && !DataType.isStruct(type) && !DataType.isFixedSizeList(type)) {
    if (data.values.length < length * data.stride) fail('the data buffer');
  }
  if (DataType.isFixedSizeList(type) && (data.children[0]?.length ?? 0) < length * type.listSize) fail('the list values');
  if (DataType.isStruct(type)) {
    for (const child of data.children) if (child.length < length) fail(`field '${child.type}'`);
  }
  for (const child of data.children) validateData(child, where);
  if (DataType.isDictionary(type)) {
    const dictionary = data.dictionary;
    if (!dictionary) throw new Error(`column ${where}: dictionary missing`);
    for (const chunk of dictionary.data) validateData(chunk, where);
    const indices = data.values as ArrayLike<number | bigint>;
    const size = dictionary.length;
    for (let i = 0; i < length; i++) {
      const k = Number(indices[i]);
      if ((k < 0 || k >= size) && data.getValid(i)) throw new Error(`column ${where}: dictionary index ${k} out of range`);
    }
  }
}
