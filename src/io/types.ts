/** The formats the io layer reads and writes, and what a read returns. */
import type { Table } from 'apache-arrow';
import type { CsvReadOptions } from './csv/read.js';

export type InputFormat = 'csv' | 'parquet' | 'arrow-file' | 'arrow-stream';
/** 'arrow' is the Arrow IPC file format (aka Feather v2); 'arrow-stream' the IPC stream format. */
export type OutputFormat = 'csv' | 'parquet' | 'arrow' | 'arrow-stream';

export interface ReadResult {
  table: Table;
  format: InputFormat;
  /** The path read, or '-' for stdin. */
  source: string;
  /** File key-value metadata (Parquet footer key_value_metadata, Arrow schema metadata; empty for CSV). */
  metadata: Map<string, string>;
}

export interface ReadOptions {
  /** CSV only: delimiter, missing-value strings (pandas' na_values / keep_default_na), columns read as text. */
  csv?: CsvReadOptions;
}

export interface WriteOptions {
  /** Output format; when absent it follows the file extension (see outputFormatFor). */
  format?: OutputFormat;
  /** Stored in the file's key-value metadata (Parquet footer, Arrow schema); CSV has none. */
  metadata?: Record<string, string>;
  /** Paths that must never be overwritten (the inputs). */
  protect?: string[];
  /** Written with the file and renamed just after it (the --summary JSON); ignored for stdout. */
  companion?: Companion;
}

export interface WriteResult {
  path: string;
  format: OutputFormat;
  bytes: number;
}

/**
 * A small file written with the main output and renamed right after it (the --summary JSON): both
 * are complete before either appears, so a disk that fills while writing the summary leaves
 * neither, not an output whose run reported a failure. `contents` gets the main file's size.
 */
export interface Companion {
  readonly path: string;
  contents(bytes: number): string | Uint8Array;
}

/** Where a writer sends its bytes, chunk by chunk (a temp file, stdout, or memory in tests). */
export interface ByteSink {
  write(chunk: Uint8Array): Promise<void>;
}
