/**
 * Read a model directory written by `saveModel`. Everything is checked before the plugin sees it:
 * the manifest's format and version, each file's size and SHA-256, the array layout against
 * weights.bin, and the table plan. A truncated, edited or incompatible directory is refused with
 * GanAugmentError('model') naming the file and what is wrong; nothing is half-loaded and nothing
 * in the files is executed (JSON.parse and byte copies only). Files are read only from inside the
 * folder: no symbolic links, devices or pipes. The checksums detect damage, not tampering: anyone
 * who can write the folder can write a model that passes them.
 */
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { JsonValue, ModelArtifacts, Synthesizer } from '../contracts.js';
import { backendForSynthesizer } from '../backend/for-synthesizer.js';
import type { BackendName } from '../backend/pick.js';
import { GanAugmentError } from '../errors.js';
import { listSynthesizers } from '../registry.js';
import { validatePlan } from '../schema/plan.js';
import { MANIFEST_FILE, MODEL_FORMAT, MODEL_FORMAT_VERSION, type ArrayEntry, type FileEntry, type ModelManifest } from './manifest.js';
import { sha256 } from './save.js';

/** Manifests and configs are small; refuse anything absurd before parsing it. */
const MAX_JSON_BYTES = 256 * 1024 * 1024;

export interface LoadedModel {
  readonly manifest: ModelManifest;
  readonly artifacts: ModelArtifacts;
}

/**
 * Read and verify a model directory.
 * @example const { manifest, artifacts } = await loadModel('models/fraud');
 */
export async function loadModel(dir: string): Promise<LoadedModel> {
  const manifestPath = path.join(dir, MANIFEST_FILE);
  const dirInfo = await stat(dir).catch(() => undefined);
  if (!dirInfo?.isDirectory()) {
    throw new GanAugmentError('model', `--model-dir: '${dir}' is not a folder.`, { hint: 'Give the folder written by `gan-augment fit`.' });
  }
  const manifest = checkManifest(await readJson(manifestPath), manifestPath);
  const configBytes = await readChecked(dir, manifest.config);
  let config: JsonValue;
  try {
    config = JSON.parse(configBytes.toString('utf8')) as JsonValue;
  } catch (err) {
    throw modelError(path.join(dir, manifest.config.file), `is not valid JSON (${(err as Error).message})`);
  }
  const weights = await readChecked(dir, manifest.weights);
  const arrays: Record<string, Float32Array> = {};
  for (const entry of manifest.weights.arrays) {
    // Copy into a fresh, aligned buffer: the file's Buffer may start at any byte offset.
    const copy = new Uint8Array(entry.byteLength);
    copy.set(weights.subarray(entry.byteOffset, entry.byteOffset + entry.byteLength));
    arrays[entry.name] = new Float32Array(copy.buffer);
  }
  return { manifest, artifacts: { config, arrays } };
}

/**
 * Load a model directory and rebuild its synthesizer through the registry.
 * @example const { synthesizer, manifest } = await loadSynthesizer('models/fraud');
 */
export async function loadSynthesizer(
  dir: string,
  options: { backend?: BackendName; threads?: number } = {},
): Promise<LoadedModel & { synthesizer: Synthesizer; backend: string | null }> {
  const loaded = await loadModel(dir);
  const factory = listSynthesizers().find((f) => f.name === loaded.manifest.plugin);
  if (!factory) {
    throw new GanAugmentError('model', `${path.join(dir, MANIFEST_FILE)}: the model was fitted with synthesizer '${loaded.manifest.plugin}', which is not registered.`, {
      hint: `Registered: ${listSynthesizers().map((f) => f.name).join(', ') || '(none)'}. Register the plugin (registerBuiltins() for the built-in ones) before sampling.`,
    });
  }
  // The backend must be active before the plugin creates its tensors.
  const backend = await backendForSynthesizer(factory, options.backend ?? 'auto', { threads: options.threads });
  try {
    return { ...loaded, backend, synthesizer: factory.deserialize(loaded.artifacts) };
  } catch (err) {
    if (err instanceof GanAugmentError && err.code === 'model') throw err;
    throw new GanAugmentError('model', `${dir}: synthesizer '${factory.name}' could not rebuild the model from its files: ${(err as Error).message}`, {
      hint: 'The model may come from an incompatible version of the plugin; fit it again.',
      cause: err,
    });
  }
}

function modelError(file: string, what: string, hint = 'The model directory is damaged or was edited; fit the model again.'): GanAugmentError {
  return new GanAugmentError('model', `${file} ${what}.`, { hint });
}

async function readJson(file: string): Promise<unknown> {
  const bytes = await readInside(file, { atMost: MAX_JSON_BYTES }, 'Give the folder written by `gan-augment fit`.');
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw modelError(file, `is not valid JSON (${(err as Error).message})`);
  }
}

async function readChecked(dir: string, entry: FileEntry): Promise<Buffer> {
  const file = path.join(dir, entry.file);
  const bytes = await readInside(file, { exactly: entry.bytes });
  verify(file, bytes, entry);
  return bytes;
}

/**
 * A regular file of the model folder itself, of the size the manifest says (or at most a limit): opened without following a
 * symbolic link (O_NOFOLLOW) and without blocking on a FIFO, then checked on the open handle, so
 * nothing outside the folder, no device and no pipe is ever read.
 */
async function readInside(file: string, size: { exactly: number } | { atMost: number }, missingHint?: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw modelError(file, 'is a symbolic link; a model folder is read only from inside itself', 'Copy the real file into the folder, or fit the model again.');
    throw modelError(file, code === 'ENOENT' ? 'is missing' : `cannot be read (${code ?? String(err)})`, missingHint);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw modelError(file, 'is not a regular file (a device, pipe or folder); a model folder holds only regular files');
    if ('atMost' in size && info.size > size.atMost) throw modelError(file, `is ${info.size} bytes, more than the ${size.atMost} a manifest may have`);
    if ('exactly' in size && info.size !== size.exactly) {
      throw modelError(file, `is ${info.size} bytes but the manifest says ${size.exactly}${info.size < size.exactly ? ' (truncated)' : ''}`);
    }
    const bytes = Buffer.alloc(info.size);
    let at = 0;
    while (at < bytes.length) {
      const { bytesRead } = await handle.read(bytes, at, bytes.length - at, at);
      if (bytesRead === 0) throw modelError(file, `ended after ${at} of ${bytes.length} bytes (it changed while being read)`);
      at += bytesRead;
    }
    return bytes;
  } finally {
    await handle.close();
  }
}

function verify(file: string, bytes: Uint8Array, entry: FileEntry): void {
  if (bytes.length !== entry.bytes) throw modelError(file, `is ${bytes.length} bytes but the manifest says ${entry.bytes}`);
  const actual = sha256(bytes);
  if (actual !== entry.sha256) throw modelError(file, `does not match its checksum in manifest.json (sha256 ${actual.slice(0, 12)}..., expected ${entry.sha256.slice(0, 12)}...): it was edited or damaged`);
}

/** Structural checks of the manifest: every field the loader relies on, with the file named. */
function checkManifest(value: unknown, file: string): ModelManifest {
  const bad = (what: string): never => {
    throw modelError(file, what);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('is not a JSON object');
  const m = value as Record<string, unknown>;
  if (m.format !== MODEL_FORMAT) bad(`is not a gan-augment model manifest (format '${String(m.format)}')`);
  if (m.formatVersion !== MODEL_FORMAT_VERSION) {
    throw modelError(
      file,
      `has model format version ${String(m.formatVersion)} (written by gan-augment ${String(m.toolVersion)}), but this gan-augment reads version ${MODEL_FORMAT_VERSION}`,
      'Fit the model again with this version, or sample with the version that wrote it.',
    );
  }
  if (typeof m.toolVersion !== 'string') bad('has no toolVersion');
  if (typeof m.plugin !== 'string' || m.plugin === '') bad('has no plugin name');
  if (!Array.isArray(m.classes) || !m.classes.every((c) => typeof c === 'string')) bad('has no class list');
  const fileEntry = (e: unknown, name: string): FileEntry => {
    const f = e as Record<string, unknown> | null;
    if (!f || typeof f !== 'object' || typeof f.file !== 'string' || !Number.isSafeInteger(f.bytes) || (f.bytes as number) < 0 || typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256)) {
      return bad(`has an invalid '${name}' entry`);
    }
    if (f.file.includes('/') || f.file.includes('\\') || f.file.startsWith('.')) bad(`names a '${name}' file outside the model folder`);
    return f as unknown as FileEntry;
  };
  const config = fileEntry(m.config, 'config');
  const weights = fileEntry(m.weights, 'weights');
  const arrays = (m.weights as Record<string, unknown>).arrays;
  if (!Array.isArray(arrays)) bad('has no weights.arrays list');
  const names = new Set<string>();
  let end = 0;
  for (const a of arrays as unknown[]) {
    const e = a as Partial<ArrayEntry> | null;
    if (!e || typeof e !== 'object' || typeof e.name !== 'string' || names.has(e.name)) bad('has an array entry without a unique name');
    const entry = e as ArrayEntry;
    names.add(entry.name);
    if (entry.dtype !== 'float32') bad(`array '${entry.name}' has dtype '${String(entry.dtype)}'; only float32 is supported`);
    if (!Array.isArray(entry.shape) || !entry.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) bad(`array '${entry.name}' has an invalid shape`);
    const size = entry.shape.reduce((p, d) => p * d, 1);
    // Arrays lie back to back in the manifest's order: no gaps, no overlaps, sizes that add up exactly.
    if (entry.byteOffset !== end) bad(`array '${entry.name}' starts at byte ${String(entry.byteOffset)}, but the arrays before it end at ${end}`);
    if (entry.byteLength !== size * 4) bad(`array '${entry.name}' has byteLength ${String(entry.byteLength)} but shape [${entry.shape.join(', ')}] needs ${size * 4}`);
    if (entry.byteOffset + entry.byteLength > weights.bytes) bad(`array '${entry.name}' runs past the end of ${weights.file} (${weights.bytes} bytes)`);
    end += entry.byteLength;
  }
  if (end !== weights.bytes) bad(`lists arrays covering ${end} bytes but ${weights.file} is ${weights.bytes} bytes`);
  if (config.file === weights.file) bad('names the same file for config and weights');
  const plan = validatePlan(m.plan, file);
  if (plan.classes.join('\u0000') !== (m.classes as string[]).join('\u0000')) bad('has classes that differ from its table plan');
  return value as ModelManifest;
}
