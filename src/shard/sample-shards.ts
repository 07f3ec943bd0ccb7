/**
 * Sharded sampling from a saved model: `sampleShards` writes shard files
 * `<output>/part-00003-of-00016.parquet` whose union is the same rows for any shard count and
 * whichever machine runs each shard (see shard-plan.ts for the definition). A list of shards
 * (`--shard 1,3`) runs in this process one after another, with the model loaded once. All shards
 * with `--workers W > 1` run in this process and W - 1 child processes of the CLI
 * (run-workers.ts), each taking the next shard from one queue when it is ready, so start-up is
 * paid W - 1 times and a worker that starts late or runs slow writes fewer shards.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Bool, Field, RecordBatch, Schema, Struct, makeData, type Data } from 'apache-arrow';
import { GanAugmentError } from '../errors.js';
import { writeFileAtomic } from '../io/index.js';
import { claimFolder } from '../io/owned-folder.js';
import { writeBatchesAtomically } from '../io/write-batches.js';
import { loadSynthesizer } from '../model-store/load.js';
import { modelContentHash } from '../model-store/content-hash.js';
import { MANIFEST_FILE } from '../model-store/manifest.js';
import { resolveShardedSampleOptions, type ResolvedShardedSampleOptions, type ShardedSampleOptions } from '../options/index.js';
import { defaultWorkers } from '../options/table.js';
import type { ProgressSink } from '../progress.js';
import { decodeDataset } from '../schema/decode.js';
import { schemaFromPlan } from '../schema/plan.js';
import { checkSampleRequest } from '../stage/sample-request.js';
import { emptyTally, generateChunks } from '../stage/resample.js';
import { METADATA_KEY, outputMetadata, runSummary, summaryFileText } from '../stage/metadata.js';
import { NO_COPY_CHECK } from '../stage/sample-model.js';
import { rowsProgress } from '../io/rows-progress.js';
import { blockRng, planBlocks, shardBlocks, shardFileName, type SampleBlock } from './shard-plan.js';
import { SHARD_EXTENSIONS, shardJob, type ShardJob } from './shard-job.js';
import { startShardWorkers } from './run-workers.js';
import { defaultThreads, threadsPerProcess } from '../backend/threads.js';
import { workerChannel } from './worker-ipc.js';

export type { ShardedSampleOptions } from '../options/index.js';

export interface ShardFile {
  readonly shard: number;
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
}

export interface ShardedSampleResult {
  readonly files: readonly ShardFile[];
  readonly rows: number;
  readonly shards: number;
  readonly workers: number;
}

/**
 * Write one shard, or all of them.
 * @example await sampleShards({ modelDir: 'models/fraud', counts: 'fraud=1000000', shards: 16, shard: 3, output: 'synthetic/' });
 * @example await sampleShards({ modelDir: 'models/fraud', counts: 'fraud=1000000', shards: 16, workers: 4, output: 'synthetic/' });
 */
export async function sampleShards(raw: ShardedSampleOptions): Promise<ShardedSampleResult> {
  return sampleShardsWith(resolveShardedSampleOptions(raw));
}

/** `sampleShards` on options resolved by the caller (the CLI resolves once). */
export async function sampleShardsWith(options: ResolvedShardedSampleOptions): Promise<ShardedSampleResult> {
  const { job, list, explicit } = shardJob(options);
  const workers = options.workers ?? defaultWorkers();
  const channel = workerChannel();
  const used = explicit || channel ? 1 : Math.min(workers, job.shards);
  // Shard files replace same-named files: only in a folder that is new, empty or already ours.
  await claimFolder(job.dir, 'shards', '--output');
  // Load the model and check the request here first, so a bad request fails before any worker starts.
  // With children, this process writes shards too and takes its share of the threads, as each child does.
  const runner = await openShardRunner(job, used > 1 ? threadsPerProcess(defaultThreads(), used) : undefined);
  let files: ShardFile[];
  try {
    const progress = options.quiet ? undefined : options.progress;
    if (channel) {
      // A worker of `sample --workers` (run-workers.ts): shards come from the parent's queue.
      files = await runner.run(() => channel.next(), (done) => channel.report(done), () => channel.stopped());
    } else if (used === 1) {
      const report = rowsProgress('write', progress, runner.rowsOf(list));
      const queue = [...list];
      files = await runner.run(async () => queue.shift(), report, () => false);
      report(files.reduce((n, f) => n + f.rows, 0), true);
    } else {
      files = await runWithWorkers(job, runner, used, list, progress);
    }
  } finally {
    runner.dispose();
  }
  files.sort((a, b) => a.shard - b.shard);
  const result = { files, rows: files.reduce((s, f) => s + f.rows, 0), shards: job.shards, workers: used };
  if (options.summaryPath !== undefined) await writeFileAtomic(options.summaryPath, summaryFileText(result));
  return result;
}

/** Shards from one queue, written here and by `used - 1` child processes; progress sums all of them. */
async function runWithWorkers(job: ShardJob, runner: ShardRunner, used: number, list: readonly number[], progress: ProgressSink | undefined): Promise<ShardFile[]> {
  const total = runner.rowsOf(list);
  const queue = [...list];
  const done = new Array<number>(used).fill(0);
  const report = rowsProgress('write', progress, total);
  const onRows = (w: number, n: number): void => {
    done[w] = n;
    report(done.reduce((a, b) => a + b, 0));
  };
  const counts = Object.entries(job.counts).map(([k, v]) => `${k}=${v}`).join(',');
  const theirs: number[] = [];
  const children = startShardWorkers(
    used - 1,
    [
      'sample', '--model-dir', path.resolve(job.modelDir), '--count', counts, '--output', path.resolve(job.dir), '--format', job.format,
      '--seed', String(job.seed >>> 0), '--provenance-column', job.provenanceColumn, '--backend', job.backend,
      '--shards', String(job.shards), '--workers', '1', '--block-rows', String(job.blockRows), '--quiet',
    ],
    { next: () => queue.shift(), onShard: (_w, shard) => theirs.push(shard), onRows: (w, n) => onRows(w + 1, n) },
  );
  let own: ShardFile[];
  try {
    own = await runner.run(async () => queue.shift(), (n) => onRows(0, n), () => children.failure() !== undefined);
  } catch (err) {
    children.stop();
    // A worker's failure stopped this process's own shards: report the worker's.
    await children.done.catch(() => undefined);
    throw children.failure() ?? err;
  }
  await children.done;
  report(total, true);
  const ext = SHARD_EXTENSIONS[job.format];
  const written = await Promise.all(
    theirs.map(async (shard) => {
      const file = path.join(job.dir, shardFileName(shard, job.shards, ext));
      return { shard, path: file, rows: runner.rowsOf([shard]), bytes: (await stat(file)).size };
    }),
  );
  return [...own, ...written];
}

interface ShardRunner {
  /** Rows of these shards. */
  rowsOf(list: readonly number[]): number;
  /**
   * Write shard after shard from `next` until it gives undefined; `onRows` gets the rows written so
   * far over all of them; `stop` is polled between blocks.
   */
  run(next: () => Promise<number | undefined>, onRows: (done: number) => void, stop: () => boolean): Promise<ShardFile[]>;
  dispose(): void;
}

/** Load the model once (and check the request against it) for every shard this process writes. */
async function openShardRunner(job: ShardJob, threads: number | undefined): Promise<ShardRunner> {
  const loaded = await loadSynthesizer(job.modelDir, threads === undefined ? { backend: job.backend } : { backend: job.backend, threads });
  const { manifest, synthesizer } = loaded;
  try {
    checkSampleRequest(manifest, job.counts, job.provenanceColumn);
  } catch (err) {
    synthesizer.dispose();
    throw err;
  }
  const blocks = planBlocks(manifest.plan.classes, job.counts, job.blockRows);
  const blocksOf = (shard: number): SampleBlock[] => shardBlocks(blocks, job.shards, shard);
  const rowsOf = (list: readonly number[]): number => list.reduce((n, s) => n + blocksOf(s).reduce((m, b) => m + b.rows, 0), 0);
  return {
    rowsOf,
    async run(next, onRows, stop) {
      const files: ShardFile[] = [];
      let before = 0;
      for (let shard = await next(); shard !== undefined; shard = await next()) {
        const file = await sampleShard(job, loaded, shard, blocksOf(shard), (n) => onRows(before + n), stop);
        files.push(file);
        before += file.rows;
      }
      return files;
    },
    dispose: () => synthesizer.dispose(),
  };
}

type Loaded = Awaited<ReturnType<typeof loadSynthesizer>>;

/** Generate and write shard `shard` (its `blocks`), block by block. */
async function sampleShard(job: ShardJob, loaded: Loaded, shard: number, blocks: readonly SampleBlock[], onRows: (done: number) => void, stop: () => boolean): Promise<ShardFile> {
  const { manifest, synthesizer, backend } = loaded;
  const plan = manifest.plan;
  const rows = blocks.reduce((n, b) => n + b.rows, 0);
  // No modelDir: the path differs between machines mounting the same model; its content hash does not.
  const summary = runSummary('sample', {
    label: plan.label,
    model: manifest.plugin,
    seed: job.seed,
    backend,
    classes: plan.classes.map((c) => {
      const added = blocks.filter((b) => b.className === c).reduce((n, b) => n + b.rows, 0);
      return { class: c, before: 0, added, after: added };
    }),
    columns: plan.columns,
    provenanceColumn: job.provenanceColumn,
    options: { counts: { ...job.counts }, format: job.format, shards: job.shards, shard, blockRows: job.blockRows, modelToolVersion: manifest.toolVersion, modelSha256: modelContentHash(manifest) },
    warnings: [NO_COPY_CHECK],
  });
  const base = schemaFromPlan(plan);
  const schema = new Schema([...base.fields, new Field(job.provenanceColumn, new Bool(), false)], outputMetadata(new Map(), summary));
  async function* batches(): AsyncGenerator<RecordBatch> {
    let done = 0;
    for (const block of blocks) {
      if (stop()) throw new GanAugmentError('data', `Shard ${shard} stopped: another worker of this run failed.`);
      // One chunk per block, seeded by the block alone: a shard's rows do not depend on the others.
      const chunk = { needed: new Map([[block.classIndex, block.rows]]), rng: blockRng(job.seed, block) };
      for await (const rows of generateChunks(synthesizer, [chunk], { model: manifest.plugin, plan, training: undefined, dropCopies: false }, emptyTally())) {
        for (const b of decodeDataset(rows, plan).batches) yield syntheticBatch(schema, b.data.children, b.numRows);
      }
      done += block.rows;
      onRows(done);
    }
  }
  const file = path.join(job.dir, shardFileName(shard, job.shards, SHARD_EXTENSIONS[job.format]));
  const written = await writeBatchesAtomically(file, job.format, schema, batches(), {
    metadata: { [METADATA_KEY]: schema.metadata.get(METADATA_KEY)! },
    protect: [path.join(job.modelDir, MANIFEST_FILE)],
  });
  return { shard, path: file, rows, bytes: written.bytes };
}

/**
 * A batch of `children` plus the provenance column, all true: the bit map is filled directly (the
 * stream stage's withFlag builds it value by value, ~3% of sampling's time).
 */
function syntheticBatch(schema: Schema, children: readonly Data[], length: number): RecordBatch {
  const bits = new Uint8Array(Math.ceil(length / 8)).fill(0xff);
  if (length % 8 !== 0) bits[bits.length - 1] = (1 << (length % 8)) - 1;
  const flag = makeData({ type: new Bool(), length, nullCount: 0, data: bits });
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length, nullCount: 0, children: [...children, flag] }));
}
