/**
 * Fuzzing with fast-check: random bytes and mutated valid files into `readTableFromBytes`, random
 * small tables into `augment` (models random and smote, in memory). Every failure must be a
 * GanAugmentError, never another exception, a crash or a hang. Fixed seeds and bounded runs keep
 * it reproducible and quick (a failure prints the seed and the shrunk counterexample).
 */
import fc from 'fast-check';
import { Bool, Float64, Int32, Table, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGanAugmentError } from '../../src/errors.js';
import { augment, registerBuiltins } from '../../src/index.js';
import { tableToBytes } from '../../src/io/index.js';

/** Where the inputs that hang are written (a temporary folder: the checked-in copies are in fixtures/). */
const hangDir = path.join(os.tmpdir(), 'gan-augment-fuzz-hangs');

/** Per-case cap: a case slower than this fails as a hang (async work only; see the file comment). */
const CASE_MS = 1000;

beforeAll(() => registerBuiltins());

/** Run `fn`; a thrown error must be ours. Returns 'ok' or the error code. */
async function ownErrorsOnly(fn: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: no answer within ${CASE_MS} ms`)), CASE_MS);
  });
  try {
    await Promise.race([fn(), hang]);
    return 'ok';
  } catch (err) {
    if (isGanAugmentError(err)) return err.code;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

function sampleTable(): Table {
  const n = 30;
  return new Table({
    x: vectorFromArray(Float64Array.from({ length: n }, (_, i) => i / 3)),
    k: vectorFromArray(Int32Array.from({ length: n }, (_, i) => i % 4)),
    s: vectorFromArray(Array.from({ length: n }, (_, i) => ['a', 'b', null][i % 3]), new Utf8()),
    label: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 'rare' : 'common')), new Utf8()),
  });
}

/** A valid file with a few bytes overwritten, a slice cut out, or cut short. */
function mutated(valid: Uint8Array): fc.Arbitrary<Uint8Array> {
  const n = valid.length;
  const overwrite = fc.array(fc.tuple(fc.nat(n - 1), fc.nat(255)), { minLength: 1, maxLength: 8 }).map((edits) => {
    const out = Uint8Array.from(valid);
    for (const [at, byte] of edits) out[at] = byte;
    return out;
  });
  const truncate = fc.nat(n - 1).map((len) => valid.slice(0, len));
  const splice = fc.tuple(fc.nat(n - 1), fc.nat(64)).map(([at, len]) => Uint8Array.from([...valid.subarray(0, at), ...valid.subarray(at + len)]));
  return fc.oneof(overwrite, truncate, splice);
}

/**
 * One worker reading byte arrays in turn; a case that takes longer than CASE_MS is a hang: the
 * worker is terminated (a synchronous endless loop cannot be stopped any other way) and replaced.
 */
class ReadWorker {
  private worker: Worker | undefined;
  private next = 0;

  private async started(): Promise<Worker> {
    if (this.worker) return this.worker;
    const w = new Worker(new URL('./fuzz-read-worker.mjs', import.meta.url));
    await new Promise<void>((resolve, reject) => {
      w.once('error', reject);
      w.once('message', () => resolve());
    });
    this.worker = w;
    return w;
  }

  async read(bytes: Uint8Array): Promise<{ outcome: string; message?: string }> {
    const w = await this.started();
    const id = ++this.next;
    let timer: NodeJS.Timeout | undefined;
    let onMessage: ((m: { id: number; outcome: string; message?: string }) => void) | undefined;
    let onError: ((err: Error) => void) | undefined;
    const answer = await new Promise<{ outcome: string; message?: string }>((resolve, reject) => {
      onMessage = (m) => {
        if (m.id === id) resolve(m);
      };
      onError = reject;
      w.on('message', onMessage);
      w.on('error', onError);
      timer = setTimeout(() => resolve({ outcome: 'hang' }), CASE_MS);
      w.postMessage({ id, bytes });
    }).finally(() => {
      // One pair of listeners per case, removed after it: hundreds of cases share this worker.
      w.off('message', onMessage!);
      w.off('error', onError!);
    });
    clearTimeout(timer);
    if (answer.outcome === 'hang') await this.stop();
    return answer;
  }

  async stop(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    await w?.terminate();
  }
}

const reader = new ReadWorker();
afterAll(() => reader.stop());


describe('fuzz: readTableFromBytes', () => {
  it('the checked-in reproducers of former hangs: each an input error, none a hang', async () => {
    const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
    const files = readdirSync(dir).filter((f) => f.startsWith('hang-'));
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const f of files) {
      const { outcome, message } = await reader.read(new Uint8Array(readFileSync(path.join(dir, f))));
      expect(outcome, `${f}: ${message}`).toBe('input');
    }
  });

  it('random bytes: an input error or a table, never another exception or a hang', async () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 2048 }),
      // Random bodies behind each magic number, to get past format detection.
      fc.tuple(fc.constantFrom('PAR1', 'ARROW1\0\0', '\xff\xff\xff\xff', 'x,label\n'), fc.uint8Array({ maxLength: 512 }), fc.constantFrom('', 'PAR1', 'ARROW1')).map(
        ([head, body, tail]) => Uint8Array.from([...Buffer.from(head, 'latin1'), ...body, ...Buffer.from(tail, 'latin1')]),
      ),
    );
    await fc.assert(
      fc.asyncProperty(bytes, async (b) => {
        const { outcome, message } = await reader.read(b);
        expect(['ok', 'input'], message).toContain(outcome);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  for (const format of ['csv', 'parquet', 'arrow', 'arrow-stream'] as const) {
    it(`mutated ${format}: an input error or a table, never another exception`, async () => {
      const valid = await tableToBytes(sampleTable(), format);
      const outcomes = new Map<string, number>();
      const hangs: Uint8Array[] = [];
      for (const b of fc.sample(mutated(valid), { seed: 11, numRuns: 100 })) {
        const { outcome, message } = await reader.read(b);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        if (outcome === 'hang') hangs.push(b);
        else expect(['ok', 'input'], message).toContain(outcome);
      }
      if (hangs.length > 0) {
        mkdirSync(hangDir, { recursive: true });
        hangs.forEach((b, i) => writeFileSync(path.join(hangDir, `hang-${format}-${i}.bin`), b));
        console.warn(`fuzz: ${hangs.length} mutated ${format} input(s) made the parser loop forever; written to ${hangDir}: add them to test/integration/fixtures and fix the validation.`);
      }
      // The IO layer checks framing and page headers before the parsers see the bytes (src/io/arrow-framing.ts, src/io/parquet-pages.ts).
      expect(hangs.length).toBe(0);
      expect(outcomes.get('input') ?? 0).toBeGreaterThan(0);
    });
  }
});

/** Small random tables: numeric (with NaN, Infinity, nulls), integer, text and boolean columns, and a label. */
const smallTable: fc.Arbitrary<Table> = fc.integer({ min: 0, max: 24 }).chain((n) => {
  const num = fc.oneof({ weight: 8, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) }, fc.constantFrom(NaN, Infinity, -Infinity, null));
  const column = fc.oneof(
    fc.array(num, { minLength: n, maxLength: n }).map((v): Vector => vectorFromArray(v, new Float64())),
    fc.array(fc.option(fc.integer({ min: -3, max: 3 })), { minLength: n, maxLength: n }).map((v): Vector => vectorFromArray(v, new Int32())),
    fc.array(fc.option(fc.constantFrom('a', 'b', 'c', '')), { minLength: n, maxLength: n }).map((v): Vector => vectorFromArray(v, new Utf8())),
    fc.array(fc.option(fc.boolean()), { minLength: n, maxLength: n }).map((v): Vector => vectorFromArray(v, new Bool())),
  );
  const label = fc.array(fc.option(fc.constantFrom('yes', 'no', 'maybe'), { freq: 6 }), { minLength: n, maxLength: n }).map((v) => vectorFromArray(v, new Utf8()));
  return fc.tuple(fc.array(column, { minLength: 0, maxLength: 4 }), label).map(([cols, y]) => {
    const children: Record<string, Vector> = {};
    cols.forEach((c, i) => (children[`c${i}`] = c));
    children.label = y;
    return new Table(children);
  });
});

describe('fuzz: augment on random small tables', () => {
  for (const model of ['random', 'smote'] as const) {
    it(`--model ${model}`, async () => {
      const codes = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(smallTable, fc.constantFrom('auto', 'all', '0.5', 'minority'), fc.nat(1000), async (table, strategy, seed) => {
          const code = await ownErrorsOnly(async () => {
            const { table: out, summary } = await augment({ input: table, label: 'label', model, strategy, seed, quiet: true, ...(model === 'smote' ? { modelParams: { k_neighbors: 2 } } : {}) });
            // When it works, the input rows come first and unchanged in number.
            expect(out.numRows).toBe(table.numRows + summary.classes.reduce((s, c) => s + c.added, 0));
          });
          codes.set(code, (codes.get(code) ?? 0) + 1);
        }),
        { seed: 23, numRuns: 120 },
      );
      // Both outcomes were explored.
      expect(codes.get('ok') ?? 0).toBeGreaterThan(0);
      expect([...codes.keys()].some((c) => c !== 'ok')).toBe(true);
    });
  }
});
