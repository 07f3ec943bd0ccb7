/**
 * LZ4_FRAME and ZSTD decoders for compressed Arrow IPC, registered once with apache-arrow.
 * pandas' `to_feather` compresses with LZ4 by default, and apache-arrow 21 ships no codec, so
 * such files fail to read without this. Decoding uses `lz4js` (LZ4 frame format) and `fzstd`.
 */
import { CompressionType, compressionRegistry } from 'apache-arrow';
import * as lz4 from 'lz4js';
import { decompress as zstdDecompress } from 'fzstd';

let registered = false;

/** Register the decoders (idempotent). Called by the Arrow reader before any read. */
export function registerArrowCodecs(): void {
  if (registered) return;
  registered = true;
  compressionRegistry.set(CompressionType.LZ4_FRAME, {
    decode: (data) => aligned(lz4.decompress(checkedLz4Frame(data))),
  });
  compressionRegistry.set(CompressionType.ZSTD, { decode: (data) => aligned(zstdDecompress(data)) });
}

/**
 * apache-arrow views decoded buffers as typed arrays in place, so each must start on an 8-byte
 * boundary of its ArrayBuffer: copy when the decoder returned a view at another offset.
 */
function aligned(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset % 8 === 0) return bytes;
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy;
}

/**
 * lz4js walks block headers without bounds checks and loops forever on a truncated frame, so the
 * frame's block chain is checked first (hand-written because it is a bounds check, not a decoder:
 * magic, descriptor, then size-prefixed blocks ending with a zero-length end mark).
 */
function checkedLz4Frame(data: Uint8Array): Uint8Array {
  const fail = (why: string): never => {
    throw new Error(`corrupt LZ4 frame: ${why}`);
  };
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (data.length < 7 || view.getUint32(0, true) !== 0x184d2204) fail('bad magic number');
  const flags = data[4]!;
  if ((flags & 0xc0) !== 0x40) fail('unsupported version');
  const blockChecksum = (flags & 0x10) !== 0;
  const contentChecksum = (flags & 0x04) !== 0;
  let i = 6 + ((flags & 0x08) !== 0 ? 8 : 0) + ((flags & 0x01) !== 0 ? 4 : 0) + 1;
  for (;;) {
    if (i + 4 > data.length) fail('truncated block header');
    const size = view.getUint32(i, true) & 0x7fffffff;
    i += 4;
    if (size === 0) break;
    i += size + (blockChecksum ? 4 : 0);
    if (i > data.length) fail('truncated block');
  }
  if (contentChecksum && i + 4 > data.length) fail('truncated content checksum');
  return data;
}
