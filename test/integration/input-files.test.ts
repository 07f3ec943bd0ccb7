/**
 * Bad input files through the CLI: each gives one line naming the file, what is wrong and the fix,
 * exit code 3 (input), and no stack trace unless --verbose. The input is never modified.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { tableFromArrays } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableToBytes } from '../../src/io/index.js';
import { badParquetDir, cli, csv, errorLine, hasBadParquet, sha256, tempDir } from '../support/cli-errors.js';

const tmp = tempDir('input-files');
afterAll(tmp.cleanup);

const augment = (input: string, ...extra: string[]) =>
  cli(['augment', '--input', input, '--label', 'label', '--model', 'random', '--output', path.join(tmp.dir, 'out.parquet'), '--quiet', ...extra]);

let parquet: Uint8Array;
let arrowFile: Uint8Array;
let arrowStream: Uint8Array;
beforeAll(async () => {
  const table = tableFromArrays({ x: Float64Array.from({ length: 40 }, (_, i) => i), label: Array.from({ length: 40 }, (_, i) => (i % 5 ? 'a' : 'b')) });
  parquet = await tableToBytes(table, 'parquet');
  arrowFile = await tableToBytes(table, 'arrow');
  arrowStream = await tableToBytes(table, 'arrow-stream');
});

async function expectInputError(file: string, pattern: RegExp): Promise<string> {
  const run = await augment(file);
  const line = errorLine(run);
  expect(run.code).toBe(3);
  expect(line).toContain(`'${file}'`);
  expect(line).toMatch(pattern);
  return line;
}

describe('input files', () => {
  it('a missing file names the path and says to check it', async () => {
    await expectInputError(path.join(tmp.dir, 'nope.csv'), /no such file\. Check the path/);
  });

  it('a folder without Parquet parts', async () => {
    const empty = path.join(tmp.dir, 'empty-folder');
    mkdirSync(empty);
    await expectInputError(empty, /the folder holds no .parquet files\. Point --input at a Parquet, Arrow or CSV file, or at a folder of Parquet part files/);
  });

  it('an empty file', async () => {
    await expectInputError(tmp.put('empty.csv', ''), /the file is empty\. Point to a CSV \(with a header row\), Parquet or Arrow file/);
  });

  it('a CSV with a header and no rows', async () => {
    await expectInputError(tmp.put('header.csv', 'x,y,label\n'), /it has columns \(x, y, label\) but no rows\. Give a table with labelled data rows/);
  });

  it('ragged CSV rows (too few or too many fields) name the line', async () => {
    await expectInputError(tmp.put('short.csv', 'x,y,label\n1,2,a\n3,4\n5,6,b\n'), /a row at line 3 has a different number of fields than the header\. Fix that line/);
    await expectInputError(tmp.put('long.csv', 'x,y,label\n1,2,a\n3,4,a,9\n5,6,b\n'), /line 3 has a different number of fields/);
  });

  it('invalid UTF-8 names the line and how to re-encode', async () => {
    const latin1 = Buffer.concat([Buffer.from('x,y,label\n1,2,caf'), Buffer.from([0xe9]), Buffer.from('\n3,4,b\n')]);
    await expectInputError(tmp.put('latin1.csv', latin1), /not valid UTF-8 text \(line 2, byte offset 18\)\. Re-save the CSV as UTF-8/);
  });

  it('binary bytes that are no known format', async () => {
    await expectInputError(tmp.put('noise.bin', Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256)), /its bytes are not CSV text, Parquet or Arrow IPC\. Supported inputs/);
  });

  it('truncated Parquet files (cut in half, or only the last bytes missing)', async () => {
    for (const cut of [Math.floor(parquet.length / 2), parquet.length - 3, 4]) {
      await expectInputError(tmp.put(`cut-${cut}.parquet`, parquet.subarray(0, cut)), /Parquet|corrupt or truncated/);
    }
    await expectInputError(tmp.put('half.parquet', parquet.subarray(0, Math.floor(parquet.length / 2))), /the Parquet footer is unreadable .*corrupt or truncated; re-export it/);
  });

  it('a Parquet file with a damaged body', async () => {
    const damaged = Uint8Array.from(parquet);
    for (let i = 8; i < Math.min(damaged.length - 8, 200); i++) damaged[i] = 0xff;
    const run = await augment(tmp.put('damaged.parquet', damaged));
    // Either refused clearly, or (if the damaged bytes were padding) read: never a crash.
    if (run.code !== 0) expect(errorLine(run)).toMatch(/^gan-augment: Cannot read '.*damaged\.parquet'/);
    expect(run.code === 0 || run.code === 3).toBe(true);
  });

  it('truncated Arrow IPC files and streams', async () => {
    await expectInputError(tmp.put('half.arrow', arrowFile.subarray(0, Math.floor(arrowFile.length / 2))), /the Arrow IPC file is truncated \(its footer is missing\)\. Write the file again completely/);
    await expectInputError(tmp.put('cut.arrows', arrowStream.subarray(0, Math.floor(arrowStream.length * 0.7))), /the Arrow IPC stream is truncated \(no end-of-stream marker\)/);
  });

  it('gives a stack trace only with --verbose', async () => {
    const file = path.join(tmp.dir, 'nope.csv');
    const quiet = await augment(file);
    expect(quiet.stderr).not.toMatch(/\n\s+at /);
    const verbose = await augment(file, '--verbose');
    expect(verbose.code).toBe(3);
    expect(verbose.stderr.split('\n')[0]).toBe(errorLine(quiet));
    expect(verbose.stderr).toMatch(/GanAugmentError: .*\n\s+at /);
  });

  it('never modifies the input, on success or on error', async () => {
    const good = tmp.put('good.csv', csv(40));
    const bad = tmp.put('bad-label.csv', csv(40));
    const before = [sha256(good), sha256(bad)];
    expect((await augment(good)).code).toBe(0);
    expect((await cli(['augment', '--input', bad, '--label', 'nope', '--output', path.join(tmp.dir, 'o.csv'), '--model', 'random', '--quiet'])).code).toBe(4);
    // Asking to write over the input is refused and leaves it alone.
    const same = await cli(['augment', '--input', good, '--label', 'label', '--output', good, '--model', 'random', '--quiet']);
    expect(same.code).toBe(7);
    expect(errorLine(same)).toMatch(/is the input file; refusing to overwrite it\. Choose a different --output path/);
    expect([sha256(good), sha256(bad)]).toEqual(before);
  });
});

describe.skipIf(!hasBadParquet)('apache/parquet-testing bad_data', () => {
  const files = hasBadParquet ? readdirSync(badParquetDir).filter((f) => f.endsWith('.parquet')) : [];
  it.each(files)('%s: a clear input error, or a readable table', async (name) => {
    const file = path.join(badParquetDir, name);
    const before = sha256(file);
    // The label is the file's first column, so the reader must decode the rows (not only the schema).
    const first = (await cli(['augment', '--input', file, '--label', '\u0000none', '--output', path.join(tmp.dir, 'o.parquet'), '--model', 'random', '--quiet'])).stderr;
    const label = /Available columns: '([^']*)'/.exec(first)?.[1];
    const run = label === undefined ? await augment(file) : await cli(['augment', '--input', file, '--label', label, '--model', 'random', '--output', path.join(tmp.dir, 'o.parquet'), '--quiet']);
    expect(run.code, run.stderr).not.toBe(70);
    // Some "bad" files are bad only for other readers and read fine here; then a later, clear error
    // about the data (one class, no features...) or success.
    if (run.code !== 3) {
      if (run.code !== 0) expect(errorLine(run)).toMatch(/^gan-augment: (--label|Column|No feature|Class)/);
    } else {
      expect(run.code).toBe(3);
      expect(errorLine(run)).toMatch(new RegExp(`^gan-augment: Cannot read '${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}': .+\\. (The file is corrupt or truncated; re-export it|Convert the file)`));
    }
    expect(sha256(file)).toBe(before);
  });
});
