/**
 * A Spark-style folder of many part files opens and augments under a small open-file limit: part footers are
 * read a few at a time (batch-source.ts), not all at once, which would fail with EMFILE.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { tableFromArrays } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTable } from '../../src/io/write.js';

const PARTS = 300;
const root = path.resolve(import.meta.dirname, '..', '..');
const dir = await mkdtemp(path.join(tmpdir(), 'gan-augment-parts-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a folder of many parts', () => {
  it(`reads ${PARTS} parts with at most 128 open files`, async () => {
    const folder = path.join(dir, 'events');
    await mkdir(folder);
    for (let p = 0; p < PARTS; p++) {
      const table = tableFromArrays({ x: Float64Array.from({ length: 10 }, (_, i) => p + i / 10), label: Array.from({ length: 10 }, (_, i) => (i === 0 ? 'rare' : 'common')) });
      await writeTable(table, path.join(folder, `part-${String(p).padStart(5, '0')}.parquet`));
    }
    const child = path.join(root, 'test/support/count-rows-child.ts');
    const { stdout } = await promisify(execFile)('bash', ['-c', `ulimit -n 128 && exec "${process.execPath}" --import tsx "${child}" "${folder}"`], { cwd: root });
    expect(JSON.parse(stdout.trim())).toEqual({ numRows: PARTS * 10, rows: PARTS * 10 });
    // The whole streaming augment too: read pass, then the copy pass splicing every part's row groups.
    const out = path.join(dir, 'augmented.parquet');
    const cli = path.join(root, 'src/cli/worker-entry.ts');
    await promisify(execFile)('bash', ['-c', `ulimit -n 128 && exec "${process.execPath}" --import tsx "${cli}" augment --input "${folder}" --label label --model random --output "${out}" --quiet`], { cwd: root });
    const counted = await promisify(execFile)('bash', ['-c', `ulimit -n 128 && exec "${process.execPath}" --import tsx "${child}" "${out}"`], { cwd: root });
    expect(JSON.parse(counted.stdout.trim()).rows).toBe(PARTS * 10 + PARTS * 8); // rare grows from 300 to 2700
  }, 90_000);
});
