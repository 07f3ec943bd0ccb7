/**
 * Folders gan-augment writes into (model, checkpoint and shard folders) carry a marker file of
 * their own, so the tool only ever replaces or removes what it provably wrote: a folder is used
 * when it is new, empty, or holds our marker of the same kind; anything else is refused with the
 * fix. A stray `manifest.json` or a folder of someone's data is never taken for ours.
 */
import { constants } from 'node:fs';
import { access, lstat, mkdir, readFile, readdir, rmdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GanAugmentError, ioFailureReason } from '../errors.js';
import { quoted } from '../untrusted-text.js';

/** The marker's file name (hidden, and skipped by Spark, DuckDB and pyarrow dataset readers). */
export const FOLDER_MARKER = '.gan-augment-folder';
const MARKER_FORMAT = 'gan-augment-folder';
const MARKER_VERSION = 1;

export type FolderKind = 'model' | 'checkpoints' | 'shards';

interface FolderMarker {
  readonly format: typeof MARKER_FORMAT;
  readonly version: number;
  readonly kind: FolderKind;
}

/** The marker's bytes for a folder of `kind` (write it inside every folder you claim). */
export function folderMarker(kind: FolderKind): string {
  const marker: FolderMarker = { format: MARKER_FORMAT, version: MARKER_VERSION, kind };
  return `${JSON.stringify(marker)}\n`;
}

/**
 * What is at `dir`: nothing, an empty folder, one of ours of `kind`, or something else (with why).
 * With `only`, a folder of ours that holds any other file counts as foreign too (it will be replaced whole).
 */
export async function folderState(
  dir: string,
  kind: FolderKind,
  only?: readonly string[],
): Promise<{ state: 'absent' | 'empty' | 'ours' } | { state: 'foreign'; why: string }> {
  const info = await lstat(dir).catch(() => undefined);
  if (!info) return { state: 'absent' };
  if (!info.isDirectory()) return { state: 'foreign', why: info.isSymbolicLink() ? 'is a symbolic link' : 'is a file, not a folder' };
  const entries = await readdir(dir);
  if (entries.length === 0) return { state: 'empty' };
  if (!entries.includes(FOLDER_MARKER)) return { state: 'foreign', why: 'holds files gan-augment did not write' };
  const marker = await readMarker(path.join(dir, FOLDER_MARKER));
  if (marker?.kind !== kind) return { state: 'foreign', why: `holds a gan-augment marker of another kind (${marker?.kind ?? 'unreadable'})` };
  const extra = only === undefined ? [] : entries.filter((e) => e !== FOLDER_MARKER && !only.includes(e));
  if (extra.length > 0) return { state: 'foreign', why: `holds files gan-augment did not write (${extra.slice(0, 3).map(quoted).join(', ')})` };
  return { state: 'ours' };
}

/**
 * Make `dir` ours for `kind` before any work: create it (its parent must exist) or accept an empty
 * folder or one with our marker, and write the marker. `flag` names the option in the error.
 * @example await claimFolder('synthetic/', 'shards', '--output');
 */
export async function claimFolder(dir: string, kind: FolderKind, flag: string): Promise<void> {
  const found = await folderState(dir, kind);
  if (found.state === 'foreign') throw notOurs(dir, flag, found.why);
  if (found.state === 'ours') return;
  try {
    if (found.state === 'absent') await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, FOLDER_MARKER), folderMarker(kind), { flag: 'wx' });
  } catch (err) {
    // Array tasks starting at once race to claim a new shared folder: the loser finds the
    // winner's marker, and the folder is ours all the same.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST' && (await folderState(dir, kind)).state === 'ours') return;
    throw folderWriteError(dir, flag, err);
  }
}

/**
 * Refuse a target folder that is not new, empty or ours (checked before training starts). With
 * `createParents` a missing parent is fine when its nearest existing ancestor is a writable folder
 * (`createParentFolders` makes the rest when the folder is written).
 * @example await checkFolderTarget('models/fraud', 'model', '--model-dir');
 */
export async function checkFolderTarget(dir: string, kind: FolderKind, flag: string, only?: readonly string[], createParents = false): Promise<void> {
  const found = await folderState(dir, kind, only);
  if (found.state === 'foreign') throw notOurs(dir, flag, found.why);
  let parentDir = path.dirname(path.resolve(dir));
  let parent = await lstat(parentDir).catch(() => undefined);
  while (createParents && found.state === 'absent' && !parent && path.dirname(parentDir) !== parentDir) {
    parentDir = path.dirname(parentDir);
    parent = await lstat(parentDir).catch(() => undefined);
  }
  if (found.state === 'absent' && !parent?.isDirectory()) {
    const why = parent ? `${quoted(parentDir)} is not a folder` : `the parent folder of ${quoted(path.resolve(dir))} does not exist`;
    throw new GanAugmentError('output', `${flag}: ${why}.`, { hint: parent ? 'Choose a path inside a folder.' : 'Create it first.' });
  }
  // Replacing needs the parent writable (the folder is renamed into place), filling it the folder.
  const writable = found.state === 'absent' || found.state === 'ours' ? parentDir : dir;
  try {
    await access(writable, constants.W_OK);
  } catch (err) {
    throw folderWriteError(writable, flag, err);
  }
}

/**
 * Create the missing parent folders of `dir` (not `dir` itself); returns the undo, which removes
 * the folders it created, deepest first, as long as they are still empty.
 * @example const undo = await createParentFolders('models/2026/fraud', '--model-dir'); ... await undo();
 */
export async function createParentFolders(dir: string, flag: string): Promise<() => Promise<void>> {
  const parent = path.dirname(path.resolve(dir));
  let first: string | undefined;
  try {
    first = await mkdir(parent, { recursive: true });
  } catch (err) {
    throw folderWriteError(parent, flag, err);
  }
  return async () => {
    if (first === undefined) return;
    for (let d = parent; d.length >= first.length; d = path.dirname(d)) {
      if (!(await rmdir(d).then(() => true, () => false))) return;
    }
  };
}

/**
 * Remove a folder of ours that holds exactly `names` (plus the marker): each file is unlinked by
 * name, then the folder; a file we did not write makes `rmdir` fail and the folder stay.
 */
export async function removeOwnedFolder(dir: string, names: readonly string[]): Promise<void> {
  for (const name of [...names, FOLDER_MARKER]) await unlink(path.join(dir, name)).catch(() => undefined);
  await rmdir(dir);
}

/** The one-line refusal for a folder that is not ours. */
export function notOurs(dir: string, flag: string, why: string): GanAugmentError {
  return new GanAugmentError('output', `${flag}: ${quoted(dir)} ${why}; refusing to write into it or replace it.`, {
    hint: 'Choose an empty or new folder.',
  });
}

/** A write into an owned folder failed: an output error naming the folder (read-only, disk full, ...). */
export function folderWriteError(dir: string, flag: string, err: unknown): GanAugmentError {
  return new GanAugmentError('output', `${flag}: cannot write into ${quoted(dir)}: ${ioFailureReason(err)}.`, {
    hint: 'Choose a writable folder with free space.',
    cause: err,
  });
}

async function readMarker(file: string): Promise<FolderMarker | undefined> {
  try {
    const info = await lstat(file);
    if (!info.isFile() || info.size > 4096) return undefined;
    const value = JSON.parse(await readFile(file, 'utf8')) as Partial<FolderMarker>;
    return value.format === MARKER_FORMAT && value.version === MARKER_VERSION && typeof value.kind === 'string' ? (value as FolderMarker) : undefined;
  } catch {
    return undefined;
  }
}
