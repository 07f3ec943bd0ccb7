/**
 * What each bad input gives: a GanAugmentError('input') that names the file and says how to fix
 * it (missing, empty, folder, unknown bytes, invalid UTF-8, ragged CSV, no header, truncated Arrow).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GanAugmentError } from '../../src/errors.js';
import { readTable, tableToBytes } from '../../src/io/index.js';
import { sampleTable } from '../support/sample-table.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'io-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function failure(file: string): Promise<GanAugmentError> {
  const err = await readTable(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GanAugmentError);
  const e = err as GanAugmentError;
  expect(e.code).toBe('input');
  expect(e.exitCode).toBe(3);
  expect(e.message).toContain(file);
  return e;
}

function put(name: string, content: string | Uint8Array): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe('read errors', () => {
  it('missing file', async () => {
    expect((await failure(path.join(dir, 'nope.csv'))).message).toMatch(/no such file.*Check the path/);
  });
  it('empty file', async () => {
    expect((await failure(put('empty.parquet', ''))).message).toMatch(/empty/);
  });
  it('a folder', async () => {
    const sub = path.join(dir, 'folder.csv');
    mkdirSync(sub);
    expect((await failure(sub)).message).toMatch(/folder, not a file/);
  });
  it('unknown bytes', async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect((await failure(put('blob.csv', bytes))).message).toMatch(/not CSV text, Parquet or Arrow/);
  });
  it('Feather v1', async () => {
    expect((await failure(put('old.feather', Buffer.from('FEA1\u0000\u0000\u0000\u0000FEA1')))).message).toMatch(/Feather version 1.*Feather v2/);
  });
  it('invalid UTF-8 in a CSV names the line', async () => {
    const bytes = Buffer.concat([Buffer.from('a,b\n1,x\n2,'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\n')]);
    expect((await failure(put('latin1.csv', bytes))).message).toMatch(/not valid UTF-8 text \(line 3.*UTF-8/);
  });
  it('ragged CSV rows name the line', async () => {
    expect((await failure(put('ragged.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8\n'))).message).toMatch(/line 3 has a different number of fields/);
  });
  it('a CSV without a header row', async () => {
    expect((await failure(put('blank.csv', '\n\n'))).message).toMatch(/no header row/);
  });
  it('duplicate CSV column names', async () => {
    expect((await failure(put('dup.csv', 'a,b,a\n1,2,3\n'))).message).toMatch(/column 'a' twice/);
  });
  it('unclosed CSV quote', async () => {
    expect((await failure(put('quote.csv', 'a,b\n1,"abc\n'))).message).toMatch(/invalid CSV/);
  });
  it('truncated Arrow file and stream', async () => {
    const file = await tableToBytes(sampleTable(), 'arrow');
    expect((await failure(put('cut.arrow', file.subarray(0, file.length - 10)))).message).toMatch(/truncated/);
    const stream = await tableToBytes(sampleTable(), 'arrow-stream');
    expect((await failure(put('cut.arrows', stream.subarray(0, stream.length - 8)))).message).toMatch(/truncated/);
    for (const cut of [12, 200, Math.floor(stream.length / 2)]) await failure(put(`cut${cut}.arrows`, stream.subarray(0, cut)));
  });
  it('truncated Parquet', async () => {
    const bytes = await tableToBytes(sampleTable(), 'parquet');
    await failure(put('cut.parquet', bytes.subarray(0, bytes.length - 100)));
  });
  it('keeps the library error as cause', async () => {
    const e = await failure(put('ragged2.csv', 'a,b\n1\n'));
    expect(e.cause).toBeDefined();
  });
});

describe('CSV type inference', () => {
  it('infers int32, int64, float64 (NaN), bool, date, timestamp and utf8; empty is null, "" is empty', async () => {
    const csv = [
      'small,big,huge,real,nan,flag,day,when,word,quoted',
      '1,9007199254740993,99999999999999999999,1.5,-inf,true,2024-01-02,2024-01-01T00:00:00.123Z,x,""',
      ',-5,1,2,nan,FALSE,2024-02-29,2024-01-01T00:00:01.000Z,,"a,b"',
      '3,7,2,-1e3,,,,,"z",',
    ].join('\n');
    const { table, format, metadata } = await readTable(put('types.csv', csv));
    expect(format).toBe('csv');
    expect(metadata.size).toBe(0);
    const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toEqual({
      small: 'Int32',
      big: 'Int64',
      huge: 'Float64',
      real: 'Float64',
      nan: 'Float64',
      flag: 'Bool',
      day: 'Date32<DAY>',
      when: 'Timestamp<MILLISECOND, UTC>',
      word: 'Utf8',
      quoted: 'Utf8',
    });
    expect(table.getChild('small')!.toArray()).toEqual(Int32Array.from([1, 0, 3]));
    expect(table.getChild('small')!.get(1)).toBeNull();
    expect(table.getChild('big')!.get(0)).toBe(9007199254740993n);
    expect(table.getChild('nan')!.get(0)).toBe(-Infinity);
    // nan is a missing value by pandas' defaults; without them (only the empty field missing) it is NaN.
    expect(table.getChild('nan')!.get(1)).toBeNull();
    expect(table.getChild('nan')!.get(2)).toBeNull();
    const strict = await readTable(put('types-strict.csv', csv), { csv: { keepDefaultNa: false, naValues: [''] } });
    expect(Number.isNaN(strict.table.getChild('nan')!.get(1))).toBe(true);
    expect(strict.table.getChild('nan')!.get(2)).toBeNull();
    expect(table.getChild('flag')!.get(1)).toBe(false);
    expect(table.getChild('day')!.get(1)).toBe(Date.UTC(2024, 1, 29));
    expect(table.getChild('when')!.get(0)).toBe(Date.UTC(2024, 0, 1) + 123);
    expect(table.getChild('word')!.get(1)).toBeNull();
    expect(table.getChild('quoted')!.get(0)).toBe('');
    expect(table.getChild('quoted')!.get(1)).toBe('a,b');
    expect(table.getChild('quoted')!.get(2)).toBeNull();
  });

  it('honours a delimiter and a BOM', async () => {
    const { table } = await readTable(put('semi.csv', '\ufeffa;b\n1;x\n'), { csv: { delimiter: ';' } });
    expect(table.schema.fields.map((f) => f.name)).toEqual(['a', 'b']);
    expect(table.getChild('b')!.get(0)).toBe('x');
  });

  it('detects the format from bytes, not the extension', async () => {
    const bytes = await tableToBytes(sampleTable(), 'parquet');
    const { format } = await readTable(put('really-parquet.csv', bytes));
    expect(format).toBe('parquet');
  });
});
