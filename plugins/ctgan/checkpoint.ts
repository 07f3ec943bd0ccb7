/**
 * Training checkpoints: the full state of a ctgan fit at an epoch boundary — both networks' weights
 * (with BatchNorm running statistics), both Adam optimizers' moments and step counters, the epochs
 * completed with their history, and the fitted transformer — in one file written atomically
 * (temporary file, fsync, rename), so a kill at any moment leaves either the previous checkpoint or
 * the new one, never a torn file.
 *
 * No RNG state is stored: every epoch draws from `rng.fork('epoch:' + e)` (train.ts), so resuming at
 * epoch k needs only the seed, which is part of the fingerprint.
 *
 * File: `<dir>/ctgan-<first 16 hex of the fingerprint>.ckpt` =
 *   "GACKPT01" | uint32 LE header length | JSON header | zero padding to 4 bytes | float32 arrays,
 * the arrays in the header's order. Runs with different data, parameters or seed get different files
 * and never overwrite each other's checkpoints.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Dataset, JsonValue } from '../../src/contracts.js';
import { GanAugmentError, ioFailureReason } from '../../src/errors.js';
import type { AdamState } from '../shared/adam.js';

const MAGIC = 'GACKPT01';
const FORMAT = 'gan-augment/ctgan-checkpoint';
const VERSION = 1;

export interface CheckpointState {
  /** Epochs completed. */
  readonly epoch: number;
  readonly history: ReadonlyArray<Readonly<Record<string, number>>>;
  /** transformerToJson output, to check that the resumed run encodes the data the same way. */
  readonly transformer: JsonValue;
  /** Network weights by namedWeights() name. */
  readonly weights: ReadonlyMap<string, Float32Array>;
  readonly optimizers: { readonly generator: AdamState; readonly critic: AdamState };
  /** The generator's running-average weights (empty when averaging is off). */
  readonly average: readonly Float32Array[];
}

/**
 * A hash of everything that must match for a checkpoint to be resumed: the training rows (values,
 * codes, labels, names, levels), the parameters that shape training and the seed.
 *
 * @example const fp = trainingFingerprint(train, { lr: 2e-4, batch: 150, pac: 3 }, options.rng.seed);
 */
export function trainingFingerprint(data: Dataset, settings: Readonly<Record<string, JsonValue>>, seed: number): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ format: FORMAT, version: VERSION, settings, seed, classes: data.classes, rows: data.rowCount }));
  for (const f of data.features) {
    if (f.kind === 'numeric') {
      h.update(JSON.stringify(['numeric', f.name, f.integer]));
      h.update(new Uint8Array(f.values.buffer, f.values.byteOffset, f.values.byteLength));
    } else if (f.kind === 'categorical') {
      h.update(JSON.stringify(['categorical', f.name, f.levels]));
      h.update(new Uint8Array(f.codes.buffer, f.codes.byteOffset, f.codes.byteLength));
    } else {
      h.update(JSON.stringify(['image', f.name]));
    }
  }
  h.update(new Uint8Array(data.labels.buffer, data.labels.byteOffset, data.labels.byteLength));
  return h.digest('hex');
}

/** The checkpoint file of a run with this fingerprint. */
export function checkpointPath(dir: string, fingerprint: string): string {
  return path.join(dir, `ctgan-${fingerprint.slice(0, 16)}.ckpt`);
}

/** Write `state` atomically (creating `dir` if needed). */
export function saveCheckpoint(dir: string, fingerprint: string, state: CheckpointState): void {
  const arrays: Array<[string, Float32Array]> = [...state.weights.entries()].map(([k, v]) => [`weight:${k}`, v]);
  for (const [net, s] of Object.entries(state.optimizers)) {
    s.m.forEach((a, i) => arrays.push([`adam:${net}:m:${i}`, a]));
    s.v.forEach((a, i) => arrays.push([`adam:${net}:v:${i}`, a]));
  }
  state.average.forEach((a, i) => arrays.push([`average:${i}`, a]));
  const header = JSON.stringify({
    format: FORMAT,
    version: VERSION,
    fingerprint,
    epoch: state.epoch,
    history: state.history,
    transformer: state.transformer,
    steps: { generator: state.optimizers.generator.step, critic: state.optimizers.critic.step },
    moments: { generator: state.optimizers.generator.m.length, critic: state.optimizers.critic.m.length },
    average: state.average.length,
    arrays: arrays.map(([name, a]) => [name, a.length]),
  });
  const head = Buffer.from(header, 'utf8');
  const pad = (4 - ((MAGIC.length + 4 + head.length) % 4)) % 4;
  const prefix = Buffer.alloc(MAGIC.length + 4 + head.length + pad);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(head.length, MAGIC.length);
  head.copy(prefix, MAGIC.length + 4);
  const file = checkpointPath(dir, fingerprint);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true });
    const fd = fs.openSync(tmp, 'w');
    try {
      writeAll(fd, prefix);
      for (const [, a] of arrays) writeAll(fd, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    // A user's problem (read-only folder, full disk), not a bug: name the folder, leave no temp file.
    fs.rmSync(tmp, { force: true });
    throw new GanAugmentError('output', `--checkpoint-dir: cannot write a checkpoint into '${dir}': ${ioFailureReason(err)}.`, {
      cause: err,
      hint: 'Choose a writable folder with free space, or leave out --checkpoint-dir.',
    });
  }
}

/** writeSync may write less than asked (a full disk mid-chunk): loop, and fail on no progress. */
function writeAll(fd: number, bytes: Uint8Array): void {
  let at = 0;
  while (at < bytes.length) {
    const n = fs.writeSync(fd, bytes, at, bytes.length - at);
    if (n <= 0) throw Object.assign(new Error('no bytes written'), { code: 'ENOSPC' });
    at += n;
  }
}

/**
 * The checkpoint of the run with this fingerprint, or undefined when there is none. A file that is
 * there but unreadable is a `model` error naming it (atomic writes never leave a torn file, so it
 * was changed by something else).
 */
export function loadCheckpoint(dir: string, fingerprint: string): CheckpointState | undefined {
  const file = checkpointPath(dir, fingerprint);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new GanAugmentError('model', `--checkpoint-dir: cannot read checkpoint '${file}'.`, { cause: err, hint: 'Check the folder permissions.' });
  }
  try {
    return parseCheckpoint(bytes, fingerprint);
  } catch (err) {
    throw new GanAugmentError('model', `--checkpoint-dir: checkpoint '${file}' is corrupt (${(err as Error).message}).`, {
      cause: err,
      hint: 'Delete the file to train from the start, or pass another --checkpoint-dir.',
    });
  }
}

function parseCheckpoint(bytes: Buffer, fingerprint: string): CheckpointState {
  if (bytes.length < MAGIC.length + 4 || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error('not a ctgan checkpoint');
  const headLength = bytes.readUInt32LE(MAGIC.length);
  const headEnd = MAGIC.length + 4 + headLength;
  if (headEnd > bytes.length) throw new Error('truncated header');
  const header = JSON.parse(bytes.toString('utf8', MAGIC.length + 4, headEnd)) as Record<string, unknown>;
  if (header['format'] !== FORMAT || header['version'] !== VERSION) throw new Error('unknown format or version');
  if (header['fingerprint'] !== fingerprint) throw new Error('fingerprint does not match its file name');
  const epoch = header['epoch'];
  if (typeof epoch !== 'number' || !Number.isInteger(epoch) || epoch < 1) throw new Error('epoch');
  const list = header['arrays'];
  if (!Array.isArray(list)) throw new Error('array list');
  let at = headEnd + ((4 - (headEnd % 4)) % 4);
  const arrays = new Map<string, Float32Array>();
  for (const entry of list as unknown[]) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'number' || !Number.isInteger(entry[1]) || entry[1] < 0) throw new Error('array entry');
    const byteLength = entry[1] * 4;
    if (at + byteLength > bytes.length) throw new Error(`array '${entry[0]}' is truncated`);
    // Copy: the Buffer's offset need not be 4-byte aligned.
    arrays.set(entry[0], new Float32Array(bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + byteLength)));
    at += byteLength;
  }
  if (at !== bytes.length) throw new Error('trailing bytes');
  const steps = header['steps'] as Record<string, unknown> | undefined;
  const moments = header['moments'] as Record<string, unknown> | undefined;
  const adam = (net: 'generator' | 'critic'): AdamState => {
    const step = steps?.[net];
    const count = moments?.[net];
    if (typeof step !== 'number' || typeof count !== 'number') throw new Error(`optimizer ${net}`);
    const pick = (kind: string): Float32Array[] =>
      Array.from({ length: count }, (_, i) => {
        const a = arrays.get(`adam:${net}:${kind}:${i}`);
        if (!a) throw new Error(`optimizer ${net} moment ${i}`);
        return a;
      });
    return { step, m: pick('m'), v: pick('v') };
  };
  const weights = new Map<string, Float32Array>();
  for (const [k, v] of arrays) if (k.startsWith('weight:')) weights.set(k.slice('weight:'.length), v);
  const history = header['history'];
  if (!Array.isArray(history)) throw new Error('history');
  const averageCount = header['average'];
  if (typeof averageCount !== 'number' || !Number.isInteger(averageCount) || averageCount < 0) throw new Error('average');
  const average = Array.from({ length: averageCount }, (_, i) => {
    const a = arrays.get(`average:${i}`);
    if (!a) throw new Error(`average ${i}`);
    return a;
  });
  return {
    epoch,
    history: history as Array<Record<string, number>>,
    transformer: (header['transformer'] ?? null) as JsonValue,
    weights,
    optimizers: { generator: adam('generator'), critic: adam('critic') },
    average,
  };
}
