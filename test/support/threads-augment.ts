/**
 * A child process of test/backend/threads.test.ts: `node --import tsx threads-augment.ts THREADS
 * [ctgan|dcgan]` augments the stage tests' table with ctgan (2 epochs, seed 5), or a small digits
 * table with a small dcgan (1 epoch), on THREADS threads into a Parquet file and prints one JSON
 * line: the threads the summary records, XNNPACK's and the matrix products' threads, a SHA-256 of
 * every output row and one of the file's bytes (its embedded summary holds no times, rates or
 * thread counts).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { digitsTable, MINORITY_DIGIT } from '../../fixtures/digits/build.js';
import { productThreads } from '../../src/backend/gemm-threads-start.js';
import { wasmThreads } from '../../src/backend/wasm-threaded.js';
import { augment, type AugmentOptions } from '../../src/index.js';
import { imbalancedTable } from './tables.js';

export interface ThreadsRun {
  readonly threads: number | null;
  readonly xnnpack: number;
  readonly products: number;
  readonly hash: string;
  readonly fileHash: string;
}

const RUNS = {
  ctgan: (): Partial<AugmentOptions> => ({ input: imbalancedTable(), label: 'class', model: 'ctgan', epochs: 2, ignore: ['note'] }),
  dcgan: (): Partial<AugmentOptions> => ({
    input: digitsTable(Array.from({ length: 10 }, (_, d) => (d === MINORITY_DIGIT ? 5 : 12))),
    label: 'digit',
    model: 'dcgan',
    epochs: 1,
    batchSize: 8,
    modelParams: { generatorWidth: 8, discriminatorWidth: 4, noiseDim: 8 },
  }),
};
export type ThreadsModel = keyof typeof RUNS;

/** SHA-256 of the rows of `table` as JSON (64-bit integers as text). */
export function rowsHash(table: { toArray(): Array<{ toJSON(): unknown }> }): string {
  const text = JSON.stringify(table.toArray().map((r) => r.toJSON()), (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  return createHash('sha256').update(text).digest('hex');
}

/** The augment every process of the test runs. */
export async function augmentOnThreads(threads: number, model: ThreadsModel = 'ctgan'): Promise<ThreadsRun> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gan-augment-threads-'));
  try {
    const output = path.join(dir, 'out.parquet');
    const { table, summary } = await augment({ ...RUNS[model](), seed: 5, threads, output, quiet: true } as AugmentOptions);
    const fileHash = createHash('sha256').update(await readFile(output)).digest('hex');
    return { threads: summary.training?.threads ?? null, xnnpack: wasmThreads(), products: productThreads(), hash: rowsHash(table), fileHash };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(await augmentOnThreads(Number(process.argv[2]), (process.argv[3] ?? 'ctgan') as ThreadsModel))}\n`);
}
