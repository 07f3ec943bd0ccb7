/**
 * `gan-augment sample --shards N [--shard I | --workers W]`: sharded sampling (src/shard), one
 * shard here or every shard in parallel child processes. Prints one line per shard file.
 */
import { resolveShardedSampleOptions, type ShardedSampleOptions } from '../options/index.js';
import { sampleShardsWith } from '../shard/sample-shards.js';
import { toRawOptions } from './flags.js';
import type { CliIO } from './terminal.js';
import type { RawValues } from './parse-args.js';
import { createProgressBar } from './progress-bar.js';

/** Run the sharded form of `sample`. */
export async function runShardedSample(values: RawValues, io: CliIO): Promise<number> {
  const started = performance.now();
  const quiet = values.quiet === true;
  const resolved = resolveShardedSampleOptions(toRawOptions<ShardedSampleOptions>(values, 'sample-shards'));
  const bar = createProgressBar(io, { quiet });
  let result: Awaited<ReturnType<typeof sampleShardsWith>>;
  try {
    result = await sampleShardsWith({ ...resolved, quiet, progress: bar.sink });
  } finally {
    bar.finish();
  }
  if (!quiet) {
    for (const f of result.files) io.stderr.write(`shard ${f.shard}: ${f.rows} rows, ${f.bytes} bytes -> ${f.path}\n`);
    io.stderr.write(`${result.rows} rows in ${result.files.length} of ${result.shards} shards (${result.workers} workers) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  return 0;
}
