/**
 * The data input/output layer: read CSV, Parquet and Arrow IPC into apache-arrow Tables (format
 * told by the bytes), and write Tables back atomically. See docs/io.md for formats, type mapping
 * and the errors each bad input gives.
 */
export type { InputFormat, OutputFormat, ReadResult, ReadOptions, WriteOptions, WriteResult, ByteSink } from './types.js';
export { readTable, readTableFromBytes } from './read.js';
export { writeTable, outputFormatFor, tableToBytes, checkColumnsWritable } from './write.js';
export { writeFileAtomic } from './atomic.js';
export { detectFormat } from './detect.js';
export { adoptTable } from './arrow/adopt-table.js';
export { PARQUET_ROW_GROUP_ROWS } from './parquet/write.js';
/** The unscaled integer of a Decimal128 cell (value = unscaled / 10^scale), for consumers of DECIMAL columns. */
export { decimalUnscaled } from './arrow/build.js';
