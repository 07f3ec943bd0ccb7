/**
 * Check the framing of Arrow IPC bytes before apache-arrow reads them. apache-arrow trusts what
 * the bytes say and, on some corrupt inputs, loops forever instead of failing (found by
 * test/integration/fuzz.test.ts; reproducers in test/integration/fixtures/hang-arrow-*.bin):
 *  - a footer block that points at a message which is not a record batch makes the file reader
 *    re-read that same block endlessly (it only advances on record batches);
 *  - a flatbuffer vector length read from garbage (fields, children, nodes, buffers, blocks,
 *    metadata) drives a loop of up to 2^31 steps;
 *  - a field whose children table points back at itself (an offset cycle) makes the schema
 *    decoder recurse through an exponentially large tree.
 * We validate instead of reading in a worker with a time limit: every one of these is a cheap,
 * exact check on the framing (message prefixes, lengths, block offsets against the file size,
 * header types, vector lengths against the bytes they live in, field-tree size), and it touches
 * only metadata, never column bodies. The flatbuffer tables are read with apache-arrow's own
 * generated accessors (apache-arrow/fb/*) over flatbuffers' ByteBuffer, rather than by hand.
 */
import { ByteBuffer } from 'flatbuffers';
import { Footer } from 'apache-arrow/fb/footer';
import { Message } from 'apache-arrow/fb/message';
import { MessageHeader } from 'apache-arrow/fb/message-header';
import { RecordBatch } from 'apache-arrow/fb/record-batch';
import { DictionaryBatch } from 'apache-arrow/fb/dictionary-batch';
import { Schema } from 'apache-arrow/fb/schema';
import type { Field } from 'apache-arrow/fb/field';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { inputError } from '../input-error.js';

/** "ARROW1" plus two bytes of padding at the start, int32 footer length plus "ARROW1" at the end. */
const FILE_HEAD = 8;
const FILE_TAIL = 10;
const CONTINUATION = -1;

class FramingError extends Error {}

const HEADER_NAMES = ['no header', 'schema', 'dictionary batch', 'record batch', 'tensor', 'sparse tensor'];
const headerName = (t: number): string => HEADER_NAMES[t] ?? `unknown type ${t}`;

function fail(problem: string): never {
  throw new FramingError(problem);
}

/**
 * Random access to the bytes being checked: the checks read only message prefixes, metadata and
 * the footer, so a file on disk is checked with small synchronous reads instead of loaded whole.
 */
interface ByteSource {
  readonly length: number;
  /** Bytes [start, end); both within 0..length. */
  slice(start: number, end: number): Uint8Array;
  int32(at: number): number;
}

function memorySource(bytes: Uint8Array): ByteSource {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { length: bytes.length, slice: (start, end) => bytes.subarray(start, end), int32: (at) => dv.getInt32(at, true) };
}

function fileSource(fd: number): ByteSource {
  const length = fstatSync(fd).size;
  const slice = (start: number, end: number): Uint8Array => {
    const out = new Uint8Array(end - start);
    let got = 0;
    while (got < out.length) {
      const n = readSync(fd, out, got, out.length - got, start + got);
      if (n === 0) fail(`the data ends at byte ${start + got}, before byte ${end}`);
      got += n;
    }
    return out;
  };
  return { length, slice, int32: (at) => new DataView(slice(at, at + 4).buffer).getInt32(0, true) };
}

/**
 * Refuse Arrow IPC bytes whose framing is inconsistent, with a GanAugmentError('input') naming
 * `source` and the problem, so that apache-arrow is only handed bytes it cannot loop on.
 * @example checkArrowFraming(bytes, 'data.arrow', 'arrow-file'); // throws on corrupt framing
 */
export function checkArrowFraming(bytes: Uint8Array, source: string, format: 'arrow-file' | 'arrow-stream'): void {
  checkSource(memorySource(bytes), source, format);
}

/**
 * The same check on a file on disk, for readers that stream it batch by batch: reads only the
 * footer, message prefixes and metadata (a few small reads per batch), never column bodies.
 */
export function checkArrowFileFraming(path: string, format: 'arrow-file' | 'arrow-stream'): void {
  const fd = openSync(path, 'r');
  try {
    checkSource(fileSource(fd), path, format);
  } finally {
    closeSync(fd);
  }
}

function checkSource(bytes: ByteSource, source: string, format: 'arrow-file' | 'arrow-stream'): void {
  try {
    if (format === 'arrow-file') checkFile(bytes);
    else checkStream(bytes);
  } catch (err) {
    if (!(err instanceof FramingError)) throw err;
    const kind = format === 'arrow-file' ? 'Arrow IPC file' : 'Arrow IPC stream';
    throw inputError(source, `the ${kind} is corrupt: ${err.message}.`, 'The file is corrupt or truncated; re-export it from the tool that wrote it.', err);
  }
}

/** A vector of `length` elements of at least `size` bytes each must fit in the `room` bytes of its table. */
function checkVector(what: string, length: number, size: number, room: number): void {
  if (length < 0 || length * size > room) fail(`${what} claims ${length} entries, more than its ${room} bytes of metadata can hold`);
}

/**
 * One message at `at` (metadata within `limit`, body within `bodyLimit`): returns the end of its
 * metadata and its body length. Handles the
 * continuation marker (since 0.15) and the older bare int32 prefix.
 */
function readMessage(bytes: ByteSource, at: number, limit: number, bodyLimit: number, where: string): { message: Message; metaEnd: number; bodyLength: number; size: number } | null {
  if (at + 4 > limit) fail(`${where} starts at byte ${at}, past the end of the data (${limit})`);
  let prefix = 4;
  let size = bytes.int32(at);
  if (size === CONTINUATION) {
    if (at + 8 > limit) fail(`${where} at byte ${at} is cut off after its continuation marker`);
    prefix = 8;
    size = bytes.int32(at + 4);
  }
  if (size === 0) return null;
  if (size < 0) fail(`${where} at byte ${at} has a negative metadata length (${size})`);
  const metaEnd = at + prefix + size;
  if (metaEnd > limit) fail(`${where} at byte ${at} has metadata of ${size} bytes, past the end of the data (${limit})`);
  const message = Message.getRootAsMessage(new ByteBuffer(bytes.slice(at + prefix, metaEnd)));
  const body = message.bodyLength();
  if (body < 0n || metaEnd + Number(body) > bodyLimit) fail(`${where} at byte ${at} has a body of ${body} bytes, past the end of the data (${bodyLimit})`);
  checkVector(`${where} at byte ${at}: custom metadata`, message.customMetadataLength(), 4, size);
  return { message, metaEnd, bodyLength: Number(body), size };
}

/** The header tables of one message: every vector fits, the schema's field tree is a tree. */
function checkHeader(message: Message, size: number, where: string): void {
  switch (message.headerType()) {
    case MessageHeader.Schema: {
      const schema = message.header(new Schema()) as Schema | null;
      if (!schema) fail(`${where}: the schema message has no schema`);
      checkSchema(schema, size, where);
      return;
    }
    case MessageHeader.RecordBatch: {
      const batch = message.header(new RecordBatch()) as RecordBatch | null;
      if (!batch) fail(`${where}: the record batch message has no header`);
      checkBatch(batch, size, Number(message.bodyLength()), where);
      return;
    }
    case MessageHeader.DictionaryBatch: {
      const dict = message.header(new DictionaryBatch()) as DictionaryBatch | null;
      const data = dict?.data();
      if (!data) fail(`${where}: the dictionary batch message has no data`);
      checkBatch(data, size, Number(message.bodyLength()), where);
      return;
    }
    default:
      fail(`${where}: unexpected message (${headerName(message.headerType())}; expected a schema, record batch or dictionary batch)`);
  }
}

/**
 * Rows a record batch may claim beyond what its body can hold: columns of type Null take no bytes
 * at all, so a few are allowed; more would make the reader allocate for rows the file does not hold.
 */
export const MAX_BODYLESS_ROWS = 65_536;
const MAX_COMPRESSION_RATIO = 32_768n;

function checkBatch(batch: RecordBatch, size: number, body: number, where: string): void {
  if (batch.length() < 0n) fail(`${where}: a record batch has a negative row count`);
  checkVector(`${where}: field nodes`, batch.nodesLength(), 16, size);
  checkVector(`${where}: buffers`, batch.buffersLength(), 16, size);
  checkVector(`${where}: variadic buffer counts`, batch.variadicBufferCountsLength(), 8, size);
  // Every buffer lies inside the body; the row count is what the body's bits can hold.
  for (let i = 0; i < batch.buffersLength(); i++) {
    const buffer = batch.buffers(i);
    const offset = Number(buffer?.offset() ?? 0n);
    const length = Number(buffer?.length() ?? 0n);
    if (offset < 0 || length < 0 || offset + length > body) fail(`${where}: buffer ${i} (offset ${offset}, ${length} bytes) lies outside the message body of ${body} bytes`);
  }
  const rows = batch.length();
  // A compressed body holds more: up to the codecs' best ratio (ZSTD's run blocks, about 32768:1).
  const ratio = batch.compression() ? MAX_COMPRESSION_RATIO : 1n;
  const room = BigInt(body) * 8n * ratio + BigInt(MAX_BODYLESS_ROWS);
  if (rows > room) fail(`${where}: a record batch claims ${rows} rows, more than its body of ${body} bytes can hold`);
  for (let i = 0; i < batch.nodesLength(); i++) {
    const node = batch.nodes(i);
    if (node && (node.length() > room || node.nullCount() < 0n || node.nullCount() > node.length())) {
      fail(`${where}: field node ${i} claims ${node.length()} values (${node.nullCount()} null), more than its body of ${body} bytes can hold`);
    }
  }
}

/**
 * A schema's fields. Distinct tables cannot overlap, so a genuine field tree has at most one
 * field per 4 bytes of metadata; more visits means a table is reached twice (an offset cycle or
 * shared subtree), which apache-arrow would decode endlessly.
 */
function checkSchema(schema: Schema, size: number, where: string): void {
  checkVector(`${where}: schema fields`, schema.fieldsLength(), 4, size);
  checkVector(`${where}: schema metadata`, schema.customMetadataLength(), 4, size);
  checkVector(`${where}: schema features`, schema.featuresLength(), 8, size);
  let budget = Math.floor(size / 4);
  const visit = (field: Field | null, depth: number): void => {
    if (!field) return;
    if (--budget < 0 || depth > 256) fail(`${where}: the schema's field tree is cyclic or larger than its metadata`);
    checkVector(`${where}: field children`, field.childrenLength(), 4, size);
    checkVector(`${where}: field metadata`, field.customMetadataLength(), 4, size);
    for (let i = 0; i < field.childrenLength(); i++) visit(field.children(i), depth + 1);
  };
  for (let i = 0; i < schema.fieldsLength(); i++) visit(schema.fields(i), 0);
}

function checkStream(bytes: ByteSource): void {
  let at = 0;
  for (let index = 0; ; index++) {
    const where = `message ${index}`;
    const read = readMessage(bytes, at, bytes.length, bytes.length, where);
    if (!read) return; // end-of-stream marker
    const { message, metaEnd, bodyLength, size } = read;
    if (index === 0 && message.headerType() !== MessageHeader.Schema) fail('the first message is not a schema');
    checkHeader(message, size, where);
    at = metaEnd + bodyLength;
  }
}

function checkFile(bytes: ByteSource): void {
  const n = bytes.length;
  if (n < FILE_HEAD + FILE_TAIL) fail(`it has only ${n} bytes, too few for the file magic and footer`);
  const footerLength = bytes.int32(n - FILE_TAIL);
  const footerStart = n - FILE_TAIL - footerLength;
  if (footerLength <= 0 || footerStart < FILE_HEAD) fail(`the footer length (${footerLength}) does not fit in the file (${n} bytes)`);
  const footer = Footer.getRootAsFooter(new ByteBuffer(bytes.slice(footerStart, n - FILE_TAIL)));
  const schema = footer.schema();
  if (!schema) fail('the footer has no schema');
  checkSchema(schema, footerLength, 'the footer');
  checkVector('the footer: custom metadata', footer.customMetadataLength(), 4, footerLength);
  const blocks = [
    { what: 'dictionary batch', count: footer.dictionariesLength(), get: (i: number) => footer.dictionaries(i), type: MessageHeader.DictionaryBatch },
    { what: 'record batch', count: footer.recordBatchesLength(), get: (i: number) => footer.recordBatches(i), type: MessageHeader.RecordBatch },
  ];
  for (const { what, count, get, type } of blocks) {
    checkVector(`the footer: ${what} blocks`, count, 24, footerLength);
    for (let i = 0; i < count; i++) {
      const block = get(i);
      const where = `${what} ${i}`;
      if (!block) fail(`${where}: its footer block is missing`);
      const offset = Number(block.offset());
      const metaLength = block.metaDataLength();
      const body = Number(block.bodyLength());
      if (offset < FILE_HEAD || offset % 8 !== 0) fail(`${where}: its offset (${offset}) is not an 8-byte-aligned position after the file magic`);
      if (metaLength <= 0 || body < 0 || offset + metaLength + body > footerStart) {
        fail(`${where}: its block (offset ${offset}, metadata ${metaLength} bytes, body ${body} bytes) runs past the data, which ends at byte ${footerStart}`);
      }
      const read = readMessage(bytes, offset, offset + metaLength, footerStart, where);
      if (!read) fail(`${where}: its block points at an end-of-stream marker`);
      if (read.message.headerType() !== type) fail(`${where}: its footer block points at a message with ${headerName(read.message.headerType())}, not a ${what}`);
      if (read.bodyLength !== body) fail(`${where}: the message body is ${read.bodyLength} bytes but its block says ${body}`);
      checkHeader(read.message, read.size, where);
    }
  }
}
