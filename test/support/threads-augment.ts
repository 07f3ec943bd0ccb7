/**
 * A child process of test/backend/threads.test.ts: `node --import tsx threads-augment.ts THREADS`
 * augments the stage tests' table with ctgan (2 epochs, seed 5) on THREADS threads into a Parquet
 * file and prints one JSON line: the threads the summary records, a SHA-256 of every output row and
 * one of the file's bytes (its embedded summary holds no times, rates or thread counts).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { augment } from '../../src/index.js';
import { imbalancedTable } from './tables.js';

/** SHA-256 of the rows of `table` as JSON (64-bit integers as text). */
export function rowsHash(table: { toArray(): Array<{ toJSON(): unknown }> }): string {
  const text = JSON.stringify(table.toArray().map((r) => r.toJSON()), (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  return createHash('sha256').update(text).digest('hex');
}

/** The augment every process of the test runs. */
export async function augmentOnThreads(threads: number): Promise<{ threads: number | null; hash: string; fileHash: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gan-augment-threads-'));
  try {
    const output = path.join(dir, 'out.parquet');
    const { table, summary } = await augment({ input: imbalancedTable(), label: 'class', model: 'ctgan', epochs: 2, ignore: ['note'], seed: 5, threads, output, quiet: true });
    const fileHash = createHash('sha256').update(await readFile(output)).digest('hex');
    return { threads: summary.training?.threads ?? null, hash: rowsHash(table), fileHash };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(await augmentOnThreads(Number(process.argv[2])))}\n`);
}
