/**
 * The streaming augment of a CSV holds one chunk of rows, not the file: a child process whose
 * JavaScript heap is capped well below the CSV's size augments it. Every CSV field is a JavaScript
 * string until its batch is built, so holding the file (as the in-memory reader does) could not fit
 * the cap. Mirrors bounded-memory.test.ts (the same data, as CSV).
 */
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBatchSource } from '../../src/io/batch-source.js';
import { HEAP_MB, ROWS, augmentUnderHeapCap, writeWideInput } from '../support/capped-augment.js';

let dir: string;
let input: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gan-augment-csv-memory-'));
  input = path.join(dir, 'wide.csv');
  await writeWideInput(input, 'csv'); // ~265 MB
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bounded memory, CSV input', () => {
  it(`augments a CSV file over 2.5 times the size of a ${HEAP_MB} MB heap cap`, async () => {
    const { size } = await stat(input);
    expect(size / 2 ** 20).toBeGreaterThan(2.5 * HEAP_MB);
    const output = path.join(dir, 'out.parquet');
    const run = await augmentUnderHeapCap(input, output);
    console.warn(`csv bounded-memory child: input ${(size / 2 ** 20).toFixed(0)} MB, heap cap ${HEAP_MB} MB, peak RSS ${run.maxRssMb.toFixed(0)} MB, ${run.seconds.toFixed(1)} s`);
    const out = await openBatchSource(output);
    expect(out.numRows).toBe(ROWS + 5000 - ROWS / 100);
    // Spot-check: the output starts with the input's first row, unchanged.
    const first = (await out.batches()[Symbol.asyncIterator]().next()).value!;
    const handle = await open(input, 'r');
    const head = Buffer.alloc(4096);
    await handle.read(head, 0, head.length, 0);
    await handle.close();
    const [f0, f1, note, label] = head.toString('utf8').split('\n')[1]!.split(',');
    expect(first.get(0)!.toJSON()).toEqual({ f0: Number(f0), f1: Number(f1), note, label, is_synthetic: false });
  }, 240_000);
});
