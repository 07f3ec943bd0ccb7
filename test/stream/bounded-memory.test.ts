/**
 * The streaming augment's memory does not grow with the input: a child process whose JavaScript
 * heap is capped well below the input's size augments it. The input's bulk is a wide string
 * column, whose values live on the JavaScript heap once read (typed-array columns would not press
 * on --max-old-space-size), so holding the input in memory could not fit the cap.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBatchSource } from '../../src/io/batch-source.js';
import { HEAP_MB, ROWS, augmentUnderHeapCap, writeWideInput } from '../support/capped-augment.js';

let dir: string;
let input: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gan-augment-memory-'));
  input = path.join(dir, 'wide.parquet');
  await writeWideInput(input, 'parquet'); // ~260 MB
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bounded memory', () => {
  it(`augments a Parquet file several times larger than a ${HEAP_MB} MB heap cap`, async () => {
    const { size } = await stat(input);
    expect(size / 2 ** 20).toBeGreaterThan(2.4 * HEAP_MB);
    const output = path.join(dir, 'out.parquet');
    const run = await augmentUnderHeapCap(input, output);
    console.warn(`bounded-memory child: input ${(size / 2 ** 20).toFixed(0)} MB, heap cap ${HEAP_MB} MB, peak RSS ${run.maxRssMb.toFixed(0)} MB, ${run.seconds.toFixed(1)} s`);
    const out = await openBatchSource(output);
    expect(out.numRows).toBe(ROWS + 5000 - ROWS / 100);
    // Spot-check: the first row group is the input's first rows, unchanged.
    const first = (await out.batches()[Symbol.asyncIterator]().next()).value!;
    const inputFirst = (await (await openBatchSource(input)).batches()[Symbol.asyncIterator]().next()).value!;
    expect(first.get(0)!.toJSON()).toEqual({ ...inputFirst.get(0)!.toJSON(), is_synthetic: false });
  }, 180_000);
});
