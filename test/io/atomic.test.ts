/**
 * Atomic writes: the destination never holds a partial file, no temporary file survives success or
 * failure, protected inputs are never overwritten; '-' reads and writes Arrow IPC streams on
 * stdin/stdout (checked through a child process).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GanAugmentError } from '../../src/errors.js';
import { writeAtomically } from '../../src/io/atomic.js';
import { readTableFromBytes, tableToBytes, writeFileAtomic, writeTable } from '../../src/io/index.js';
import { N, sampleTable } from '../support/sample-table.js';
import { repoDir } from '../support/shared-data.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'io-atomic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fresh(name: string): string {
  const sub = mkdtempSync(path.join(dir, `${name}-`));
  return sub;
}

describe('atomic writes', () => {
  it('never shows a partial file and leaves no temp file after success', async () => {
    const folder = fresh('ok');
    const dest = path.join(folder, 'out.bin');
    writeFileSync(dest, 'old content');
    await writeAtomically(dest, async (sink) => {
      await sink.write(new Uint8Array([1, 2, 3]));
      // Mid-write: the destination still holds the old file, the new bytes sit in a hidden temp file.
      expect(readFileSync(dest, 'utf8')).toBe('old content');
      expect(readdirSync(folder).filter((f) => f.endsWith('.tmp'))).toHaveLength(1);
      await sink.write(new Uint8Array([4]));
    });
    expect(Array.from(readFileSync(dest))).toEqual([1, 2, 3, 4]);
    expect(readdirSync(folder)).toEqual(['out.bin']);
  });

  it('removes the temp file and keeps the old file when writing fails', async () => {
    const folder = fresh('fail');
    const dest = path.join(folder, 'out.parquet');
    writeFileSync(dest, 'previous');
    await expect(
      writeAtomically(dest, async (sink) => {
        await sink.write(new Uint8Array(1000));
        throw new Error('disk on fire');
      }),
    ).rejects.toThrow(/disk on fire/);
    expect(readFileSync(dest, 'utf8')).toBe('previous');
    expect(readdirSync(folder)).toEqual(['out.parquet']);
  });

  it('removes the temp file when the table cannot be written to the format', async () => {
    const folder = fresh('badtype');
    const { Table, vectorFromArray, Struct, Field, Int32 } = await import('apache-arrow');
    const structs = vectorFromArray([{ a: 1 }], new Struct([new Field('a', new Int32(), true)]));
    const err = await writeTable(new Table({ s: structs }), path.join(folder, 'x.parquet')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GanAugmentError);
    expect((err as GanAugmentError).code).toBe('output');
    expect((err as GanAugmentError).message).toMatch(/column 's'.*--format arrow/);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('refuses to overwrite a protected input, by any name', async () => {
    const folder = fresh('protect');
    const input = path.join(folder, 'train.parquet');
    writeFileSync(input, 'INPUT');
    const link = path.join(folder, 'link.parquet');
    symlinkSync(input, link);
    const relative = path.relative(process.cwd(), input);
    for (const dest of [input, relative, link, path.join(folder, '.', 'train.parquet')]) {
      const err = await writeTable(sampleTable(), dest, { protect: [input] }).catch((e: unknown) => e);
      expect(err, dest).toBeInstanceOf(GanAugmentError);
      expect((err as GanAugmentError).code).toBe('output');
      expect((err as GanAugmentError).message).toMatch(/Refusing to overwrite the input file.*--output/);
    }
    const viaLinkProtect = await writeFileAtomic(input, 'x', { protect: [link] }).catch((e: unknown) => e);
    expect(viaLinkProtect).toBeInstanceOf(GanAugmentError);
    expect(readFileSync(input, 'utf8')).toBe('INPUT');
    expect(readdirSync(folder).sort()).toEqual(['link.parquet', 'train.parquet']);
  });

  it('names the missing folder', async () => {
    const err = await writeFileAtomic(path.join(dir, 'no', 'such', 'summary.json'), '{}').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GanAugmentError);
    expect((err as GanAugmentError).code).toBe('output');
    expect((err as GanAugmentError).message).toMatch(/folder .*no\/such' does not exist/);
  });

  it('writes strings and bytes with writeFileAtomic', async () => {
    const folder = fresh('text');
    await writeFileAtomic(path.join(folder, 'a.json'), '{"ok":true}');
    await writeFileAtomic(path.join(folder, 'b.bin'), new Uint8Array([9, 8]));
    expect(readFileSync(path.join(folder, 'a.json'), 'utf8')).toBe('{"ok":true}');
    expect(Array.from(readFileSync(path.join(folder, 'b.bin')))).toEqual([9, 8]);
    expect(readdirSync(folder).sort()).toEqual(['a.json', 'b.bin']);
  });
});

describe('stdin and stdout', () => {
  const child = path.join(repoDir, 'test', 'io', 'stdio-child.ts');
  const run = (input: Uint8Array) =>
    spawnSync(process.execPath, ['--import', 'tsx', child], { input, cwd: repoDir, maxBuffer: 64 << 20, timeout: 60_000 });

  it("'-' reads an Arrow IPC stream from stdin and writes one to stdout", async () => {
    const result = run(await tableToBytes(sampleTable(), 'arrow-stream'));
    expect(result.stderr.toString()).toBe('');
    expect(result.status).toBe(0);
    const back = await readTableFromBytes(new Uint8Array(result.stdout), 'stdout');
    expect(back.format).toBe('arrow-stream');
    expect(back.table.numRows).toBe(N);
    expect(back.metadata.get('read-format')).toBe('arrow-stream');
    expect(back.table.getChild('i64')!.get(1)).toBe(sampleTable().getChild('i64')!.get(1));
  });

  it('fails with the input exit code on empty stdin', () => {
    const result = run(new Uint8Array(0));
    expect(result.status).toBe(3);
    expect(result.stderr.toString()).toMatch(/standard input: nothing arrived/);
    expect(existsSync(path.join(repoDir, '-'))).toBe(false);
  });
});

describe('writeAtomically with a companion file', () => {
  it('renames both only when both are complete, and gives the companion the main size', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-companion-'));
    try {
      const dest = path.join(dir, 'out.bin');
      const side = path.join(dir, 'summary.json');
      const bytes = await writeAtomically(dest, (sink) => sink.write(new Uint8Array(1234)), { companion: { path: side, contents: (n) => `{"bytes":${n}}` } });
      expect(bytes).toBe(1234);
      expect(readFileSync(side, 'utf8')).toBe('{"bytes":1234}');
      const failing = writeAtomically(path.join(dir, 'b.bin'), (sink) => sink.write(new Uint8Array(10)), {
        companion: {
          path: path.join(dir, 'b.json'),
          contents: () => {
            throw new Error('summary failed');
          },
        },
      });
      await expect(failing).rejects.toThrow('summary failed');
      expect(readdirSync(dir).sort()).toEqual(['out.bin', 'summary.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
