/**
 * Snappy decompression for Parquet pages. Hand-written although hyparquet-compressors ships a
 * WebAssembly decoder: that one copies every page into and out of WebAssembly memory and moves
 * literals byte by byte, and the float columns typical of ML data barely compress, so a page is
 * mostly long literals. Here a literal is one TypedArray.set (a memcpy) and a far back-reference
 * one copyWithin; measured ~2x faster than the WebAssembly decoder on the pages of a DuckDB file of
 * random doubles (107 MB of pages: 67-86 ms against 147-163 ms). Format: github.com/google/snappy/blob/main/format_description.txt.
 */

/**
 * The `length` bytes that `input` (one raw Snappy block, no framing) decompresses to. Throws on
 * any malformed input (a length that disagrees, an offset before the start, a truncated tag).
 * @example const page = snappyDecompress(compressed, header.uncompressed_page_size);
 */
export function snappyDecompress(input: Uint8Array, length: number): Uint8Array {
  let pos = 0;
  let declared = 0;
  for (let shift = 0; ; shift += 7) {
    if (pos >= input.length || shift > 28) throw new Error('snappy: bad length preamble');
    const b = input[pos++]!;
    declared += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
  }
  if (declared !== length) throw new Error(`snappy: block says ${declared} bytes, the page header ${length}`);
  const out = new Uint8Array(length);
  const end = input.length;
  let o = 0;
  while (pos < end) {
    const tag = input[pos++]!;
    const kind = tag & 3;
    if (kind === 0) {
      let n = tag >>> 2;
      if (n >= 60) {
        const bytes = n - 59;
        if (pos + bytes > end) throw new Error('snappy: truncated literal length');
        n = 0;
        for (let i = 0; i < bytes; i++) n += input[pos++]! * 2 ** (8 * i);
      }
      n += 1;
      if (pos + n > end || o + n > length) throw new Error('snappy: literal runs past the end');
      if (n < 32) for (let i = 0; i < n; i++) out[o + i] = input[pos + i]!;
      else out.set(input.subarray(pos, pos + n), o);
      pos += n;
      o += n;
      continue;
    }
    let n: number;
    let offset: number;
    if (kind === 1) {
      if (pos >= end) throw new Error('snappy: truncated copy');
      n = ((tag >>> 2) & 7) + 4;
      offset = ((tag >>> 5) << 8) | input[pos++]!;
    } else if (kind === 2) {
      if (pos + 2 > end) throw new Error('snappy: truncated copy');
      n = (tag >>> 2) + 1;
      offset = input[pos]! | (input[pos + 1]! << 8);
      pos += 2;
    } else {
      if (pos + 4 > end) throw new Error('snappy: truncated copy');
      n = (tag >>> 2) + 1;
      offset = (input[pos]! | (input[pos + 1]! << 8) | (input[pos + 2]! << 16) | (input[pos + 3]! << 24)) >>> 0;
      pos += 4;
    }
    if (offset === 0 || offset > o || o + n > length) throw new Error('snappy: copy outside the output');
    const from = o - offset;
    // Overlapping copies (offset < n) repeat a pattern and must go byte by byte.
    if (offset >= n && n >= 32) out.copyWithin(o, from, from + n);
    else for (let i = 0; i < n; i++) out[o + i] = out[from + i]!;
    o += n;
  }
  if (o !== length) throw new Error(`snappy: ${o} bytes decoded of ${length}`);
  return out;
}
