/**
 * Child process for the stdin/stdout test: reads a table from '-' (Arrow IPC stream on stdin),
 * adds metadata, and writes it to '-' (Arrow IPC stream on stdout). Errors go to stderr with the
 * GanAugmentError's exit code.
 */
import { isGanAugmentError } from '../../src/errors.js';
import { readTable, writeTable } from '../../src/io/index.js';

try {
  const { table, format } = await readTable('-');
  await writeTable(table, '-', { metadata: { 'read-format': format, rows: String(table.numRows) } });
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(isGanAugmentError(err) ? err.exitCode : 70);
}
