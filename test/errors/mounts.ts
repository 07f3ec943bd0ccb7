/**
 * Small tmpfs mounts for the write-failure tests: a full disk (a few KiB) and a read-only file
 * system. Permission bits do not stop root, so a read-only mount is the only honest "cannot write"
 * for a test that may run as root. Mounting needs root (or CAP_SYS_ADMIN); without it the callers
 * skip with the printed reason.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Mount {
  readonly dir: string;
  unmount(): void;
}

/** Mount a tmpfs of `size` (e.g. '64k') at a new folder, read-only when asked; undefined (with a printed reason) when mounting is not allowed. */
export function mountTmpfs(size: string, readOnly = false): Mount | undefined {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-mount-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${readOnly ? ',ro' : ''}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    console.warn(`test/errors: cannot mount a tmpfs (${(err as Error).message.split('\n')[0]}); the disk-full and read-only cases are skipped.`);
    return undefined;
  }
  return {
    dir,
    unmount() {
      execFileSync('umount', [dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A folder on a mount, created before the mount is remounted read-only (for "read-only folder" cases). */
export function readOnlyFolder(): Mount | undefined {
  const mount = mountTmpfs('1m');
  if (!mount) return undefined;
  mkdirSync(path.join(mount.dir, 'sub'));
  execFileSync('mount', ['-o', 'remount,ro', mount.dir], { stdio: 'pipe' });
  return mount;
}
