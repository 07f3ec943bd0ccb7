/**
 * `gan-augment sample --shards N [--shard I | --shard-from ENGINE | --workers W | --redis URL | --complete]`:
 * sharded sampling (src/shard), one shard here, every shard in parallel child processes or through
 * a BullMQ queue (src/queue), or the completion step after them. Prints one line per shard file.
 */
import { resolveShardedSampleOptions, type ShardedSampleOptions } from '../options/index.js';
import { rowsProgress } from '../io/rows-progress.js';
import { sampleThroughQueue } from '../queue/sample-jobs.js';
import { completeShards } from '../shard/complete-shards.js';
import { sampleShardsWith } from '../shard/sample-shards.js';
import { toRawOptions } from './flags.js';
import type { CliIO } from './terminal.js';
import type { RawValues } from './parse-args.js';
import { createProgressBar } from './progress-bar.js';
import { takeStdoutSummary, writeStdoutSummary } from './summary-stdout.js';

/** Run the sharded form of `sample`. */
export async function runShardedSample(values: RawValues, io: CliIO): Promise<number> {
  const started = performance.now();
  const quiet = values.quiet === true;
  // The shards go to files, so `--summary -` can have stdout.
  const { raw, summaryToStdout } = takeStdoutSummary(toRawOptions<ShardedSampleOptions>(values, 'sample-shards'), false);
  const resolved = resolveShardedSampleOptions(raw);
  const say = (line: string): void => void (quiet || io.stderr.write(`${line}\n`));
  if (values.complete === true) {
    const done = await completeShards(raw);
    for (const name of done.removed) say(`removed ${name} (a temporary part of a killed attempt)`);
    say(`${done.rows} rows in all ${done.shards} parts; wrote ${done.success}`);
    return 0;
  }
  const bar = createProgressBar(io, { quiet });
  let result: { files: readonly { shard: number; rows: number; bytes: number; path: string }[]; rows: number; shards: number; workers?: number };
  try {
    if (typeof values.redis === 'string') {
      const rows = new Map<number, number>();
      const report = rowsProgress('write', bar.sink, undefined);
      const onProgress = (i: number, done: number): void => {
        rows.set(i, done);
        report([...rows.values()].reduce((a, b) => a + b, 0));
      };
      const queue = { redis: values.redis, ...(typeof values.queue === 'string' ? { queue: values.queue } : {}), ...(typeof values.attempts === 'string' ? { attempts: values.attempts } : {}), onProgress };
      result = await sampleThroughQueue(raw, queue);
    } else {
      result = await sampleShardsWith({ ...resolved, quiet, progress: bar.sink });
    }
  } finally {
    bar.finish();
  }
  if (summaryToStdout) await writeStdoutSummary(io, result);
  for (const f of result.files) say(`shard ${f.shard}: ${f.rows} rows, ${f.bytes} bytes -> ${f.path}`);
  const by = result.workers === undefined ? 'queue workers' : `${result.workers} workers`;
  say(`${result.rows} rows in ${result.files.length} of ${result.shards} shards (${by}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}
