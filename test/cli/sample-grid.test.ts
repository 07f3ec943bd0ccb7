import { existsSync, mkdtempSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { digitsTable } from '../../fixtures/digits/build.js';
import { captureIO } from '../../src/cli/terminal.js';
import { main } from '../../src/cli/main.js';
import { decodePng } from '../../src/image/png.js';
import { writeTable } from '../../src/io/index.js';
import { sampleModel } from '../../src/index.js';

const demoCsv = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'demo-churn.csv');

describe('gan-augment sample --grid', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-grid-'));
  const modelDir = path.join(dir, 'dcgan');

  beforeAll(async () => {
    // A tiny dcgan (narrow networks, 1 epoch) on 8 real images of digits 0, 1 and 3: enough to
    // exercise the command, not to draw good digits.
    const input = path.join(dir, 'digits.arrow');
    await writeTable(digitsTable([8, 8, 0, 8, 0, 0, 0, 0, 0, 0]), input, { format: 'arrow' });
    const io = captureIO();
    const code = await main(
      ['fit', '--input', input, '--label', 'digit', '--model', 'dcgan', '--epochs', '1', '--batch-size', '8',
        '--model-params', 'generatorWidth=4,discriminatorWidth=4,noiseDim=8', '--model-dir', modelDir, '--quiet'],
      io,
    );
    expect(code, io.stderrText()).toBe(0);
  }, 120_000);

  it('writes a PNG with one row per class and as many cells as the largest count', async () => {
    const grid = path.join(dir, 'samples.png');
    const io = captureIO();
    const code = await main(['sample', '--model-dir', modelDir, '--count', '3=5,0=2', '--grid', grid, '--quiet'], io);
    expect(code, io.stderrText()).toBe(0);
    const png = decodePng(await readFile(grid));
    // 3 classes (0, 1, 3) x 5 cells of 28x28 with 2 px padding.
    expect([png.height, png.width, png.channels]).toEqual([3 * 30 + 2, 5 * 30 + 2, 1]);
    // No output table was asked for, so none was written; no temporary file is left behind.
    expect((await readdir(dir)).sort()).toEqual(['dcgan', 'digits.arrow', 'samples.png']);
  }, 60_000);

  it('writes the table and the grid together, and the API takes gridPath', async () => {
    const grid = path.join(dir, 'both.png');
    const out = path.join(dir, 'both.parquet');
    const io = captureIO();
    expect(await main(['sample', '--model-dir', modelDir, '--count', '3=3', '--grid', grid, '--output', out, '--quiet'], io), io.stderrText()).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(decodePng(await readFile(grid)).width).toBe(3 * 30 + 2);
    const apiGrid = path.join(dir, 'api.png');
    const { table } = await sampleModel({ modelDir, counts: { '1': 2 }, gridPath: apiGrid, quiet: true });
    expect(table.numRows).toBe(2);
    expect(decodePng(await readFile(apiGrid)).width).toBe(2 * 30 + 2);
  }, 60_000);

  it('refuses --grid for a model without an image column, naming --grid', async () => {
    const smoteDir = path.join(dir, 'smote');
    const fit = captureIO();
    expect(await main(['fit', '--input', demoCsv, '--label', 'churned', '--model', 'smote', '--model-dir', smoteDir, '--quiet'], fit), fit.stderrText()).toBe(0);
    const grid = path.join(dir, 'nope.png');
    const io = captureIO();
    expect(await main(['sample', '--model-dir', smoteDir, '--count', 'yes=5', '--grid', grid], io)).toBe(2);
    expect(io.stderrText()).toContain('--grid');
    expect(io.stderrText()).toContain('no image column');
    expect(existsSync(grid)).toBe(false);

    const sharded = captureIO();
    expect(await main(['sample', '--model-dir', modelDir, '--count', '3=4', '--shards', '2', '--shard', '0', '--output', path.join(dir, 'shards'), '--grid', grid], sharded)).toBe(2);
    expect(sharded.stderrText()).toContain('--grid');
    expect(existsSync(grid)).toBe(false);
  }, 60_000);
});
