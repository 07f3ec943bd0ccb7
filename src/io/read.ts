/**
 * The reading entry points: a path (or '-' for stdin) or bytes in, an Arrow Table out, with the
 * format told by the bytes' magic numbers, never by the file name.
 */
import { stat, readFile } from 'node:fs/promises';
import { firstInvalidUtf8 } from './csv/dialect.js';
import { detectFormat } from './detect.js';
import { inputError } from './input-error.js';
import { readArrow } from './arrow/read.js';
import { readCsv } from './csv/read.js';
import { readParquet } from './parquet/read.js';
import { readAllBytes } from './stdio.js';
import type { ReadOptions, ReadResult } from './types.js';

/**
 * Read a table from `source`: a path to a CSV, Parquet or Arrow IPC (file or stream) file, or '-'
 * for an Arrow IPC stream on stdin.
 * @example const { table, format } = await readTable('data/train.parquet');
 * @example const { table } = await readTable('train.tsv', { csv: { delimiter: '\t' } });
 */
export async function readTable(source: string, options: ReadOptions = {}): Promise<ReadResult> {
  if (source === '-') {
    const bytes = await readAllBytes();
    if (bytes.length === 0) {
      throw inputError('-', 'nothing arrived on standard input.', 'Pipe an Arrow IPC stream into the command, or pass a file path instead of -.');
    }
    return readTableFromBytes(bytes, '-', options);
  }
  let bytes: Uint8Array;
  try {
    const info = await stat(source);
    if (info.isDirectory()) {
      throw inputError(source, 'it is a folder, not a file.', 'Pass the path of a CSV, Parquet or Arrow file inside it.');
    }
    bytes = await readFile(source);
  } catch (err) {
    if (err instanceof Error && 'code' in err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw inputError(source, 'no such file.', 'Check the path (it is resolved from the current folder).', err);
      if (code === 'EACCES' || code === 'EPERM') throw inputError(source, 'permission denied.', 'Make the file readable, or copy it somewhere readable.', err);
      if (code === 'EISDIR') throw inputError(source, 'it is a folder, not a file.', 'Pass the path of a file inside it.', err);
      throw inputError(source, `the file could not be read (${err.message}).`, undefined, err);
    }
    throw err;
  }
  return readTableFromBytes(bytes, source, options);
}

/**
 * Read a table from bytes already in memory; `sourceName` is used in error messages.
 * @example const { table } = await readTableFromBytes(await res.bytes(), 'upload.parquet');
 */
export async function readTableFromBytes(bytes: Uint8Array, sourceName: string, options: ReadOptions = {}): Promise<ReadResult> {
  if (bytes.length === 0) {
    throw inputError(sourceName, 'the file is empty.', 'Point to a CSV (with a header row), Parquet or Arrow file that holds data.');
  }
  const format = detectFormat(bytes);
  switch (format) {
    case 'parquet': {
      const { table, metadata } = await readParquet(bytes, sourceName);
      return { table, format, source: sourceName, metadata };
    }
    case 'parquet-encrypted':
      throw inputError(sourceName, 'it is an encrypted Parquet file (encrypted footer), which this tool does not support.', 'Decrypt it first (e.g. with pyarrow and the key) and write a plain Parquet file.');
    case 'arrow-file':
    case 'arrow-stream': {
      const { table, metadata } = readArrow(bytes, sourceName, format);
      return { table, format, source: sourceName, metadata };
    }
    case 'csv': {
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch (err) {
        const at = firstInvalidUtf8(bytes);
        let line = 1;
        for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
        throw inputError(sourceName, `it is not valid UTF-8 text (line ${line}, byte offset ${at}).`, 'Re-save the CSV as UTF-8 (e.g. iconv -f latin1 -t utf-8).', err);
      }
      const table = readCsv(text, sourceName, options.csv);
      return { table, format, source: sourceName, metadata: new Map() };
    }
    case 'feather-v1':
      throw inputError(sourceName, 'it is a Feather version 1 file, a format retired in 2019.', 'Re-save it as Feather v2 / Arrow IPC (pyarrow.feather.write_feather, the default since pyarrow 0.17) or as Parquet.');
    case 'unknown':
      throw inputError(sourceName, 'its bytes are not CSV text, Parquet or Arrow IPC.', 'Supported inputs: CSV (UTF-8, with a header), Parquet, Arrow IPC file (Feather v2) or stream.');
  }
}

