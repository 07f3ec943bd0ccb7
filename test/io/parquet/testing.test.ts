/**
 * apache/parquet-testing: every valid file is either read or refused with a GanAugmentError that
 * names the unsupported feature (never a crash); every file of bad_data, and truncated or
 * bit-flipped copies of good files, are refused cleanly.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GanAugmentError } from '../../../src/errors.js';
import { readTable, readTableFromBytes } from '../../../src/io/index.js';
import { corpusDir, haveShared, parquetTestingDir } from '../../support/shared-data.js';

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

const have = haveShared(parquetTestingDir);
const dataFiles = have ? listFiles(path.join(parquetTestingDir, 'data')).filter((f) => /\.parquet(\.encrypted)?$/.test(f)).sort() : [];
const badFiles = have ? listFiles(path.join(parquetTestingDir, 'bad_data')).filter((f) => f.endsWith('.parquet')).sort() : [];

/** Floor measured on this code (72 of 83 read; the rest are encryption and MAP columns). */
const MIN_READ = 72;

describe.skipIf(!have)('parquet-testing data/', () => {
  it('reads every valid file or refuses it naming the feature', async () => {
    const rows: { file: string; outcome: string }[] = [];
    let read = 0;
    for (const file of dataFiles) {
      try {
        const { table } = await readTable(file);
        read++;
        rows.push({ file: path.relative(parquetTestingDir, file), outcome: `read ${table.numRows} rows x ${table.numCols} cols` });
      } catch (err) {
        // Anything but our own error is a crash.
        expect(err, `${file} crashed: ${String(err)}`).toBeInstanceOf(GanAugmentError);
        const e = err as GanAugmentError;
        expect(e.code).toBe('input');
        expect(e.message).toContain(path.basename(file));
        rows.push({ file: path.relative(parquetTestingDir, file), outcome: `refused: ${e.message.split(': ').slice(1).join(': ').slice(0, 90)}` });
      }
    }
    const refused = rows.filter((r) => r.outcome.startsWith('refused'));
    const outsideAes = rows.filter((r) => !r.file.includes('aes256'));
    const readOutsideAes = outsideAes.filter((r) => r.outcome.startsWith('read')).length;
    console.log(`parquet-testing data/: ${read} read, ${refused.length} refused, of ${dataFiles.length}`);
    console.log(`  without data/aes256/ (the 83 design.md counts): ${readOutsideAes} read of ${outsideAes.length}`);
    for (const r of refused) console.log(`  ${r.file}: ${r.outcome}`);
    expect(dataFiles.length).toBe(88);
    expect(outsideAes.length).toBe(83);
    expect(read).toBeGreaterThanOrEqual(MIN_READ);
    // Each refusal names what is unsupported or broken.
    for (const r of refused) expect(r.outcome).toMatch(/encrypt|MAP column|could not be decoded|unreadable|not support|too large|is corrupt/);
  });

  it('reads known values from a few files', async () => {
    const plain = await readTable(path.join(parquetTestingDir, 'data', 'alltypes_plain.parquet'));
    expect(plain.table.numRows).toBe(8);
    expect(plain.table.getChild('id')!.toArray()).toEqual(Int32Array.from([4, 5, 6, 7, 2, 3, 0, 1]));
    expect(plain.table.getChild('string_col')!.get(1)).toBe('1');
    const int96 = await readTable(path.join(parquetTestingDir, 'data', 'int96_from_spark.parquet'));
    expect(String(int96.table.getChild('a')!.type)).toBe('Timestamp<NANOSECOND>');
    const dec = await readTable(path.join(parquetTestingDir, 'data', 'byte_array_decimal.parquet'));
    // byte_array_decimal holds 1.00 .. 24.00 as DECIMAL(4,2).
    expect(dec.table.getChild('value')!.get(0)!.toString()).toBe('100');
    expect(dec.table.getChild('value')!.get(23)!.toString()).toBe('2400');
  });
});

describe.skipIf(!have)('parquet-testing bad_data/', () => {
  it('has files to test', () => {
    expect(badFiles.length).toBeGreaterThanOrEqual(8);
  });
  for (const file of badFiles) {
    it(`refuses ${path.basename(file)} cleanly`, async () => {
      if (path.basename(file) === 'ARROW-GH-43605.parquet') {
        // RLE dictionary indices with bit-width 0: valid RLE meaning "every index is 0", which
        // Arrow's fix (apache/arrow#43607) reads rather than crashes on. We read it the same way:
        // one dictionary value for all rows, and the row count of the footer.
        const { table } = await readTable(file);
        expect(table.numRows).toBe(21186);
        expect(new Set(table.getChildAt(0)!.toArray()).size).toBe(1);
        return;
      }
      const err = await readTable(file).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(GanAugmentError);
      expect((err as GanAugmentError).code).toBe('input');
      expect((err as GanAugmentError).message).toContain(path.basename(file));
      expect((err as GanAugmentError).cause).toBeDefined();
    });
  }
});

describe.skipIf(!haveShared(corpusDir))('damaged copies of good files', () => {
  const good = ['duckdb_base_snappy_v1.parquet', 'arrowrs_base_zstd_v2pages.parquet', 'duckdb_list_float_snappy.parquet'];
  it('refuses every truncation', async () => {
    for (const name of good) {
      const bytes = readFileSync(path.join(corpusDir, name));
      const cuts = [4, 8, 100, Math.floor(bytes.length / 2), bytes.length - 9, bytes.length - 4, bytes.length - 1];
      for (const cut of cuts) {
        const err = await readTableFromBytes(bytes.subarray(0, cut), `${name}@${cut}`).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err, `${name} cut at ${cut}`).toBeInstanceOf(GanAugmentError);
      }
    }
  });

  it('never crashes or hangs on corrupted pages, and never returns a short table', async () => {
    const bytes = readFileSync(path.join(corpusDir, 'duckdb_base_snappy_v1.parquet'));
    let refused = 0;
    for (let k = 0; k < 40; k++) {
      const copy = Uint8Array.from(bytes);
      // Overwrite 16 bytes inside the data pages (before the footer), at spread-out places.
      const at = 4 + Math.floor(((bytes.length - 2000) * k) / 40);
      copy.fill(0xa5, at, at + 16);
      try {
        const { table } = await readTableFromBytes(copy, `corrupt@${at}`);
        expect(table.numRows).toBe(10_000);
      } catch (err) {
        expect(err).toBeInstanceOf(GanAugmentError);
        refused++;
      }
    }
    console.log(`corrupted-page copies refused: ${refused} of 40 (the rest decoded to full-length columns)`);
  });
});
