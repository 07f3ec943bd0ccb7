/**
 * Child process of lying-sizes.test.ts, run with a capped heap: writes files whose sizes lie into
 * argv[2], reads each in memory (readTable) and batch by batch (openBatchSource), and prints one
 * JSON line: how each read ended and the process's peak resident memory.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { isGanAugmentError } from '../../src/errors.js';
import { Rng } from '../../src/random.js';
import { openBatchSource } from '../../src/io/batch-source.js';
import { readTable } from '../../src/io/index.js';
import { lyingArrowFile, lyingArrowStream, lyingParquet } from './lying-files.js';

const dir = process.argv[2]!;
const files: Record<string, Uint8Array> = {
  'page-over-limit.parquet': await lyingParquet({ uncompressed: 2 ** 31 - 1 }),
  'page-over-ratio.parquet': await lyingParquet({ uncompressed: 400_000_000 }),
  'rows.parquet': await lyingParquet({ rows: 2 ** 31 }),
  'rows.arrows': await lyingArrowStream(2n ** 31n),
  'rows.arrow': await lyingArrowFile(2n ** 31n),
};
// Seeded random lies across the range (fuzzing): each must be refused or read, in bounded memory.
const rng = new Rng(14);
for (let i = 0; i < 8; i++) {
  files[`random-page-${i}.parquet`] = await lyingParquet({ uncompressed: Math.floor(10 ** (3 + rng.next() * 6.3)) });
  files[`random-rows-${i}.arrows`] = await lyingArrowStream(BigInt(Math.floor(10 ** (2 + rng.next() * 10))));
}
// An unclosed quote: the parser would buffer the rest of the file as one cell.
const csv = Buffer.alloc(33 * 1024 * 1024 + 64, 'a');
csv.write('x,label\n1,"', 0, 'latin1');
files['unclosed-quote.csv'] = csv;

const outcomes: Record<string, string> = {};
for (const [name, bytes] of Object.entries(files)) {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  for (const [how, read] of [
    ['memory', async () => void (await readTable(file))],
    ['stream', async () => {
      const source = await openBatchSource(file);
      for await (const batch of source.batches()) void batch.numRows;
    }],
  ] as const) {
    try {
      await read();
      outcomes[`${name} ${how}`] = 'read';
    } catch (err) {
      outcomes[`${name} ${how}`] = isGanAugmentError(err) ? `${err.code}: ${err.message}` : `foreign: ${String(err)}`;
    }
  }
}
console.log(JSON.stringify({ outcomes, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
