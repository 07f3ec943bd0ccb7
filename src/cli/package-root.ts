/**
 * Finds gan-augment's own package folder (the one holding its package.json), whether the CLI runs
 * from compiled `dist/src/cli/` or from `src/cli/` under tsx: the version and the demo's shipped
 * CSV are located from there rather than from the user's current directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && readPackageName(manifest) === 'gan-augment') return (cached = dir);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`gan-augment's package.json not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** The version in package.json, printed by --version and written into run metadata. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? '0.0.0';
}

function readPackageName(file: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name;
  } catch {
    return undefined;
  }
}
