/**
 * The `ARROW:schema` key of Parquet key-value metadata: the Arrow schema, as one base64-encoded IPC
 * schema message, that Arrow writers (pyarrow, arrow-rs) store so that types Parquet cannot express
 * come back on read: dictionary (pandas `category`), fixed-size lists, time-zone names.
 * We read it as a hint and write it so pandas restores those types from our files too.
 */
import { Schema, Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { checkArrowFraming } from './framing.js';

export const ARROW_SCHEMA_KEY = 'ARROW:schema';

const EOS = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/** The Arrow schema stored in `base64`, or undefined when it is absent or unreadable. */
export function decodeArrowSchema(base64: string | undefined): Schema | undefined {
  if (!base64) return undefined;
  try {
    const message = Buffer.from(base64, 'base64');
    // The message followed by an end-of-stream marker is a valid IPC stream with no batches.
    const stream = new Uint8Array(message.length + EOS.length);
    stream.set(message, 0);
    stream.set(EOS, message.length);
    // A corrupt schema message can make apache-arrow loop forever (e.g. a field-children cycle):
    // check its framing first; a failed check drops the hint like any other unreadable one.
    checkArrowFraming(stream, ARROW_SCHEMA_KEY, 'arrow-stream');
    return tableFromIPC(stream).schema;
  } catch {
    return undefined; // a hint only: the Parquet schema alone still reads the file
  }
}

/** `schema` (without its key-value metadata, which Parquet stores on its own) as ARROW:schema. */
export function encodeArrowSchema(schema: Schema): string {
  const bare = new Schema(schema.fields, new Map(), schema.dictionaries);
  const stream = tableToIPC(new Table(bare), 'stream');
  // The first message is the schema: continuation marker, int32 length, then that many bytes.
  const view = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  const length = view.getInt32(4, true);
  return Buffer.from(stream.subarray(0, 8 + length)).toString('base64');
}
