/**
 * `gan-augment augment ... --output - | head -c 1`: the reader closes the pipe before the Arrow
 * stream is complete. The CLI must not crash with a stack trace nor exit 0 as if the reader had got
 * everything: one line on stderr and exit 141, the code of a tool stopped by SIGPIPE, so a shell
 * with `set -o pipefail` sees the pipeline fail.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLOSED_PIPE_EXIT_CODE } from '../../src/cli/terminal.js';
import { Rng } from '../../src/random.js';
import { repoRoot, tempDir } from '../support/cli-errors.js';

const tmp = tempDir('closed-pipe');
afterAll(tmp.cleanup);

describe('standard output closed by its reader', () => {
  it('exits 141 with one line when the reader stops early', async () => {
    // Far more than a pipe's 64 KiB buffer, so the writer is still writing when the reader leaves.
    const rng = new Rng(3);
    const lines = ['x,y,label'];
    for (let i = 0; i < 40_000; i++) lines.push(`${rng.next().toFixed(6)},${rng.normal().toFixed(6)},${i % 10 === 0 ? 'rare' : 'common'}`);
    const input = tmp.put('in.csv', `${lines.join('\n')}\n`);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src/cli/run.ts'), 'augment', '--input', input, '--label', 'label', '--output', '-', '--model', 'random', '--quiet'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    // Read the first chunk, then close our end as `head -c 1` would.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code, stderr).toBe(CLOSED_PIPE_EXIT_CODE);
    expect(stderr.trimEnd().split('\n')).toEqual(['gan-augment: standard output was closed by its reader before everything was written; the output is incomplete.']);
  }, 60_000);
});
