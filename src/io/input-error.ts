/**
 * One place that turns a failure while reading a file into the user-facing GanAugmentError('input'):
 * the message names the file, says what is wrong and how to fix it, and keeps the library's
 * exception as `cause` for --verbose.
 */
import { GanAugmentError, isGanAugmentError } from '../errors.js';

/** A GanAugmentError('input') about `source` (a path, or '-' for stdin). */
export function inputError(source: string, problem: string, hint?: string, cause?: unknown): GanAugmentError {
  const where = source === '-' ? 'standard input' : `'${source}'`;
  return new GanAugmentError('input', `Cannot read ${where}: ${problem}`, { hint, cause });
}

/** Re-throw `err` as an input error about `source` unless it already is a GanAugmentError. */
export function wrapReadError(source: string, what: string, err: unknown, hint?: string): GanAugmentError {
  if (isGanAugmentError(err)) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return inputError(
    source,
    `${what} (${detail}).`,
    hint ?? 'The file is corrupt or truncated; re-export it from the tool that wrote it.',
    err,
  );
}
