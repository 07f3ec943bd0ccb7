import { mkdir, mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelArtifacts } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';
import { loadModel, loadSynthesizer } from '../../src/model-store/load.js';
import { saveModel } from '../../src/model-store/save.js';
import { encodeTable } from '../../src/schema/encode.js';
import { inferRoles } from '../../src/schema/infer.js';
import { fitModel } from '../../src/api/fit-model.js';
import { sampleModel } from '../../src/stage/sample-model.js';
import { registerJitter } from '../support/jitter-synthesizer.js';
import { imbalancedTable } from '../support/tables.js';

let dir: string;
const table = imbalancedTable();
const { plan } = encodeTable(table, inferRoles(table, { label: 'class', ignore: ['note'] }));
const artifacts: ModelArtifacts = {
  config: { layers: [3, 2], name: 'toy' },
  arrays: { 'g/w': Float32Array.of(1, 2.5, -3), 'g/b': new Float32Array(0), 'd/w': Float32Array.of(Math.PI) },
};

beforeAll(async () => {
  registerJitter();
  dir = await mkdtemp(path.join(tmpdir(), 'gan-augment-models-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function saved(name: string): Promise<string> {
  const target = path.join(dir, name);
  await saveModel(target, artifacts, { plugin: 'test-jitter', plan, toolVersion: '0.1.0' });
  return target;
}

async function refused(p: Promise<unknown>, pattern: RegExp, code = 'model'): Promise<void> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(GanAugmentError);
  expect((err as GanAugmentError).code).toBe(code);
  expect((err as Error).message).toMatch(pattern);
}

describe('saveModel / loadModel', () => {
  it('round-trips config, arrays, plan and classes', async () => {
    const target = await saved('round-trip');
    expect((await readdir(target)).sort()).toEqual(['.gan-augment-folder', 'config.json', 'manifest.json', 'weights.bin']);
    const { manifest, artifacts: back } = await loadModel(target);
    expect(back.config).toEqual(artifacts.config);
    expect(Object.keys(back.arrays)).toEqual(Object.keys(artifacts.arrays));
    for (const [name, values] of Object.entries(artifacts.arrays)) expect([...back.arrays[name]!]).toEqual([...values]);
    expect(manifest).toMatchObject({ format: 'gan-augment-model', formatVersion: 1, toolVersion: '0.1.0', plugin: 'test-jitter', classes: ['maybe', 'no', 'yes'] });
    expect(manifest.plan).toEqual(JSON.parse(JSON.stringify(plan)));
    expect(manifest.weights.arrays.map((a) => [a.name, a.shape, a.byteOffset, a.byteLength])).toEqual([
      ['g/w', [3], 0, 12],
      ['g/b', [0], 12, 0],
      ['d/w', [1], 12, 4],
    ]);
    // Saving again replaces the model directory whole, leaving no temporary folders behind.
    await saveModel(target, { ...artifacts, config: { name: 'second' } }, { plugin: 'test-jitter', plan, toolVersion: '0.1.0' });
    expect((await loadModel(target)).artifacts.config).toEqual({ name: 'second' });
    expect((await readdir(dir)).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('refuses a truncated weights.bin', async () => {
    const target = await saved('truncated');
    await truncate(path.join(target, 'weights.bin'), 10);
    await refused(loadModel(target), /weights\.bin is 10 bytes but the manifest says 16 \(truncated\)/);
  });

  it('refuses an edited config.json or weights.bin by checksum', async () => {
    const target = await saved('edited');
    const configPath = path.join(target, 'config.json');
    const text = await readFile(configPath, 'utf8');
    await writeFile(configPath, text.replace('"toy"', '"yot"'));
    await refused(loadModel(target), /config\.json does not match its checksum in manifest\.json/);
    const other = await saved('edited-weights');
    const w = await readFile(path.join(other, 'weights.bin'));
    w[0] = w[0]! ^ 1;
    await writeFile(path.join(other, 'weights.bin'), w);
    await refused(loadModel(other), /weights\.bin does not match its checksum/);
  });

  it('refuses another format version, naming both versions', async () => {
    const target = await saved('version');
    const manifestPath = path.join(target, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    await writeFile(manifestPath, JSON.stringify({ ...manifest, formatVersion: 2, toolVersion: '9.0.0' }));
    await refused(loadModel(target), /manifest\.json has model format version 2 \(written by gan-augment 9\.0\.0\), but this gan-augment reads version 1/);
  });

  it('refuses broken manifests: not JSON, missing files, bad array layout, paths outside the folder', async () => {
    const target = await saved('broken');
    const manifestPath = path.join(target, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    await writeFile(manifestPath, '{"format": ');
    await refused(loadModel(target), /manifest\.json is not valid JSON/);
    const arrays = [...manifest.weights.arrays];
    arrays[0] = { ...arrays[0], byteLength: 8 };
    await writeFile(manifestPath, JSON.stringify({ ...manifest, weights: { ...manifest.weights, arrays } }));
    await refused(loadModel(target), /array 'g\/w' has byteLength 8 but shape \[3\] needs 12/);
    await writeFile(manifestPath, JSON.stringify({ ...manifest, config: { ...manifest.config, file: '../x.json' } }));
    await refused(loadModel(target), /outside the model folder/);
    await writeFile(manifestPath, JSON.stringify({ ...manifest, plan: { ...manifest.plan, version: 7 } }));
    await refused(loadModel(target), /table plan is invalid \(version 7/);
    await writeFile(manifestPath, JSON.stringify(manifest));
    await rm(path.join(target, 'config.json'));
    await refused(loadModel(target), /config\.json is missing/);
    await refused(loadModel(path.join(dir, 'nowhere')), /is not a folder/);
  });

  it('refuses a model of an unregistered plugin, and a target folder holding other files', async () => {
    const target = path.join(dir, 'unregistered');
    await saveModel(target, artifacts, { plugin: 'not-registered', plan, toolVersion: '0.1.0' });
    await refused(loadSynthesizer(target), /fitted with synthesizer 'not-registered', which is not registered/);
    const busy = path.join(dir, 'busy');
    await mkdir(busy);
    await writeFile(path.join(busy, 'notes.txt'), 'mine');
    await refused(saveModel(busy, artifacts, { plugin: 'x', plan, toolVersion: '0.1.0' }), /holds files gan-augment did not write/, 'output');
    await refused(fitModel({ input: table, label: 'class', model: 'test-jitter', ignore: ['note'], modelDir: busy, quiet: true }), /--model-dir: .* holds files gan-augment did not write.*Choose an empty or new folder/, 'output');
    expect(await readFile(path.join(busy, 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('fitModel / sampleModel', () => {
  it('fits, saves, and samples the requested rows per class with the input types', async () => {
    const modelDir = path.join(dir, 'fitted');
    const { summary } = await fitModel({ input: table, label: 'class', model: 'test-jitter', ignore: ['note'], modelDir, seed: 3, quiet: true });
    expect(summary.command).toBe('fit');
    expect(summary.classes.map((c) => c.before)).toEqual([6, 60, 12]);
    const output = path.join(dir, 'sampled.parquet');
    const a = await sampleModel({ modelDir, counts: 'yes=25,maybe=5', output, seed: 1, quiet: true });
    expect(a.outputPath).toBe(output);
    expect(a.table.numRows).toBe(30);
    const labels = [...a.table.getChild('class')!];
    expect(labels.filter((l) => l === 'yes').length).toBe(25);
    expect(labels.filter((l) => l === 'maybe').length).toBe(5);
    expect([...a.table.getChild('is_synthetic')!].every((v) => v === true)).toBe(true);
    expect([...a.table.getChild('note')!].every((v) => v === null)).toBe(true);
    expect(a.table.schema.fields.slice(0, -1).map((f) => String(f.type))).toEqual(table.schema.fields.map((f) => String(f.type)));
    const b = await sampleModel({ modelDir, counts: { yes: 25, maybe: 5 }, seed: 1, quiet: true });
    expect(b.table.toArray().map((r) => JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? String(v) : v)))).toEqual(
      a.table.toArray().map((r) => JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? String(v) : v))),
    );
    await refused(sampleModel({ modelDir, counts: 'nope=3' }), /--counts: class 'nope' is not one the model was fitted on.*'maybe', 'no', 'yes'/, 'usage');
    await refused(sampleModel({ modelDir, counts: 'auto' }), /--counts must list rows per class/, 'usage');
    await refused(sampleModel({ modelDir, counts: 'yes=1', output: path.join(modelDir, 'manifest.json'), format: 'csv' }), /Refusing to overwrite/, 'output');
  });
});
