/**
 * The README's image example through the CLI: `augment --model dcgan` on a digits file built by
 * fixtures/digits/build.ts, for Parquet and Arrow input. File inputs take the streaming path
 * (src/stream), which once lost every pixel of a fixed-size-list column while collecting the
 * training rows ("Column 'image', row 0: pixel 0 is missing").
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as arrow from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { digitsTable, MINORITY_DIGIT } from '../../fixtures/digits/build.js';
import { captureIO } from '../../src/cli/terminal.js';
import { main } from '../../src/cli/main.js';
import { IMAGE_SHAPE_METADATA_KEY } from '../../src/image/column.js';
import { readTable, writeTable } from '../../src/io/index.js';

/** 12 images of every digit but 5 (the least dcgan learns from) of the minority digit: small enough for a one-epoch fit. */
const COUNTS = Array.from({ length: 10 }, (_, d) => (d === MINORITY_DIGIT ? 5 : 12));
const SMALL_DCGAN = ['--model-param', 'generatorWidth=8', '--model-param', 'discriminatorWidth=4', '--model-param', 'noiseDim=8', '--batch-size', '8'];

const dir = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-digits-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Pixels of row `row` of a FixedSizeList<uint8> column. */
function pixelsOf(table: arrow.Table, row: number): number[] {
  const v = table.getChild('image')!.get(row) as arrow.Vector | null;
  return v === null ? [] : Array.from(v.toArray() as Uint8Array);
}

describe('augment --model dcgan on the digits fixture (CLI, streaming path)', () => {
  const input = digitsTable(COUNTS);
  for (const format of ['parquet', 'arrow'] as const) {
    it(`balances a ${format} file and keeps the image column's type, shape and original pixels`, async () => {
      const inFile = path.join(dir, `digits.${format}`);
      const outFile = path.join(dir, `digits.balanced.${format}`);
      await writeTable(input, inFile, { format });
      const io = captureIO();
      const code = await main(['augment', '--input', inFile, '--label', 'digit', '--model', 'dcgan', '--epochs', '1', ...SMALL_DCGAN, '--output', outFile, '--seed', '3'], io);
      expect(code, io.stderrText()).toBe(0);

      const out = (await readTable(outFile)).table;
      expect(out.numRows).toBe(12 * 10);
      const field = out.schema.fields.find((f) => f.name === 'image')!;
      expect(String(field.type)).toBe('FixedSizeList[784]<Uint8>');
      expect(field.metadata.get(IMAGE_SHAPE_METADATA_KEY)).toBe('28x28x1');
      for (let r = 0; r < input.numRows; r++) expect(pixelsOf(out, r)).toEqual(pixelsOf(input, r));

      const digits = out.getChild('digit')!.toArray() as Int32Array;
      const synthetic = out.getChild('is_synthetic')!.toArray() as boolean[];
      for (let r = input.numRows; r < out.numRows; r++) {
        expect(synthetic[r]).toBe(true);
        expect(digits[r]).toBe(MINORITY_DIGIT);
        const pixels = pixelsOf(out, r);
        expect(pixels).toHaveLength(784);
        expect(pixels.every((p) => Number.isInteger(p) && p >= 0 && p <= 255)).toBe(true);
      }
    }, 120_000);
  }
});
