/**
 * A Parquet file's footer read twice over the same bytes: hyparquet's parsed FileMetaData (the
 * shape hyparquet-writer serialises back) and the raw thrift fields, whose exact statistics bytes
 * the row-group splice needs to check that a parse/serialise round trip changes nothing.
 */
import type { FileHandle } from 'node:fs/promises';
import { parquetMetadata, type FileMetaData, type ParquetParsers } from 'hyparquet';
import { deserializeTCompactProtocol } from 'hyparquet/src/thrift.js';

/** A raw thrift struct as hyparquet's compact-protocol reader returns it (`field_<id>` keys). */
export type RawThrift = { [key: `field_${number}`]: unknown };

export interface ParquetFooter {
  readonly metadata: FileMetaData;
  readonly raw: RawThrift;
  /** Byte offset where the footer (FileMetaData) starts: column chunks must end before it. */
  readonly footerStart: number;
  readonly fileSize: number;
}

/**
 * Values left as the file stores them, so that hyparquet-writer's unconvert maps them back to the
 * same bytes: timestamps stay bigint, dates day numbers, byte arrays bytes.
 */
const IDENTITY_PARSERS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (v: bigint) => v,
  timestampFromMicroseconds: (v: bigint) => v,
  timestampFromNanoseconds: (v: bigint) => v,
  dateFromDays: (v: number) => v,
  stringFromBytes: (b: Uint8Array) => b,
  jsonFromBytes: (b: Uint8Array) => b,
  geometryFromBytes: (b: Uint8Array) => b,
  geographyFromBytes: (b: Uint8Array) => b,
  uuidFromBytes: (b: Uint8Array) => b,
};

const PAR1 = 0x31524150;

/**
 * Read the footer of the open file `handle`. Throws on anything but a plain (unencrypted) footer.
 * @example const footer = await readParquetFooter(handle); console.log(footer.metadata.row_groups.length);
 */
export async function readParquetFooter(handle: FileHandle): Promise<ParquetFooter> {
  const { size } = await handle.stat();
  if (size < 12) throw new Error('too short for a Parquet file');
  const tail = await readAt(handle, size - 8, 8);
  const view = new DataView(tail.buffer, tail.byteOffset, 8);
  if (view.getUint32(4, true) !== PAR1) throw new Error('no plain PAR1 footer (encrypted or not Parquet)');
  const length = view.getUint32(0, true);
  const footerStart = size - 8 - length;
  if (footerStart < 4) throw new Error(`footer length ${length} exceeds the file`);
  const bytes = await readAt(handle, footerStart, length + 8);
  const metadata = parquetMetadata(bytes, { parsers: IDENTITY_PARSERS, geoparquet: false });
  const raw = deserializeTCompactProtocol({ view: new DataView(bytes.buffer, bytes.byteOffset, length), offset: 0 }) as RawThrift;
  return { metadata, raw, footerStart, fileSize: size };
}

/** Exactly `length` bytes at `position`. */
export async function readAt(handle: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(out, done, length - done, position + done);
    if (bytesRead === 0) throw new Error(`unexpected end of file at byte ${position + done}`);
    done += bytesRead;
  }
  return out;
}
