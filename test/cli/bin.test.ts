import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const compiled = path.join(repoRoot, 'dist', 'src', 'cli', 'main.js');

/** bin/gan-augment.js runs the compiled dist/ (built by `npm ci` through `prepare`); a stale build would test old code. */
function distIsFresh(): boolean {
  if (!existsSync(compiled)) return false;
  const built = statSync(compiled).mtimeMs;
  const sources = path.join(repoRoot, 'src', 'cli');
  const files = readdirSync(sources, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
  return files.every((f) => statSync(path.join(sources, f)).mtimeMs <= built);
}

const fresh = distIsFresh();
if (!fresh) console.warn(`test/cli/bin.test.ts skipped: ${compiled} is missing or older than src/cli (run \`npm run build\`).`);

describe.skipIf(!fresh)('bin/gan-augment.js (compiled CLI)', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'gan-augment.js'), ...args], { cwd: repoRoot, encoding: 'utf8' });

  it('prints the version and exits 0', () => {
    const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
    const r = run('--version');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${version}\n`);
  });

  it('exits 2 with one line naming an unknown flag', () => {
    const r = run('augment', '--bogus');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^gan-augment: unknown option '--bogus'.*--help/)]);
  });
});
