/**
 * Run shards in child processes of the CLI, at most `workers` at a time (p-limit). Child processes
 * rather than worker threads: each gets its own TensorFlow.js backend and heap, a crash stays in
 * its shard, and the command is exactly what a k8s job array or GNU parallel would run.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import { GanAugmentError } from '../errors.js';
import type { ProgressSink } from '../progress.js';

/** node arguments that start the CLI: the compiled entry, or the TypeScript one through tsx. */
function cliCommand(): { args: string[]; cwd: string } {
  const here = fileURLToPath(import.meta.url);
  const ext = path.extname(here);
  const entry = path.join(path.dirname(here), `worker-entry${ext}`);
  // Under tsx (tests, `tsx bench/...`) the child needs the same loader; it resolves from the package root.
  const root = path.resolve(path.dirname(here), ext === '.ts' ? '../..' : '../../..');
  return { args: ext === '.ts' ? ['--import', 'tsx', entry] : [entry], cwd: root };
}

/**
 * Run `argsOf(shard)` (CLI arguments, absolute paths) for every shard, `workers` at a time.
 * @example await runShardWorkers(16, 4, (s) => ['sample', '--shard', String(s), ...]);
 */
export async function runShardWorkers(shards: number, workers: number, argsOf: (shard: number) => string[], progress?: ProgressSink): Promise<void> {
  const limit = pLimit(workers);
  const { args, cwd } = cliCommand();
  let done = 0;
  await Promise.all(
    Array.from({ length: shards }, (_, s) =>
      limit(
        () =>
          new Promise<void>((resolve, reject) => {
            const child = spawn(process.execPath, [...args, ...argsOf(s)], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
            let stderr = '';
            child.stderr.on('data', (chunk: Buffer) => {
              stderr = (stderr + chunk.toString()).slice(-4000);
            });
            child.on('error', reject);
            child.on('close', (code) => {
              if (code === 0) {
                done++;
                progress?.({ phase: 'sample', done, total: shards, unit: 'shards' });
                resolve();
              } else {
                reject(new GanAugmentError('data', `Shard ${s} of ${shards} failed in its worker process (exit code ${code}): ${stderr.trim()}`));
              }
            });
          }),
      ),
    ),
  );
}
