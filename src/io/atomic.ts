/**
 * Atomic file output: bytes go to a temporary file in the destination's folder, which is renamed
 * over the destination only once complete, so a reader never sees a half-written file and a crash
 * leaves the old file intact. Refuses to overwrite the inputs (`protect`), and removes the
 * temporary file on any error.
 */
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { GanAugmentError, ioFailureReason, isGanAugmentError } from '../errors.js';
import { checkOutputGate } from './stop-gate.js';
import { removeStaleTempsBeside, tempPathBeside, trackTemp } from './temp-files.js';
import type { ByteSink, Companion } from './types.js';

/** A complete, synced temporary file waiting to be renamed over its destination. */
interface Staged {
  readonly temp: string;
  readonly bytes: number;
  readonly untrack: () => void;
}

/**
 * Run `produce` against a sink backed by a temporary file beside `dest`, then rename it to `dest`
 * (after writing `options.companion` to a temporary file of its own). Returns the number of bytes
 * written.
 * @example await writeAtomically('out.parquet', async (sink) => { await sink.write(bytes); });
 */
export async function writeAtomically(
  dest: string,
  produce: (sink: ByteSink) => Promise<void>,
  options: { protect?: string[]; companion?: Companion } = {},
): Promise<number> {
  const { companion } = options;
  checkNotProtected(dest, options.protect ?? []);
  if (companion) checkNotProtected(companion.path, [...(options.protect ?? []), dest]);
  const main = await stage(dest, produce);
  let second: Staged | undefined;
  try {
    if (companion) {
      const data = companion.contents(main.bytes);
      const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
      second = await stage(companion.path, (sink) => sink.write(bytes));
    }
    checkOutputGate(dest);
    await rename(main.temp, dest).catch((err: unknown) => {
      throw outputError(dest, err);
    });
    if (second) {
      await rename(second.temp, companion!.path).catch((err: unknown) => {
        throw outputError(companion!.path, err);
      });
    }
  } catch (err) {
    await rm(main.temp, { force: true }).catch(() => undefined);
    if (second) await rm(second.temp, { force: true }).catch(() => undefined);
    throw err;
  } finally {
    main.untrack();
    second?.untrack();
  }
  return main.bytes;
}

/** Write a complete, synced temporary file beside `dest`; on any error nothing is left behind. */
async function stage(dest: string, produce: (sink: ByteSink) => Promise<void>): Promise<Staged> {
  // Hidden, unique, same folder (rename is atomic only within one file system).
  await removeStaleTempsBeside(dest);
  const temp = tempPathBeside(dest);
  const untrack = trackTemp(temp);
  let bytes = 0;
  let handle;
  try {
    handle = await open(temp, 'wx');
  } catch (err) {
    untrack();
    throw outputError(dest, err);
  }
  try {
    const file = handle;
    await produce({
      async write(chunk: Uint8Array) {
        let offset = 0;
        while (offset < chunk.length) {
          const { bytesWritten } = await file.write(chunk, offset, chunk.length - offset);
          if (bytesWritten <= 0) throw Object.assign(new Error('no bytes written'), { code: 'ENOSPC' });
          offset += bytesWritten;
        }
        bytes += chunk.length;
      },
    });
    await file.sync();
    await file.close();
    handle = undefined;
    return { temp, bytes, untrack };
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    untrack();
    throw isGanAugmentError(err) ? err : outputError(dest, err);
  }
}

/**
 * Write `data` to `path` atomically (summary JSON, model files, HTML reports).
 * @example await writeFileAtomic('summary.json', JSON.stringify(summary, null, 2));
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string, options: { protect?: string[] } = {}): Promise<void> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  await writeAtomically(path, (sink) => sink.write(bytes), options);
}

/**
 * Fail before any work when `dest` cannot be written: its folder is missing, not a folder or not
 * writable (permissions, a read-only file system), `dest` is itself a folder, or it is one of the
 * `protect`ed inputs by name, through a link, or as the same file under another path.
 * @example checkWritableTarget('out/summary.json', '--summary', ['train.csv']);
 */
export function checkWritableTarget(dest: string, flag: string, protect: readonly string[] = []): void {
  const dir = path.dirname(path.resolve(dest));
  const fail = (why: string, hint: string, cause?: unknown): never => {
    throw new GanAugmentError('output', `${flag}: cannot write '${dest}': ${why}.`, { hint, cause });
  };
  let folder;
  try {
    folder = statSync(dir);
  } catch (err) {
    return fail(`the folder '${dir}' does not exist`, 'Create it first, or choose another path.', err);
  }
  if (!folder.isDirectory()) fail(`'${dir}' is not a folder`, 'Choose a path inside a folder.');
  try {
    accessSync(dir, constants.W_OK);
  } catch (err) {
    fail(`the folder '${dir}' is not writable (${ioFailureReason(err)})`, 'Choose a folder you can write to.', err);
  }
  if (statSync(dest, { throwIfNoEntry: false })?.isDirectory()) fail('it is a folder', 'Give a file name.');
  checkNotProtected(dest, [...protect]);
}

/** Refuse when `dest` is one of the protected paths, by name or by identity (links, case). */
function checkNotProtected(dest: string, protect: string[]): void {
  const destAbs = canonical(dest);
  const destId = fileId(dest);
  for (const p of protect) {
    if (p === '-') continue;
    const same = canonical(p) === destAbs || (destId !== undefined && destId === fileId(p));
    if (same) {
      throw new GanAugmentError('output', `Refusing to overwrite the input file '${p}' with the output '${dest}'.`, {
        hint: 'Choose a different --output path.',
      });
    }
  }
}

function canonical(p: string): string {
  const abs = path.resolve(p);
  try {
    return realpathSync(abs);
  } catch {
    // The file does not exist yet: resolve its folder instead.
    try {
      return path.join(realpathSync(path.dirname(abs)), path.basename(abs));
    } catch {
      return abs;
    }
  }
}

function fileId(p: string): string | undefined {
  try {
    const s = statSync(p);
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}

function outputError(dest: string, err: unknown): GanAugmentError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const dir = path.dirname(path.resolve(dest));
  if (code === 'ENOENT') {
    return new GanAugmentError('output', `Cannot write '${dest}': the folder '${dir}' does not exist.`, { hint: 'Create it first, or choose another --output.', cause: err });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new GanAugmentError('output', `Cannot write '${dest}': permission denied in '${dir}'.`, { hint: 'Choose a folder you can write to with --output.', cause: err });
  }
  if (code === 'EISDIR') {
    return new GanAugmentError('output', `Cannot write '${dest}': it is a folder.`, { hint: 'Give a file name with --output.', cause: err });
  }
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG') {
    return new GanAugmentError('output', `Cannot write '${dest}': ${ioFailureReason(err)}.`, { hint: 'Free some space or write elsewhere; nothing was written.', cause: err });
  }
  return new GanAugmentError('output', `Cannot write '${dest}': ${ioFailureReason(err)}.`, { cause: err });
}
