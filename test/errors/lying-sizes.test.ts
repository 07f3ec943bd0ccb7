/**
 * Nothing a file claims is believed before it is checked: Parquet page sizes and row-group row
 * counts, Arrow IPC row counts (stream and file), CSV cell lengths. The reads run in a child
 * process with a capped heap (lying-sizes-child.ts), which reports how each ended and its peak
 * resident memory: every lie must be refused with an input error, and memory must stay far
 * below what the lies ask for (2 GiB and more each).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const here = import.meta.dirname;
const repoRoot = path.resolve(here, '..', '..');
/** Well above the child's baseline (TypeScript loader, the 33 MB CSV), far below one believed lie. */
const RSS_LIMIT_MB = 600;

describe('lying sizes, read in a child with a capped heap', () => {
  it('refuses every lie with an input error naming the file, in bounded memory', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-lying-'));
    try {
      const child = spawnSync(process.execPath, ['--max-old-space-size=128', '--import', 'tsx', path.join(here, 'lying-sizes-child.ts'), dir], {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(child.status, child.stderr).toBe(0);
      const { outcomes, maxRssMb } = JSON.parse(child.stdout.trim().split('\n').pop()!) as { outcomes: Record<string, string>; maxRssMb: number };
      for (const [name, outcome] of Object.entries(outcomes)) {
        if (name.startsWith('random-')) {
          // A small random lie may still decode (then the bytes disagree with it and it fails later), never as a foreign error.
          expect(outcome, name).toMatch(/^(read|input: Cannot read)/);
        } else {
          expect(outcome, name).toMatch(new RegExp(`^input: Cannot read '.*${name.split(' ')[0]!.replace('.', '\\.')}'`));
        }
      }
      expect(outcomes['page-over-limit.parquet stream']).toMatch(/claims 2147483647 bytes uncompressed, more than the 536870912 this reader accepts per page/);
      expect(outcomes['page-over-ratio.parquet memory']).toMatch(/claims 400000000 bytes uncompressed from \d+ bytes of SNAPPY data/);
      expect(outcomes['rows.parquet memory']).toMatch(/row group 0 claims 2147483648 rows/);
      expect(outcomes['rows.arrows stream']).toMatch(/a record batch claims 2147483648 rows, more than its body/);
      expect(outcomes['rows.arrow memory']).toMatch(/a record batch claims 2147483648 rows, more than its body/);
      expect(outcomes['unclosed-quote.csv stream']).toMatch(/a field or row at line 2 is longer than 33554432 characters/);
      expect(maxRssMb).toBeLessThan(RSS_LIMIT_MB);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
