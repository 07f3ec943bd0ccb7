/**
 * How the CLI reports a failure: a user's mistake (`GanAugmentError`) is ONE line on stderr and
 * its own exit code; anything else is our bug, reported in one line with exit code 70. The stack
 * trace appears only with --verbose.
 */
import { GanAugmentError, INTERNAL_ERROR_EXIT_CODE } from '../errors.js';
import { printable } from '../untrusted-text.js';
import type { CliIO } from './terminal.js';

/** Print `err` on io.stderr and return the exit code the process should end with. */
export function reportError(err: unknown, io: CliIO, verbose: boolean): number {
  if (err instanceof GanAugmentError) {
    io.stderr.write(`gan-augment: ${oneLine(err.message)}\n`);
    if (verbose) io.stderr.write(`${stackOf(err)}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  io.stderr.write(`gan-augment: internal error: ${oneLine(message)} (this is a bug; run with --verbose for the stack trace)\n`);
  if (verbose) io.stderr.write(`${stackOf(err)}\n`);
  return INTERNAL_ERROR_EXIT_CODE;
}

/** One line, control characters escaped: messages echo column names, labels and file names. */
function oneLine(text: string): string {
  return printable(text.replace(/\s*\n\s*/g, ' ').trim());
}

function stackOf(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    if (current instanceof Error) {
      parts.push(depth === 0 ? (current.stack ?? current.message) : `Caused by: ${current.stack ?? current.message}`);
      current = current.cause;
    } else {
      parts.push(depth === 0 ? String(current) : `Caused by: ${String(current)}`);
      break;
    }
  }
  return parts.join('\n');
}
