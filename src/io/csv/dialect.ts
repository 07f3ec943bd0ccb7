/**
 * How CSV text is cut into fields and rows, shared by the in-memory reader (read.ts) and the
 * streaming source (source.ts) so both read a file the same way: csv-parse's options,
 * which empty fields were quoted, the header names, and the user-facing parse errors.
 * Fields are collected raw: null for an unquoted empty field, '' for a quoted one (`""`); which
 * fields are missing values is nulls.ts's rule.
 * A header row is required; rows with a different field count are refused with their line number.
 */
import { CsvError } from 'csv-parse';
import { isGanAugmentError } from '../../errors.js';
import { inputError } from '../input-error.js';

/**
 * The longest field or line (in characters) a CSV may have: an unclosed quote or a file without
 * line breaks would otherwise make the parser buffer the whole file as one cell.
 */
export const MAX_CSV_RECORD_CHARS = 32 * 1024 * 1024;

/** The csv-parse options both readers pass (plus their own on_record). */
export interface CsvDialectOptions {
  delimiter: string;
  bom: true;
  skip_empty_lines: true;
  max_record_size: number;
  cast?: (value: string, context: { quoting: boolean }) => string | null;
}

/**
 * csv-parse options for `delimiter`. `castEmpty` keeps quoted empty fields as '' (and makes
 * unquoted ones null in the parser); csv-parse's cast hook costs ~8x the parse, so readers turn it
 * on only when the text has a quoted empty field (see quotedEmptyField) and otherwise map every ''
 * to null themselves (csvCell).
 */
export function csvParseOptions(delimiter: string, castEmpty: boolean): CsvDialectOptions {
  return {
    delimiter,
    bom: true,
    skip_empty_lines: true,
    max_record_size: MAX_CSV_RECORD_CHARS,
    ...(castEmpty ? { cast: (value: string, context: { quoting: boolean }) => (value === '' && !context.quoting ? null : value) } : {}),
  };
}

/** A field as the readers collect it: null for an unquoted empty field (with `castEmpty` off, every empty field is unquoted). */
export function csvCell(v: string | null, castEmpty: boolean): string | null {
  return castEmpty || v !== '' ? v : null;
}

/**
 * A regular expression that finds a `""` standing alone between delimiters or line ends: the only
 * way to write an empty string. `ends` lets the start and end of the text count as line ends; a
 * reader that tests the text piece by piece passes false and puts a '\n' before the first piece
 * and after the last instead.
 */
export function quotedEmptyField(delimiter: string, ends = true): RegExp {
  const d = delimiter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return ends ? new RegExp(`(^|${d}|\\n|\\r)""(${d}|\\r|\\n|$)`) : new RegExp(`(${d}|\\n|\\r)""(${d}|\\r|\\n)`);
}

/**
 * The column names from the header record (an empty name becomes `Unnamed: i`, as pandas does),
 * refusing a name used twice.
 */
export function csvHeader(source: string, record: readonly (string | null)[]): string[] {
  const header = record.map((name, i) => (name === null || name === '' ? `Unnamed: ${i}` : name));
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw inputError(source, `the CSV header names column '${name}' twice.`, 'Give every column a unique name.');
    seen.add(name);
  }
  return header;
}

/** The error for a file with no header row. */
export function noHeaderError(source: string): Error {
  return inputError(source, 'the CSV file has no header row.', 'Add a first line with the column names.');
}

/** A csv-parse failure as a GanAugmentError naming the file, the line and the fix. */
export function csvError(source: string, err: unknown): Error {
  if (isGanAugmentError(err)) return err;
  if (err instanceof CsvError) {
    const line = (err as CsvError & { lines?: number }).lines;
    const at = line ? ` at line ${line}` : '';
    if (err.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' || err.code === 'CSV_RECORD_INCONSISTENT_COLUMNS') {
      return inputError(source, `a row${at} has a different number of fields than the header.`, 'Fix that line (a missing or extra delimiter, or an unquoted delimiter inside a value); use --delimiter if the file is not comma-separated.', err);
    }
    if (err.code === 'CSV_MAX_RECORD_SIZE') {
      return inputError(source, `a field or row${at} is longer than ${MAX_CSV_RECORD_CHARS} characters.`, 'Look for a quote that is never closed, or a file without line breaks.', err);
    }
    return inputError(source, `invalid CSV${at} (${err.message}).`, 'Fix the quoting on that line.', err);
  }
  return inputError(source, `invalid CSV (${err instanceof Error ? err.message : String(err)}).`, undefined, err);
}

/** Byte offset of the first invalid UTF-8 sequence, for the error message. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  // Binary search on the longest valid prefix; stream mode accepts a character cut at the end.
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid;
    }
  }
  return lo;
}
