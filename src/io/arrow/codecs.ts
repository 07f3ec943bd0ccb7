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
    decode: (data) => {
      const frame = checkedLz4Frame(data);
      // The decoder allocates what the frame says it holds: check that first.
      // Without a stated content size the bound is blocks x block size: only the limit applies.
      const size = checkedDecodedSize(Number(lz4.decompressBound(frame)), (frame[4]! & 0x08) !== 0 ? data.length : Infinity, 'LZ4');
      return aligned(lz4.decompress(frame, size));
    },
  });
  compressionRegistry.set(CompressionType.ZSTD, {
    decode: (data) => {
      const declared = zstdContentSize(data);
      if (declared !== undefined) checkedDecodedSize(declared, data.length, 'ZSTD');
      return aligned(zstdDecompress(data));
    },
  });
}

/** The largest decompressed Arrow IPC buffer accepted; the best ratio a frame may claim (ZSTD run blocks). */
export const MAX_DECODED_BUFFER_BYTES = 512 * 1024 * 1024;
const MAX_RATIO = 32_768;

/** Refuse a frame claiming more than the limit or than its bytes can hold, before any allocation. */
function checkedDecodedSize(size: number, compressed: number, codec: string): number {
  if (!Number.isSafeInteger(size) || size < 0 || size > MAX_DECODED_BUFFER_BYTES || size > compressed * MAX_RATIO + 1024) {
    throw new Error(`corrupt ${codec} frame: it claims ${size} bytes decompressed from ${compressed} bytes (at most ${MAX_DECODED_BUFFER_BYTES} accepted)`);
  }
  return size;
}

/** A ZSTD frame header's content size, when it states one (RFC 8878 section 3.1.1.1). */
function zstdContentSize(data: Uint8Array): number | undefined {
  if (data.length < 6) return undefined;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (view.getUint32(0, true) !== 0xfd2fb528) return undefined;
  const descriptor = data[4]!;
  const fcsFlag = descriptor >> 6;
  const singleSegment = (descriptor >> 5) & 1;
  const dictBytes = [0, 1, 2, 4][descriptor & 3]!;
  const fcsBytes = [singleSegment ? 1 : 0, 2, 4, 8][fcsFlag]!;
  const at = 5 + (singleSegment ? 0 : 1) + dictBytes;
  if (fcsBytes === 0 || at + fcsBytes > data.length) return undefined;
  if (fcsBytes === 1) return data[at]!;
  if (fcsBytes === 2) return view.getUint16(at, true) + 256;
  if (fcsBytes === 4) return view.getUint32(at, true);
  return Number(view.getBigUint64(at, true));
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
