import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelArtifacts } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';
import { FOLDER_MARKER } from '../../src/io/owned-folder.js';
import { loadModel } from '../../src/model-store/load.js';
import { saveModel } from '../../src/model-store/save.js';
import { encodeTable } from '../../src/schema/encode.js';
import { inferRoles } from '../../src/schema/infer.js';
import { imbalancedTable } from '../support/tables.js';

let dir: string;
const table = imbalancedTable();
const { plan } = encodeTable(table, inferRoles(table, { label: 'class', ignore: ['note'] }));
const artifacts: ModelArtifacts = { config: { name: 'toy' }, arrays: { a: Float32Array.of(1, 2), b: Float32Array.of(3) } };
const info = { plugin: 'test-jitter', plan, toolVersion: '0.1.0' };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gan-augment-model-safety-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function refusal(p: Promise<unknown>): Promise<GanAugmentError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(GanAugmentError);
  return err as GanAugmentError;
}

describe('a model folder is replaced only when it is provably ours', () => {
  it('refuses a folder with a manifest.json of its own (and the input beside it), deleting nothing', async () => {
    const data = path.join(dir, 'data');
    await mkdir(data);
    await writeFile(path.join(data, 'manifest.json'), '{"dataset": "mine"}');
    await writeFile(path.join(data, 'train.csv'), 'x,label\n1,a\n');
    const err = await refusal(saveModel(data, artifacts, info));
    expect(err.code).toBe('output');
    expect(err.message).toMatch(/--model-dir: '.*data' holds files gan-augment did not write.*Choose an empty or new folder/);
    expect((await readdir(data)).sort()).toEqual(['manifest.json', 'train.csv']);
  });

  it('refuses a model folder of ours to which a user added a file, and one whose marker is of another kind', async () => {
    const target = path.join(dir, 'added');
    await saveModel(target, artifacts, info);
    await writeFile(path.join(target, 'notes.txt'), 'mine');
    expect((await refusal(saveModel(target, artifacts, info))).message).toMatch(/holds files gan-augment did not write \('notes\.txt'\)/);
    expect(await readFile(path.join(target, 'notes.txt'), 'utf8')).toBe('mine');
    const other = path.join(dir, 'shards-like');
    await mkdir(other);
    await writeFile(path.join(other, FOLDER_MARKER), '{"format":"gan-augment-folder","version":1,"kind":"shards"}\n');
    expect((await refusal(saveModel(other, artifacts, info))).message).toMatch(/marker of another kind \(shards\)/);
  });

  it('replaces its own model folder whole and leaves nothing behind', async () => {
    const target = path.join(dir, 'own');
    await saveModel(target, artifacts, info);
    await saveModel(target, { ...artifacts, config: { name: 'second' } }, info);
    expect((await loadModel(target)).artifacts.config).toEqual({ name: 'second' });
    expect((await readdir(dir)).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});

describe('a model folder is read only from inside itself', () => {
  it('refuses a weights.bin that is a symbolic link out of the folder, even to identical bytes', async () => {
    const target = path.join(dir, 'linked');
    await saveModel(target, artifacts, info);
    const outside = path.join(dir, 'outside.bin');
    await rename(path.join(target, 'weights.bin'), outside);
    await symlink(outside, path.join(target, 'weights.bin'));
    expect((await refusal(loadModel(target))).message).toMatch(/weights\.bin is a symbolic link; a model folder is read only from inside itself/);
  });

  it('refuses a FIFO as config.json without blocking on it', async () => {
    const target = path.join(dir, 'fifo');
    await saveModel(target, artifacts, info);
    await rm(path.join(target, 'config.json'));
    execFileSync('mkfifo', [path.join(target, 'config.json')]);
    expect((await refusal(loadModel(target))).message).toMatch(/config\.json is not a regular file/);
  });

  it('refuses a device as manifest.json', async () => {
    const target = path.join(dir, 'device');
    await saveModel(target, artifacts, info);
    await rm(path.join(target, 'manifest.json'));
    await symlink('/dev/zero', path.join(target, 'manifest.json'));
    expect((await refusal(loadModel(target))).message).toMatch(/manifest\.json is a symbolic link/);
  });

  it('refuses arrays whose offsets leave a gap or overlap, so the sizes add up exactly', async () => {
    const target = path.join(dir, 'layout');
    await saveModel(target, artifacts, info);
    const manifestPath = path.join(target, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    const arrays = [manifest.weights.arrays[0], { ...manifest.weights.arrays[1], byteOffset: 4 }];
    await writeFile(manifestPath, JSON.stringify({ ...manifest, weights: { ...manifest.weights, arrays } }));
    expect((await refusal(loadModel(target))).message).toMatch(/array 'b' starts at byte 4, but the arrays before it end at 8/);
  });
});
