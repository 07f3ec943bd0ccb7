/**
 * The owner's standard: the same seed gives the same bytes, whichever process or machine writes
 * them. Each case runs twice with the same seed but another thread count, a clock that runs at
 * another speed (so every wall time and rate differs), and the input or model at another path
 * with the same name; the files must hash alike, and the --summary file still has the timings.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { augment, augmentStream, fitModel, registerBuiltins, sampleModel, sampleShards } from '../../src/index.js';
import { FOLDER_MARKER } from '../../src/io/owned-folder.js';
import { readTable } from '../../src/io/index.js';
import { MANIFEST_FILE } from '../../src/model-store/manifest.js';
import { METADATA_KEY, type RunSummary } from '../../src/stage/metadata.js';
import { MANIFEST_NAME } from '../../src/stream/dataset-layout.js';
import { writeGeneratedParquet } from '../support/generated-parquet.js';

let dir: string;
/** The same input file at two paths: run A reads one, run B the other. */
const inputs = { a: '', b: '' };

beforeAll(async () => {
  registerBuiltins();
  dir = await mkdtemp(path.join(tmpdir(), 'gan-augment-same-bytes-'));
  inputs.a = path.join(dir, 'a', 'events.parquet');
  inputs.b = path.join(dir, 'b', 'events.parquet');
  await mkdir(path.dirname(inputs.a));
  await mkdir(path.dirname(inputs.b));
  await writeGeneratedParquet(inputs.a, { rows: 600, cols: 3, minority: 0.1, seed: 3 }, 200);
  await copyFile(inputs.a, inputs.b);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Run A: one thread, a clock of 1 ms per reading; run B: two threads, 37 ms per reading. */
const RUNS = { a: { threads: 1, msPerReading: 1 }, b: { threads: 2, msPerReading: 37 } } as const;

/** `fn` with performance.now() advancing `ms` at each reading: every measured time differs between runs. */
async function withClock<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  let now = 0;
  const spy = vi.spyOn(performance, 'now').mockImplementation(() => (now += ms));
  try {
    return await fn();
  } finally {
    spy.mockRestore();
  }
}

async function sha256(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

/** Each run of `make` in its own folder (dir/<case>-a, dir/<case>-b); returns both folders. */
async function twice(name: string, make: (run: 'a' | 'b', out: string) => Promise<unknown>): Promise<{ a: string; b: string }> {
  const out = { a: path.join(dir, `${name}-a`), b: path.join(dir, `${name}-b`) };
  for (const run of ['a', 'b'] as const) {
    await mkdir(out[run], { recursive: true });
    await withClock(RUNS[run].msPerReading, () => make(run, out[run]));
  }
  return out;
}

/** Every file under `folder` (relative names, sorted) with its SHA-256, the --summary files left out. */
async function folderHashes(folder: string): Promise<Record<string, string>> {
  const names = (await readdir(folder, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && !e.name.startsWith('summary'));
  const entries = await Promise.all(names.map(async (e) => [path.relative(folder, path.join(e.parentPath, e.name)), await sha256(path.join(e.parentPath, e.name))] as const));
  return Object.fromEntries(entries.sort(([x], [y]) => (x < y ? -1 : 1)));
}

async function summaryFile(folder: string): Promise<RunSummary> {
  return JSON.parse(await readFile(path.join(folder, 'summary.json'), 'utf8')) as RunSummary;
}

const base = { label: 'label', model: 'smote', seed: 11, quiet: true } as const;

describe('the same seed gives the same bytes, whatever the threads, the clock and the path', () => {
  for (const ext of ['parquet', 'arrow'] as const) {
    it(`augment in memory, ${ext} output`, async () => {
      const out = await twice(`memory-${ext}`, (run, folder) =>
        augment({ ...base, input: inputs[run], threads: RUNS[run].threads, output: path.join(folder, `out.${ext}`), summaryPath: path.join(folder, 'summary.json') }),
      );
      const files = await folderHashes(out.a);
      expect(Object.keys(files)).toEqual([`out.${ext}`]);
      expect(await folderHashes(out.b)).toEqual(files);
      // The file's copy has no timings; the summary file keeps them, and they did differ.
      const embedded = JSON.parse((await readTable(path.join(out.a, `out.${ext}`))).metadata.get(METADATA_KEY)!) as Record<string, unknown>;
      expect(embedded['training']).toEqual({ epochs: 0, finalMetrics: null });
      expect(embedded['input']).toMatchObject({ source: 'events.parquet' });
      const [a, b] = [await summaryFile(out.a), await summaryFile(out.b)];
      expect(a.training!.seconds).not.toBe(b.training!.seconds);
      expect([a.options['requestedThreads'], b.options['requestedThreads']]).toEqual([1, 2]);
      expect(a.input!.source).toBe(inputs.a);
    });

    it(`augmentStream, one ${ext} file (${ext === 'parquet' ? 'row groups copied' : 're-encoded'})`, async () => {
      const out = await twice(`stream-${ext}`, (run, folder) =>
        augmentStream({ ...base, input: inputs[run], threads: RUNS[run].threads, output: path.join(folder, `out.${ext}`), summaryPath: path.join(folder, 'summary.json') }),
      );
      expect(await folderHashes(out.b)).toEqual(await folderHashes(out.a));
      const [a, b] = [await summaryFile(out.a), await summaryFile(out.b)];
      expect(a.output!.copy).toBe(ext === 'parquet' ? 'row-groups' : 're-encoded');
      expect(a.output!.seconds).not.toBe(b.output!.seconds);
      expect(a.training!.seconds).not.toBe(b.training!.seconds);
    });
  }

  it('augmentStream, the dataset layout: parts and manifest', async () => {
    const out = await twice('dataset', (run, folder) =>
      augmentStream({ ...base, input: inputs[run], threads: RUNS[run].threads, output: path.join(folder, 'set'), outputLayout: 'dataset', summaryPath: path.join(folder, 'summary.json') }),
    );
    const files = await folderHashes(out.a);
    expect(Object.keys(files)).toEqual(expect.arrayContaining([`set/${MANIFEST_NAME}`, 'set/is_synthetic=true/part-00000.parquet']));
    expect(await folderHashes(out.b)).toEqual(files);
    const a = await summaryFile(out.a);
    expect(a.output).toMatchObject({ path: path.join(out.a, 'set'), originals: expect.stringMatching(/^(hardlink|copy|mixed)$/) });
    expect(a.training!.seconds).toBeTypeOf('number');
  });

  it('fit, then sample and sample with shards: model folders, shard files and sample files', async () => {
    const models = await twice('fit', (run, folder) =>
      fitModel({ ...base, input: inputs[run], threads: RUNS[run].threads, modelDir: path.join(folder, 'model'), summaryPath: path.join(folder, 'summary.json') }),
    );
    expect(await folderHashes(models.b)).toEqual(await folderHashes(models.a));
    expect(Object.keys(await folderHashes(models.a))).toEqual(expect.arrayContaining([`model/${MANIFEST_FILE}`]));
    expect((await summaryFile(models.a)).training!.seconds).not.toBe((await summaryFile(models.b)).training!.seconds);

    const shards = await twice('shards', (run, folder) =>
      sampleShards({ modelDir: path.join(models[run], 'model'), counts: 'fraud=700,ok=300', shards: 3, blockRows: 100, output: folder, quiet: true }),
    );
    const shardFiles = await folderHashes(shards.a);
    expect(Object.keys(shardFiles).filter((f) => f !== FOLDER_MARKER)).toHaveLength(3);
    expect(await folderHashes(shards.b)).toEqual(shardFiles);

    const samples = await twice('sample', (run, folder) =>
      sampleModel({ modelDir: path.join(models[run], 'model'), counts: 'fraud=50', output: path.join(folder, 'extra.parquet'), quiet: true }),
    );
    expect(await folderHashes(samples.b)).toEqual(await folderHashes(samples.a));
    const embedded = JSON.parse((await readTable(path.join(samples.a, 'extra.parquet'))).metadata.get(METADATA_KEY)!) as RunSummary;
    expect(embedded.modelDir).toBe('model');
  });
});
