/**
 * Temporary files are removed on every exit path, and those of dead processes by the next run:
 * the `.tmp` beside an output, and the synthetic-rows spill folder in the temp dir.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Table, vectorFromArray, type RecordBatch } from 'apache-arrow';
import { writeFileAtomic } from '../../src/io/atomic.js';
import { removeStaleTempsBeside } from '../../src/io/temp-files.js';
import { SyntheticStore } from '../../src/stream/synthetic-store.js';
import { repoRoot, tempDir } from '../support/cli-errors.js';

const tmp = tempDir('temp-files');
afterAll(tmp.cleanup);

/** The id of a process that has just ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

function batch(): RecordBatch {
  return new Table({ x: vectorFromArray(Float64Array.of(1, 2, 3)) }).batches[0]!;
}

describe('stale temporaries of dead processes', () => {
  it('are removed beside the output by the next write; a living process’s and other names are kept', async () => {
    const out = path.join(tmp.dir, 'out.parquet');
    const dead = `.out.parquet.${deadPid()}.deadbeef.tmp`;
    const deadOld = `.out.parquet.${deadPid()}.0badf00d.tmp.old`;
    const living = `.out.parquet.${process.pid}.cafebabe.tmp`;
    const init = '.out.parquet.1.12345678.tmp';
    for (const name of [dead, living, init, 'notes.tmp', '.other.parquet.99999999.deadbeef.tmp']) writeFileSync(path.join(tmp.dir, name), 'x');
    mkdirSync(path.join(tmp.dir, deadOld));
    await writeFileAtomic(out, 'data');
    const left = readdirSync(tmp.dir);
    expect(left).not.toContain(dead);
    expect(left).not.toContain(deadOld);
    expect(left).toEqual(expect.arrayContaining([living, init, 'notes.tmp', 'out.parquet']));
    expect(await removeStaleTempsBeside(out)).toEqual([]);
  });

  it('a dead process’s spill folder is removed when the next run spills', async () => {
    const stale = path.join(os.tmpdir(), `gan-augment-synthetic-${deadPid()}-Ab12Cd`);
    mkdirSync(stale, { recursive: true });
    writeFileSync(path.join(stale, 'synthetic.arrows'), 'x');
    const store = new SyntheticStore(0);
    await store.add(batch());
    expect(existsSync(stale)).toBe(false);
    await store.dispose();
  });
});

describe('the spill folder on every exit path', () => {
  it('is removed when the process exits without disposing the store (process.exit)', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'spill-exit-child.ts')], { cwd: repoRoot, encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(3);
    expect(child.stdout.trim()).toBe('1');
    expect(readdirSync(os.tmpdir()).filter((f) => f.startsWith(`gan-augment-synthetic-${child.pid}-`))).toEqual([]);
  });
});
