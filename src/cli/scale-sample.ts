/**
 * `gan-augment sample --shards N [--shard I | --workers W]`: sharded sampling (src/shard), one
 * shard here or every shard in parallel child processes. Prints one line per shard file.
 */
import type { SampleOptions } from '../options.js';
import { sampleShards, type ShardedSampleOptions } from '../shard/sample-shards.js';
import * as F from './flags.js';
import type { CliIO } from './terminal.js';
import type { RawValues } from './parse-args.js';
import { createProgressBar } from './progress-bar.js';
import { SHARD_SAMPLE_FLAGS } from './scale-flags.js';

/** Run the sharded form of `sample`; `flags` are the plain sample flags. */
export async function runShardedSample(values: RawValues, flags: readonly F.StageFlag[], io: CliIO): Promise<number> {
  const started = performance.now();
  const quiet = values.quiet === true;
  const raw: ShardedSampleOptions = {
    ...F.toRawOptions<SampleOptions>(values, flags),
    ...F.toRawOptions<Partial<ShardedSampleOptions>>(values, SHARD_SAMPLE_FLAGS),
  };
  delete (raw as { quiet?: unknown }).quiet;
  const bar = createProgressBar(io, { quiet });
  let result: Awaited<ReturnType<typeof sampleShards>>;
  try {
    result = await sampleShards({ ...raw, quiet, progress: bar.sink });
  } finally {
    bar.finish();
  }
  if (!quiet) {
    for (const f of result.files) io.stderr.write(`shard ${f.shard}: ${f.rows} rows, ${f.bytes} bytes -> ${f.path}\n`);
    io.stderr.write(`${result.rows} rows in ${result.files.length} of ${result.shards} shards (${result.workers} workers) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  return 0;
}
