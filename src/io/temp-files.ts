/**
 * Temporary files and folders (a `.tmp` beside the output, the synthetic-rows spill, a model folder
 * being written): named with this process's id, tracked while they exist and removed when the
 * process exits by any path (an error, a second Ctrl-C, process.exit). What a killed process
 * (SIGKILL, power loss) left behind is recognised by its name and dead process id and removed by
 * the next run that writes to the same place.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';

const live = new Set<string>();
let hooked = false;

/**
 * Remember `file` (a file or folder) until the returned function is called; removed at exit if not.
 * @example const done = trackTemp(temp); try { ... } finally { done(); }
 */
export function trackTemp(file: string): () => void {
  if (!hooked) {
    hooked = true;
    // 'exit' handlers must be synchronous.
    process.on('exit', removeTrackedNow);
  }
  live.add(file);
  return () => void live.delete(file);
}

/** Remove every tracked temporary now (exit paths, and signals that end the process at once). */
export function removeTrackedNow(): void {
  for (const file of live) rmSync(file, { recursive: true, force: true });
  live.clear();
}

/**
 * A hidden temporary name beside `dest`, carrying this process's id: `.out.parquet.4242.1a2b3c4d.tmp`.
 * @example const temp = tempPathBeside('out.parquet');
 */
export function tempPathBeside(dest: string): string {
  const abs = path.resolve(dest);
  return path.join(path.dirname(abs), `.${path.basename(abs)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Remove the temporaries beside `dest` (see tempPathBeside) whose process is gone. Returns their
 * names. Only names of exactly that pattern are touched, and never a living process's.
 */
export async function removeStaleTempsBeside(dest: string): Promise<string[]> {
  const abs = path.resolve(dest);
  const pattern = new RegExp(`^\\.${escapeRegExp(path.basename(abs))}\\.(\\d+)\\.[0-9a-f]{8}\\.tmp(?:\\.old)?$`);
  const names = await readdir(path.dirname(abs)).catch(() => [] as string[]);
  return removeDead(path.dirname(abs), names, pattern);
}

/** The prefix of spill folders in the temp dir: `gan-augment-synthetic-<pid>-`. */
export function spillPrefix(): string {
  return `gan-augment-synthetic-${process.pid}-`;
}

/** Remove spill folders in `dir` (the temp dir) left by dead processes; returns their names. */
export async function removeStaleSpills(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return removeDead(dir, names, /^gan-augment-synthetic-(\d+)-[A-Za-z0-9]{6}$/);
}

async function removeDead(dir: string, names: readonly string[], pattern: RegExp): Promise<string[]> {
  const removed: string[] = [];
  for (const name of names) {
    if (!isDead(pattern.exec(name)?.[1])) continue;
    await rm(path.join(dir, name), { recursive: true, force: true }).catch(() => undefined);
    removed.push(name);
  }
  return removed;
}

function isDead(pid: string | undefined): boolean {
  if (pid === undefined) return false;
  const n = Number(pid);
  if (!Number.isSafeInteger(n) || n <= 0 || n === process.pid) return false;
  try {
    process.kill(n, 0);
    return false;
  } catch (err) {
    // EPERM: it exists (another user's); only ESRCH means no such process.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
