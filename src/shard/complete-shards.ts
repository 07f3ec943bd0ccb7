/**
 * The completion step of a sharded job (`sample --complete`, run once after every task): checks
 * that each of the N parts exists and is complete (its row count, and for Parquet and Arrow its
 * recorded shard, shard count, seed, block size, counts and model hash match this job), refuses
 * parts of another shard count in the folder (a reader would take their rows twice), then removes
 * the temporary parts that killed attempts left behind and writes `_SUCCESS`, as Spark and Hadoop
 * committers do, so downstream readers can wait for the marker rather than count files.
 *
 * Temporary parts are removed only once every part is complete: before that a slow attempt may
 * still be writing one.
 */
import { open, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { GanAugmentError } from '../errors.js';
import { readTable, writeFileAtomic } from '../io/index.js';
import { readParquetFooter } from '../io/parquet/footer.js';
import { modelContentHash } from '../model-store/content-hash.js';
import { loadModel } from '../model-store/load.js';
import { checkSampleRequest } from '../stage/sample-request.js';
import { METADATA_KEY, toolVersion } from '../stage/metadata.js';
import { planBlocks, shardBlocks, shardFileName } from './shard-plan.js';
import { resolveShardedSampleOptions, type ShardedSampleOptions } from '../options/index.js';
import { SHARD_EXTENSIONS, shardJob, type ShardJob } from './shard-job.js';

export const SUCCESS_FILE = '_SUCCESS';

export interface CompletedPart {
  readonly file: string;
  readonly rows: number;
  readonly bytes: number;
}

export interface CompletedShards {
  readonly dir: string;
  readonly shards: number;
  readonly rows: number;
  readonly parts: readonly CompletedPart[];
  /** Temporary parts of killed attempts that were removed. */
  readonly removed: readonly string[];
  /** The marker written. */
  readonly success: string;
}

/**
 * Check every part of the job in `output`, clean up, and write `_SUCCESS`.
 * @example await completeShards({ modelDir: 'models/fraud', counts: 'fraud=1000000', shards: 16, output: 'synthetic/' });
 */
export async function completeShards(raw: ShardedSampleOptions): Promise<CompletedShards> {
  const resolved = resolveShardedSampleOptions(raw);
  // Every part is checked, whichever shard this task would write.
  const { job } = shardJob({ ...resolved, shard: undefined, shardFrom: undefined });
  const { manifest } = await loadModel(job.modelDir);
  checkSampleRequest(manifest, job.counts, job.provenanceColumn);
  const blocks = planBlocks(manifest.plan.classes, job.counts, job.blockRows);
  const expected = { seed: job.seed, blockRows: job.blockRows, counts: job.counts, modelSha256: modelContentHash(manifest) };
  const ext = SHARD_EXTENSIONS[job.format];
  const names = Array.from({ length: job.shards }, (_, s) => shardFileName(s, job.shards, ext));
  const listing = await readdir(job.dir).catch(() => {
    throw new GanAugmentError('usage', `--output: '${job.dir}' is not a folder with shard parts.`, { hint: 'Run --complete with the same --output as the shards.' });
  });
  const present = new Set(listing);
  const missing = names.filter((n) => !present.has(n));
  if (missing.length > 0) {
    throw new GanAugmentError('data', `--complete: ${missing.length} of ${job.shards} parts are missing in '${job.dir}': ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}.`, { hint: 'Run (or retry) those shards first; --complete writes _SUCCESS only when every part is there.' });
  }
  const strangers = listing.filter((n) => /^part-\d{5}-of-\d{5}\./.test(n) && !names.includes(n));
  if (strangers.length > 0) {
    throw new GanAugmentError('data', `--complete: '${job.dir}' also holds parts of another job shape: ${strangers.slice(0, 3).join(', ')}${strangers.length > 3 ? ', ...' : ''}; a reader would take both.`, { hint: 'Write each job to its own --output folder (or remove the old parts).' });
  }
  const parts: CompletedPart[] = [];
  for (let s = 0; s < job.shards; s++) {
    const file = path.join(job.dir, names[s]!);
    const rows = shardBlocks(blocks, job.shards, s).reduce((n, b) => n + b.rows, 0);
    await checkPart(file, job, s, rows, expected);
    parts.push({ file: names[s]!, rows, bytes: (await stat(file)).size });
  }
  const temporary = new Set(names.map((n) => `.${n}.`));
  const stale = listing.filter((n) => n.endsWith('.tmp') && [...temporary].some((t) => n.startsWith(t)));
  await Promise.all(stale.map((n) => rm(path.join(job.dir, n), { force: true })));
  const success = path.join(job.dir, SUCCESS_FILE);
  const total = parts.reduce((n, p) => n + p.rows, 0);
  // No timestamps: completing the same job twice writes the same marker.
  await writeFileAtomic(success, `${JSON.stringify({ tool: 'gan-augment', version: toolVersion(), shards: job.shards, rows: total, parts }, null, 2)}\n`);
  return { dir: job.dir, shards: job.shards, rows: total, parts, removed: stale, success };
}

interface Expected {
  readonly seed: number;
  readonly blockRows: number;
  readonly counts: Readonly<Record<string, number>>;
  readonly modelSha256: string;
}

/** A part is complete when it parses, holds the shard's rows, and (where recorded) was written by this job. */
async function checkPart(file: string, job: ShardJob, shard: number, rows: number, expected: Expected): Promise<void> {
  const bad = (why: string): GanAugmentError =>
    new GanAugmentError('data', `--complete: part '${file}' ${why}.`, { hint: `Rerun shard ${shard} (--shard ${shard}); it rewrites the part atomically.` });
  let found: number;
  let summary: string | undefined;
  try {
    if (job.format === 'parquet') {
      const handle = await open(file, 'r');
      try {
        const { metadata } = await readParquetFooter(handle);
        found = Number(metadata.num_rows);
        summary = metadata.key_value_metadata?.find((kv) => kv.key === METADATA_KEY)?.value;
      } finally {
        await handle.close();
      }
    } else {
      const read = await readTable(file);
      found = read.table.numRows;
      summary = read.metadata.get(METADATA_KEY);
    }
  } catch (err) {
    throw bad(`is not a readable ${job.format} file (${(err as Error).message})`);
  }
  if (found !== rows) throw bad(`holds ${found} rows, not the shard's ${rows}`);
  if (summary === undefined) return;
  const recorded = JSON.parse(summary) as { seed?: unknown; options?: Record<string, unknown> };
  const options = recorded.options ?? {};
  const mismatch = [
    ['shard', options['shard'], shard],
    ['shards', options['shards'], job.shards],
    ['seed', recorded.seed, expected.seed],
    ['block rows', options['blockRows'], expected.blockRows],
    ['model', options['modelSha256'], expected.modelSha256],
    ['counts', sortedJson(options['counts']), sortedJson(expected.counts)],
  ].find(([, got, want]) => got !== want);
  if (mismatch) throw bad(`was written by another job (its ${String(mismatch[0])} is ${JSON.stringify(mismatch[1])}, this job's ${JSON.stringify(mismatch[2])})`);
}

/** Counts compared whatever order the classes were listed in. */
function sortedJson(counts: unknown): string {
  return typeof counts === 'object' && counts !== null ? JSON.stringify(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : String(counts);
}

