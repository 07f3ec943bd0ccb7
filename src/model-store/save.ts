/**
 * Write a fitted synthesizer to a model directory: manifest.json (format version, tool version,
 * plugin, table plan, array layout, checksums), config.json (the plugin's JSON config) and
 * weights.bin (every float32 array concatenated), plus the folder marker (src/io/owned-folder.ts)
 * that lets a later fit replace it. The directory appears whole or not at all: files go to a
 * temporary sibling folder that is renamed into place.
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { JsonValue, ModelArtifacts } from '../contracts.js';
import { GanAugmentError } from '../errors.js';
import { removeStaleTempsBeside, tempPathBeside, trackTemp } from '../io/temp-files.js';
import { checkOutputGate } from '../io/stop-gate.js';
import { FOLDER_MARKER, checkFolderTarget, createParentFolders, folderMarker, folderWriteError, removeOwnedFolder } from '../io/owned-folder.js';
import type { TablePlan } from '../schema/plan.js';
import {
  CONFIG_FILE,
  MANIFEST_FILE,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  WEIGHTS_FILE,
  type ArrayEntry,
  type ModelManifest,
} from './manifest.js';

export interface SaveModelInfo {
  readonly plugin: string;
  readonly plan: TablePlan;
  readonly toolVersion: string;
  readonly training?: JsonValue;
}

/**
 * Save `artifacts` (from `synthesizer.serialize()`) to `dir`, replacing an existing model directory
 * there but refusing to replace a folder that holds anything else.
 * @example await saveModel('models/fraud', await synth.serialize(), { plugin: 'ctgan', plan, toolVersion: '0.1.0' })
 */
export async function saveModel(dir: string, artifacts: ModelArtifacts, info: SaveModelInfo): Promise<ModelManifest> {
  const target = path.resolve(dir);
  await checkModelDirTarget(target);

  const arrays: ArrayEntry[] = [];
  let offset = 0;
  for (const [name, values] of Object.entries(artifacts.arrays)) {
    if (!(values instanceof Float32Array)) {
      throw new GanAugmentError('model', `Cannot save array '${name}' of plugin '${info.plugin}': it is not a Float32Array.`);
    }
    arrays.push({ name, dtype: 'float32', shape: [values.length], byteOffset: offset, byteLength: values.byteLength });
    offset += values.byteLength;
  }
  const weights = new Uint8Array(offset);
  for (const entry of arrays) {
    const values = artifacts.arrays[entry.name]!;
    weights.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), entry.byteOffset);
  }
  const config = Buffer.from(`${JSON.stringify(artifacts.config, null, 2)}\n`, 'utf8');
  const manifest: ModelManifest = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    toolVersion: info.toolVersion,
    plugin: info.plugin,
    classes: info.plan.classes,
    plan: info.plan,
    config: { file: CONFIG_FILE, bytes: config.length, sha256: sha256(config) },
    weights: { file: WEIGHTS_FILE, bytes: weights.length, sha256: sha256(weights), arrays },
    training: info.training ?? null,
  };

  // `models/x` with no `models/` yet: the parents are made now, and removed again on failure.
  const undoParents = await createParentFolders(target, '--model-dir');
  await removeStaleTempsBeside(target);
  const temp = tempPathBeside(target);
  const untrack = [trackTemp(temp)];
  try {
    await mkdir(temp, { recursive: false });
    await writeFile(path.join(temp, FOLDER_MARKER), folderMarker('model'), { flag: 'wx' });
    await writeFile(path.join(temp, WEIGHTS_FILE), weights);
    await writeFile(path.join(temp, CONFIG_FILE), config);
    await writeFile(path.join(temp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await replaceDir(temp, target);
  } catch (err) {
    await removeOwnedFolder(temp, MODEL_FILES).catch(() => undefined);
    await undoParents();
    if (err instanceof GanAugmentError) throw err;
    throw folderWriteError(dir, '--model-dir', err);
  } finally {
    for (const done of untrack) done();
  }
  return manifest;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The files a model directory holds besides its marker: nothing else is ever replaced or removed. */
const MODEL_FILES = [MANIFEST_FILE, CONFIG_FILE, WEIGHTS_FILE] as const;

/**
 * A model directory may replace an earlier model directory (one with our marker and only our
 * files) or an empty folder, nothing else; missing parents are created when it is saved.
 * `fitModel` calls this before training so a bad --model-dir fails fast.
 */
export async function checkModelDirTarget(dir: string): Promise<void> {
  await checkFolderTarget(path.resolve(dir), 'model', '--model-dir', MODEL_FILES, true);
}

/** Rename `temp` to `target`, moving an existing model directory aside first and removing it after. */
async function replaceDir(temp: string, target: string): Promise<void> {
  checkOutputGate(target);
  const exists = await stat(target).catch(() => undefined);
  if (!exists) {
    await rename(temp, target);
    return;
  }
  // Checked again here: the folder may have changed during training.
  await checkModelDirTarget(target);
  const old = `${temp}.old`;
  await rename(target, old);
  try {
    await rename(temp, target);
  } catch (err) {
    await rename(old, target);
    throw err;
  }
  // The new model is in place. Should a file appear in the old folder meanwhile, that folder stays
  // (under its temporary name) rather than be removed with what is not ours.
  await removeOwnedFolder(old, MODEL_FILES).catch(() => undefined);
}
