/**
 * Checks that can be made before work are made before work: a missing output folder, an output
 * that is the input through a symbolic link or a hard link, a summary path in a missing folder,
 * and folders that are not ours for shards and checkpoints. Each is refused before training
 * (no progress line from the fit), with exit 7 and the fix.
 */
import { linkSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, repoRoot, sha256, tempDir } from '../support/cli-errors.js';

const demoCsv = path.join(repoRoot, 'fixtures', 'demo-churn.csv');
const tmp = tempDir('before-work');
afterAll(tmp.cleanup);
const ctgan = (output: string, ...more: string[]): string[] => ['augment', '--input', demoCsv, '--label', 'churned', '--model', 'ctgan', '--epochs', '300', '--output', output, ...more];

function refusedEarly(run: { code: number; stderr: string }, pattern: RegExp): void {
  expect(run.code, run.stderr).toBe(7);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/^fit\s/m);
}

describe('refused before training', () => {
  it('an output folder that does not exist', async () => {
    refusedEarly(await cli(ctgan(path.join(tmp.dir, 'missing', 'out.parquet'))), /^gan-augment: --output: cannot write '.*out\.parquet': the folder '.*missing' does not exist\. Create it first/m);
  });

  it('an output that is the input through a symbolic link, or a hard link under another name', async () => {
    const input = tmp.put('in.csv', 'x,label\n1,a\n2,a\n3,b\n4,a\n');
    const hash = sha256(input);
    const viaLink = path.join(tmp.dir, 'link.csv');
    symlinkSync(input, viaLink);
    const hard = path.join(tmp.dir, 'hard.csv');
    linkSync(input, hard);
    for (const out of [viaLink, hard]) {
      const run = await cli(['augment', '--input', input, '--label', 'label', '--model', 'random', '--output', out]);
      refusedEarly(run, /Refusing to overwrite the input file '.*in\.csv'/);
    }
    expect(sha256(input)).toBe(hash);
  });

  it('a --summary path whose folder does not exist (nothing is written)', async () => {
    const out = path.join(tmp.dir, 'never.parquet');
    refusedEarly(await cli(ctgan(out, '--summary', path.join(tmp.dir, 'nope', 's.json'))), /^gan-augment: --summary: cannot write '.*s\.json': the folder '.*nope' does not exist/m);
    expect(readdirSync(tmp.dir)).not.toContain('never.parquet');
  });

  it('a --checkpoint-dir that holds files gan-augment did not write (they stay)', async () => {
    const mine = path.join(tmp.dir, 'project');
    mkdirSync(mine);
    writeFileSync(path.join(mine, 'notes.txt'), 'mine');
    refusedEarly(await cli(ctgan(path.join(tmp.dir, 'o.parquet'), '--checkpoint-dir', mine)), /--checkpoint-dir: '.*project' holds files gan-augment did not write; refusing to write into it or replace it\. Choose an empty or new folder\./);
    expect(readdirSync(mine)).toEqual(['notes.txt']);
  });
});

describe('shard folders', () => {
  it('refuses an --output folder of shards that holds files gan-augment did not write', async () => {
    const modelDir = path.join(tmp.dir, 'model');
    const fit = await cli(['fit', '--input', demoCsv, '--label', 'churned', '--model', 'random', '--model-dir', modelDir, '--quiet']);
    expect(fit.code, fit.stderr).toBe(0);
    const shards = path.join(tmp.dir, 'shards');
    mkdirSync(shards);
    writeFileSync(path.join(shards, 'part-00000-of-00002.parquet'), 'not ours');
    const run = await cli(['sample', '--model-dir', modelDir, '--count', 'yes=100', '--output', shards, '--shards', '2', '--workers', '1', '--quiet']);
    expect(run.code, run.stderr).toBe(7);
    expect(run.stderr).toMatch(/--output: '.*shards' holds files gan-augment did not write/);
    expect(readdirSync(shards)).toEqual(['part-00000-of-00002.parquet']);
    // A new folder is claimed (marker written) and then accepted again for a re-run.
    const fresh = path.join(tmp.dir, 'fresh');
    for (let i = 0; i < 2; i++) {
      const ok = await cli(['sample', '--model-dir', modelDir, '--count', 'yes=100', '--output', fresh, '--shards', '2', '--workers', '1', '--quiet']);
      expect(ok.code, ok.stderr).toBe(0);
    }
    expect(readdirSync(fresh).sort()).toEqual(['.gan-augment-folder', 'part-00000-of-00002.parquet', 'part-00001-of-00002.parquet']);
  });
});
