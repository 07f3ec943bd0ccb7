/**
 * Which format a file holds, judged from its bytes (magic numbers), never from its name: a
 * `.csv` that is really Parquet still reads, and a renamed binary is refused instead of parsed as
 * text.
 */
import type { InputFormat } from './types.js';

const PAR1 = [0x50, 0x41, 0x52, 0x31]; // "PAR1"
const PARE = [0x50, 0x41, 0x52, 0x45]; // "PARE": Parquet with an encrypted footer
const ARROW1 = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"
const FEA1 = [0x46, 0x45, 0x41, 0x31]; // "FEA1": Feather version 1 (pre-2019)

function startsWith(bytes: Uint8Array, magic: number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  return magic.every((b, i) => bytes[at + i] === b);
}

/** What the first bytes say; 'parquet-encrypted' and 'unknown' are for error messages. */
export type DetectedFormat = InputFormat | 'parquet-encrypted' | 'feather-v1' | 'unknown';

/**
 * Detect the format of `bytes`.
 * @example detectFormat(fs.readFileSync('train.parquet')) // 'parquet'
 */
export function detectFormat(bytes: Uint8Array): DetectedFormat {
  if (startsWith(bytes, PAR1)) {
    return startsWith(bytes, PARE, bytes.length - 4) ? 'parquet-encrypted' : 'parquet';
  }
  if (startsWith(bytes, PARE)) return 'parquet-encrypted';
  if (startsWith(bytes, ARROW1)) return 'arrow-file';
  if (startsWith(bytes, FEA1)) return 'feather-v1';
  // IPC stream: a continuation marker (0xFFFFFFFF) then the little-endian length of a schema message.
  if (bytes.length >= 8 && bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff) {
    return 'arrow-stream';
  }
  return looksLikeText(bytes) ? 'csv' : 'unknown';
}

/** Text has no NUL bytes and few control characters in its first 64 KiB. */
function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 65536);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control <= n / 100;
}
