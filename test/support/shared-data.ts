/** Where the shared corpora live (`../shared` beside the checkout), and whether they are there. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sharedDir = path.resolve(repoRoot, '..', 'shared');
export const corpusDir = path.join(sharedDir, 'parquet-corpus');
export const parquetTestingDir = path.join(sharedDir, 'parquet-testing');
export const fixturesDir = path.join(repoRoot, 'test', 'io', 'fixtures');
export const repoDir = repoRoot;

/** True when `dir` exists; otherwise prints why the tests that need it are skipped. */
export function haveShared(dir: string): boolean {
  if (existsSync(dir)) return true;
  console.warn(`skipping tests that need ${dir}: folder not found (shared data is laid beside the checkout)`);
  return false;
}
