/**
 * Each input on which a parser used to loop forever (found by fuzz.test.ts; kept in fixtures/) is
 * now refused by our validation before the parser sees it, with a message that says what is
 * wrong. Reads run in a worker with a time limit, so a regression fails instead of freezing the run.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const LIMIT_MS = 5000;

interface Outcome {
  outcome: string;
  message?: string;
}

let worker: Worker | undefined;
let nextId = 0;
async function started(): Promise<Worker> {
  if (worker) return worker;
  const w = new Worker(new URL('./fuzz-read-worker.mjs', import.meta.url));
  await new Promise<void>((resolve, reject) => {
    w.once('error', reject);
    w.once('message', () => resolve());
  });
  return (worker = w);
}
afterAll(() => worker?.terminate());

/** Send one request ({ bytes } or { path }); 'hang' if no answer within LIMIT_MS (the worker is then stopped). */
async function ask(request: { bytes: Uint8Array } | { path: string } | { stream: string } | { planSchema: string }): Promise<Outcome> {
  const w = await started();
  const id = String(++nextId);
  let timer: NodeJS.Timeout | undefined;
  const answer = await new Promise<Outcome>((resolve) => {
    const onMessage = (m: Outcome & { id: string }) => {
      if (m.id !== id) return;
      w.off('message', onMessage);
      resolve(m);
    };
    w.on('message', onMessage);
    timer = setTimeout(() => resolve({ outcome: 'hang' }), LIMIT_MS);
    w.postMessage({ id, ...request });
  });
  clearTimeout(timer);
  if (answer.outcome === 'hang') {
    await w.terminate();
    worker = undefined;
  }
  return answer;
}

const bytesOf = (name: string) => new Uint8Array(readFileSync(path.join(fixtures, name)));

describe('former hangs are refused with a message naming the problem', () => {
  const cases: [file: string, message: RegExp][] = [
    // A footer block pointing at a message that is not a record batch (the file reader re-read it forever).
    ['hang-arrow-0.bin', /Arrow IPC file is corrupt: record batch 0: its footer block points at a message with no header, not a record batch/],
    // A continuation marker overwritten: the metadata length read from it is negative.
    ['hang-arrow-1.bin', /Arrow IPC file is corrupt: record batch 0 at byte 8 has a negative metadata length/],
    // A slice cut out: the footer block now runs past the data.
    ['hang-arrow-2.bin', /Arrow IPC file is corrupt: record batch 0: its block \(offset 8, metadata 320 bytes, body 872 bytes\) runs past the data/],
    // A flatbuffer vector length overwritten: 2^30 buffers promised in 312 bytes.
    ['hang-arrow-3.bin', /Arrow IPC file is corrupt: record batch 0: buffers claims \d+ entries, more than its 312 bytes of metadata can hold/],
    ['hang-arrow-stream-0.bin', /Arrow IPC stream is corrupt: message 0: field children claims \d+ entries/],
    // A DATA_PAGE_V2 header without its counts (hyparquet's level decoder looped on a NaN offset).
    ['hang-parquet-0.bin', /column 'x' in row group 0 is corrupt: page 0 \(at byte 4\) is a version 2 data page without valid value, null and row counts/],
    // A corrupt ARROW:schema hint (a field-children cycle) is dropped; the rest of the file is then refused on its own fault.
    ['hang-parquet-arrow-schema-0.bin', /a column could not be decoded/],
  ];
  for (const [file, message] of cases) {
    it(file, async () => {
      const { outcome, message: got } = await ask({ bytes: bytesOf(file) });
      expect(outcome, got).toBe('input');
      expect(got).toMatch(message);
      expect(got).toContain("'fuzz.bin'");
    });
  }

  it('the row-group-at-a-time Parquet reader refuses the same page header', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-hang-'));
    try {
      const file = path.join(dir, 'bad.parquet');
      copyFileSync(path.join(fixtures, 'hang-parquet-0.bin'), file);
      const { outcome, message } = await ask({ path: file });
      expect(outcome, message).toBe('input');
      expect(message).toMatch(/bad\.parquet.*column 'x' in row group 0 is corrupt: page 0/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the streaming stage reader (Arrow batch by batch from disk) refuses every Arrow reproducer', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-hang-stream-'));
    try {
      for (const [name, message] of cases.filter(([f]) => f.startsWith('hang-arrow'))) {
        const file = path.join(dir, name.replace('.bin', '.arrow'));
        copyFileSync(path.join(fixtures, name), file);
        const { outcome, message: got } = await ask({ stream: file });
        expect(outcome, `${name}: ${got}`).toBe('input');
        expect(got).toMatch(message);
        expect(got).toContain(file);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a saved model's table plan holding a looping Arrow schema is refused as a damaged model", async () => {
    const { outcome, message } = await ask({ planSchema: Buffer.from(bytesOf('hang-arrow-stream-0.bin')).toString('base64') });
    expect(outcome, message).toBe('model');
    expect(message).toMatch(/table plan holds no readable Arrow schema/);
  });
});
