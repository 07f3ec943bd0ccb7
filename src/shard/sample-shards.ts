/**
 * Sharded sampling from a saved model: `sampleShards` writes shard files
 * `<output>/part-00003-of-00016.parquet` whose union is the same rows for any shard count and
 * whichever machine runs each shard (see shard-plan.ts for the definition). One shard runs in this
 * process; all shards run here one after another or, with `workers > 1`, in child processes of the
 * CLI (run-workers.ts), at most `workers` at a time.
 */
import { mkdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Bool, Field, Schema, type RecordBatch } from 'apache-arrow';
import { GanAugmentError } from '../errors.js';
import { writeFileAtomic } from '../io/index.js';
import { writeBatchesAtomically } from '../io/write-batches.js';
import { loadModel, loadSynthesizer } from '../model-store/load.js';
import { MANIFEST_FILE } from '../model-store/manifest.js';
import { resolveSampleOptions, type OutputFormat, type SampleOptions } from '../options.js';
import { decodeDataset } from '../schema/decode.js';
import { schemaFromPlan } from '../schema/plan.js';
import { checkSampleRequest } from '../stage/sample-request.js';
import { generateRows } from '../stage/generate.js';
import { METADATA_KEY, outputMetadata, toolVersion, type RunSummary } from '../stage/metadata.js';
import { withFlag } from '../stream/augment-run.js';
import { rowsProgress } from '../stream/rows-progress.js';
import { DEFAULT_BLOCK_ROWS, blockRng, planBlocks, shardBlocks, shardFileName, checkShard } from './shard-plan.js';
import { runShardWorkers } from './run-workers.js';

export interface ShardedSampleOptions extends SampleOptions {
  /** Number of shards the job is cut into (default 1). */
  shards?: number | string;
  /** Write only this shard (0-based); absent: write every shard. */
  shard?: number | string;
  /** Shards run at once in child processes when writing every shard (default: the number of cores). */
  workers?: number | string;
  /** Rows per block, the unit of seeding and splitting (default 65536); must match across shards. */
  blockRows?: number | string;
}

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

const EXTENSIONS: Record<OutputFormat, string> = { parquet: '.parquet', arrow: '.arrow', 'arrow-stream': '.arrows', csv: '.csv' };

/**
 * Write one shard, or all of them.
 * @example await sampleShards({ modelDir: 'models/fraud', counts: 'fraud=1000000', shards: 16, shard: 3, output: 'synthetic/' });
 * @example await sampleShards({ modelDir: 'models/fraud', counts: 'fraud=1000000', shards: 16, workers: 4, output: 'synthetic/' });
 */
export async function sampleShards(raw: ShardedSampleOptions): Promise<ShardedSampleResult> {
  const { shards: rawShards, shard: rawShard, workers: rawWorkers, blockRows: rawBlock, ...rest } = raw;
  const options = resolveSampleOptions(rest);
  const shards = int(rawShards, '--shards', 1);
  const blockRows = int(rawBlock, '--block-rows', DEFAULT_BLOCK_ROWS);
  const workers = int(rawWorkers, '--workers', availableParallelism());
  if (options.output === undefined || options.output === '-') {
    throw new GanAugmentError('usage', '--output must be a folder for sharded sampling: shard files are written into it.', { hint: 'For example --output synthetic/.' });
  }
  const dir = options.output;
  const format = options.format ?? 'parquet';
  await mkdir(dir, { recursive: true });
  const job: ShardJob = { ...options, dir, format, shards, blockRows };
  let files: ShardFile[];
  if (rawShard !== undefined && rawShard !== '') {
    const shard = int(rawShard, '--shard', 0, true);
    checkShard(shards, shard);
    files = [await sampleShard(job, shard)];
  } else if (workers <= 1 || shards === 1) {
    files = [];
    for (let s = 0; s < shards; s++) files.push(await sampleShard(job, s));
  } else {
    const counts = Object.entries(options.counts).map(([k, v]) => `${k}=${v}`).join(',');
    await runShardWorkers(shards, workers, (s) => [
      'sample', '--model-dir', path.resolve(options.modelDir), '--count', counts, '--output', path.resolve(dir), '--format', format,
      '--seed', String(options.seed >>> 0), '--provenance-column', options.provenanceColumn, '--backend', options.backend,
      '--shards', String(shards), '--shard', String(s), '--block-rows', String(blockRows), '--quiet',
    ], options.quiet ? undefined : options.progress);
    const classes = (await loadModel(options.modelDir)).manifest.plan.classes;
    files = await Promise.all(
      Array.from({ length: shards }, async (_, s) => {
        const file = path.join(dir, shardFileName(s, shards, EXTENSIONS[format]));
        const rows = shardBlocks(planBlocks(classes, options.counts, blockRows), shards, s).reduce((n, b) => n + b.rows, 0);
        return { shard: s, path: file, rows, bytes: (await stat(file)).size };
      }),
    );
  }
  const result = { files, rows: files.reduce((s, f) => s + f.rows, 0), shards, workers };
  if (options.summaryPath !== undefined) await writeFileAtomic(options.summaryPath, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

interface ShardJob extends ReturnType<typeof resolveSampleOptions> {
  readonly dir: string;
  readonly format: OutputFormat;
  readonly shards: number;
  readonly blockRows: number;
}

/** Generate and write shard `shard`, block by block. */
async function sampleShard(job: ShardJob, shard: number): Promise<ShardFile> {
  const progress = job.quiet ? undefined : job.progress;
  const { manifest, synthesizer, backend } = await loadSynthesizer(job.modelDir, { backend: job.backend });
  try {
    const plan = manifest.plan;
    checkSampleRequest(plan, job.counts, job.provenanceColumn);
    const blocks = shardBlocks(planBlocks(plan.classes, job.counts, job.blockRows), job.shards, shard);
    const rows = blocks.reduce((n, b) => n + b.rows, 0);
    const summary: RunSummary = {
      tool: 'gan-augment',
      version: toolVersion(),
      command: 'sample',
      input: null,
      output: null,
      modelDir: job.modelDir,
      label: plan.label,
      model: manifest.plugin,
      modelParams: {},
      seed: job.seed,
      strategy: null,
      minority: [],
      backend,
      classes: plan.classes.map((c) => {
        const added = blocks.filter((b) => b.className === c).reduce((n, b) => n + b.rows, 0);
        return { class: c, before: 0, added, after: added };
      }),
      columns: plan.columns,
      unlabelledRows: 0,
      training: null,
      copies: { checked: false, dropped: 0, kept: 0, sampleRounds: 0 },
      provenanceColumn: job.provenanceColumn,
      options: { counts: { ...job.counts }, format: job.format, shards: job.shards, shard, blockRows: job.blockRows, modelToolVersion: manifest.toolVersion },
      warnings: ['No copy check: sampling a saved model has no training rows to compare against.'],
    };
    const base = schemaFromPlan(plan);
    const schema = new Schema([...base.fields, new Field(job.provenanceColumn, new Bool(), false)], outputMetadata(new Map(), summary));
    const report = rowsProgress('write', progress, rows);
    async function* batches(): AsyncGenerator<RecordBatch> {
      let done = 0;
      for (const block of blocks) {
        const generated = await generateRows(synthesizer, new Map([[block.classIndex, block.rows]]), {
          model: manifest.plugin,
          plan,
          training: undefined,
          dropCopies: false,
          rng: blockRng(job.seed, block),
        });
        const decoded = decodeDataset(generated.rows, plan);
        for (const b of decoded.batches) yield withFlag(schema, b.data.children, b.numRows, true);
        done += block.rows;
        report(done);
      }
      report(done, true);
    }
    const file = path.join(job.dir, shardFileName(shard, job.shards, EXTENSIONS[job.format]));
    const written = await writeBatchesAtomically(file, job.format, schema, batches(), {
      metadata: { [METADATA_KEY]: schema.metadata.get(METADATA_KEY)! },
      protect: [path.join(job.modelDir, MANIFEST_FILE)],
    });
    return { shard, path: file, rows, bytes: written.bytes };
  } finally {
    synthesizer.dispose();
  }
}

function int(value: unknown, flag: string, fallback: number, allowZero = false): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < (allowZero ? 0 : 1)) {
    throw new GanAugmentError('usage', `${flag} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got '${String(value)}'.`);
  }
  return n;
}
