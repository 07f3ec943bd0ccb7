/**
 * `--output-layout dataset`: instead of rewriting every original row, write only the synthetic
 * rows, as Parquet part files in a Hive-partitioned folder keyed by the provenance column:
 *
 *   out/is_synthetic=false/<the input's part files, hard-linked (copied across file systems)>
 *   out/is_synthetic=true/part-00000.parquet ...
 *   out/_gan_augment_manifest.json
 *
 * Spark (`spark.read.parquet(out)`), DuckDB (`read_parquet('out/**\/*.parquet', hive_partitioning = true)`),
 * Polars and pandas read the folder as the merged training set with the provenance column; the
 * manifest (ignored by those readers: it starts with `_`) lists the files and the embedded run
 * summary (stage/metadata.ts), so a seed gives the same folder on any machine; how the originals
 * were placed (hard links or copies, a fact of the file systems) goes to the run summary's output.
 * The folder is built under a temporary name beside `out` and renamed into place at the end.
 */
import { copyFile, link, mkdir, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RecordBatch, Schema, Struct, makeData } from 'apache-arrow';
import { GanAugmentError, ioFailureReason } from '../errors.js';
import { removeStaleTempsBeside, tempPathBeside, trackTemp } from '../io/temp-files.js';
import { checkOutputGate } from '../io/stop-gate.js';
import { writeBatchesAtomically } from '../io/write-batches.js';
import type { ProgressSink } from '../progress.js';
import { METADATA_KEY, embeddedSummary, toolVersion, type EmbeddedSummary, type RunSummary } from '../stage/metadata.js';
import type { AugmentRun } from './augment-run.js';
import { hivePartitions, type BatchSource } from '../io/batch-source.js';
import { rowsProgress } from '../io/rows-progress.js';

/** The manifest's file name (leading `_`: Spark, DuckDB globs on *.parquet, and pyarrow skip it). */
export const MANIFEST_NAME = '_gan_augment_manifest.json';
/** Synthetic rows per part file. */
const DATASET_PART_ROWS = 1_048_576;

export interface DatasetManifest {
  readonly tool: 'gan-augment';
  readonly version: string;
  readonly layout: 'dataset';
  readonly provenanceColumn: string;
  readonly originals: { readonly files: readonly string[]; readonly rows: number };
  readonly synthetic: { readonly files: readonly string[]; readonly rows: number };
  readonly summary: EmbeddedSummary;
}

/**
 * Refuse early what the dataset layout cannot do: inputs that are not Parquet, Hive-partitioned
 * inputs, and an output that already holds files.
 */
export async function checkDatasetTarget(output: string, source: BatchSource): Promise<void> {
  if (source.format !== 'parquet' && source.format !== 'parquet-dataset') {
    throw new GanAugmentError('usage', `--output-layout dataset needs a Parquet input (a file or a folder of parts); '${source.source}' is ${source.format}.`, {
      hint: 'Convert the input to Parquet first, or use the default --output-layout file.',
    });
  }
  if (source.root !== undefined && source.files.some((f) => hivePartitions(source.root!, f).length > 0)) {
    throw new GanAugmentError('usage', `--output-layout dataset does not support Hive-partitioned inputs ('${source.source}' has key=value folders) yet.`, {
      hint: 'Use the default --output-layout file, which reads the partitions as columns.',
    });
  }
  const resolved = path.resolve(output);
  for (const f of source.files) {
    if (resolved === path.resolve(f) || (source.root !== undefined && isInside(resolved, path.resolve(source.root)))) {
      throw new GanAugmentError('output', `--output '${output}' is (inside) the input; refusing to write there.`, { hint: 'Choose a folder outside the input.' });
    }
  }
  try {
    const info = await stat(output);
    if (!info.isDirectory() || (await readdir(output)).length > 0) {
      throw new GanAugmentError('output', `--output '${output}' already exists and is not an empty folder.`, { hint: 'Remove it, or choose a new folder name.' });
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/**
 * Write the dataset folder for `run` at `output`; returns the summary with its output entry.
 * @example const summary = await writeDatasetLayout(run, 'training-set', progress);
 */
export async function writeDatasetLayout(run: AugmentRun, output: string, progress?: ProgressSink): Promise<RunSummary> {
  const column = run.summary.provenanceColumn!;
  await removeStaleTempsBeside(output);
  const temp = tempPathBeside(output);
  const untrack = trackTemp(temp);
  try {
    await mkdir(temp, { recursive: false });
  } catch (err) {
    untrack();
    throw new GanAugmentError('output', `Cannot create the dataset folder beside '${output}': ${ioFailureReason(err)}.`, { cause: err });
  }
  try {
    const originals = await placeOriginals(run.source, path.join(temp, `${column}=false`));
    const synthetic = await writeSyntheticParts(run, path.join(temp, `${column}=true`), progress);
    const summary: RunSummary = { ...run.summary, output: { path: output, format: 'parquet', bytes: synthetic.bytes, originals: originals.placed } };
    const manifest: DatasetManifest = {
      tool: 'gan-augment',
      version: toolVersion(),
      layout: 'dataset',
      provenanceColumn: column,
      originals: { files: originals.files.map((f) => `${column}=false/${f}`), rows: run.summary.input?.rows ?? 0 },
      synthetic: { files: synthetic.files.map((f) => `${column}=true/${f}`), rows: run.syntheticRows },
      summary: embeddedSummary(summary),
    };
    await writeFile(path.join(temp, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
    checkOutputGate(output);
    await rmdir(output).catch(() => undefined); // an empty folder given as --output (checked empty before)
    await rename(temp, output);
    return summary;
  } catch (err) {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    throw err;
  } finally {
    untrack();
  }
}

/** Hard-link each input part into `dir` (keeping paths relative to the input folder); copy when linking fails. */
async function placeOriginals(source: BatchSource, dir: string): Promise<{ files: string[]; placed: 'hardlink' | 'copy' | 'mixed' }> {
  const files: string[] = [];
  let links = 0;
  let copies = 0;
  for (const file of source.files) {
    const rel = source.root !== undefined ? path.relative(source.root, file) : path.basename(file);
    const dest = path.join(dir, rel);
    await mkdir(path.dirname(dest), { recursive: true });
    try {
      await link(file, dest);
      links++;
    } catch {
      // Across file systems (EXDEV) or where links are not allowed: a copy reads the same.
      await copyFile(file, dest);
      copies++;
    }
    files.push(rel.split(path.sep).join('/'));
  }
  return { files, placed: copies === 0 ? 'hardlink' : links === 0 ? 'copy' : 'mixed' };
}

/** The synthetic rows without the provenance column (the folder name carries it), in parts. */
async function writeSyntheticParts(run: AugmentRun, dir: string, progress?: ProgressSink): Promise<{ files: string[]; bytes: number }> {
  const files: string[] = [];
  let bytes = 0;
  if (run.syntheticRows === 0) return { files, bytes };
  await mkdir(dir, { recursive: true });
  const fields = run.schema.fields.slice(0, -1);
  const schema = new Schema(fields, run.schema.metadata);
  const iterator = run.synthetic()[Symbol.asyncIterator]();
  let carry: RecordBatch | undefined;
  let exhausted = false;
  let written = 0;
  const report = rowsProgress('write', progress, run.syntheticRows);
  const strip = (b: RecordBatch): RecordBatch =>
    new RecordBatch(schema, makeData({ type: new Struct(fields), length: b.numRows, nullCount: 0, children: b.data.children.slice(0, -1) }));
  async function* part(limit: number): AsyncGenerator<RecordBatch> {
    let n = 0;
    while (n < limit) {
      let b = carry;
      carry = undefined;
      if (!b) {
        const next = await iterator.next();
        if (next.done) {
          exhausted = true;
          return;
        }
        b = next.value;
      }
      if (b.numRows > limit - n) {
        carry = b.slice(limit - n);
        b = b.slice(0, limit - n);
      }
      n += b.numRows;
      written += b.numRows;
      report(written);
      yield strip(b);
    }
  }
  const metadata = { [METADATA_KEY]: run.schema.metadata.get(METADATA_KEY) ?? '' };
  while (!exhausted || carry) {
    const name = `part-${String(files.length).padStart(5, '0')}.parquet`;
    const result = await writeBatchesAtomically(path.join(dir, name), 'parquet', schema, part(DATASET_PART_ROWS), { metadata });
    files.push(name);
    bytes += result.bytes;
    if (!carry) {
      // Peek: stop when the rows ran out exactly at a part boundary.
      const next = await iterator.next();
      if (next.done) break;
      carry = next.value;
    }
  }
  report(written, true);
  return { files, bytes };
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
