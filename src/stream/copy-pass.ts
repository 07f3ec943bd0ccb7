/**
 * The copy pass of the one-file streaming augment: the original rows then the synthetic ones into
 * one output file. Parquet to Parquet copies the input's row groups byte for byte when that is
 * exact (parquet-splice.ts); everything else decodes and re-encodes batch by batch
 * (write-batches.ts). The result says which ran, and why not the raw copy.
 */
import type { Companion, OutputFormat, WriteResult } from '../io/types.js';
import { writeBatchesAtomically } from '../io/write-batches.js';
import type { ProgressSink } from '../progress.js';
import type { AugmentRun } from './augment-run.js';
import { writeSplicedParquet } from '../io/parquet/splice.js';
import { planSplice } from '../io/parquet/splice-plan.js';

export type CopyMode = 'row-groups' | 're-encoded';

export interface CopyPassResult extends WriteResult {
  /** 'row-groups': input row groups copied byte for byte; 're-encoded': rows decoded and written again. */
  readonly copy: CopyMode;
  /** Why the rows were re-encoded (absent for a raw copy). */
  readonly reason?: string;
  /** Wall time of the pass. */
  readonly seconds: number;
}

/**
 * Write every output row of `run` to `dest` in `format`, atomically.
 * @example const r = await writeCopyPass(run, 'out.parquet', 'parquet', { protect: [...run.source.files] }); console.log(r.copy);
 */
export async function writeCopyPass(
  run: AugmentRun,
  dest: string,
  format: OutputFormat,
  options: { protect?: string[]; progress?: ProgressSink; reencode?: boolean; summary?: { path: string; contents(result: CopyPassResult): string } } = {},
): Promise<CopyPassResult> {
  const started = performance.now();
  const { progress } = options;
  const protect = options.protect ?? [];
  const decision = options.reencode ? ({ copy: 're-encoded', reason: 'asked to re-encode' } as const) : await planSplice(run, format);
  const result = (written: WriteResult): CopyPassResult => {
    const seconds = Math.round((performance.now() - started) / 10) / 100;
    return { ...written, copy: decision.copy, ...(decision.copy === 're-encoded' ? { reason: decision.reason } : {}), seconds };
  };
  // The summary describes the finished file, so it is written with it (io/atomic.ts: Companion).
  const { summary } = options;
  const companion: Companion | undefined = summary && { path: summary.path, contents: (bytes) => summary.contents(result({ path: dest, format, bytes })) };
  const finish = companion ? { companion } : {};
  let written: WriteResult;
  if (decision.copy === 'row-groups') {
    progress?.({ phase: 'write', done: 0, message: `writing ${dest} (copying the input's row groups byte for byte)` });
    written = await writeSplicedParquet(dest, run, decision.plan, { protect, ...(progress ? { progress } : {}), syntheticRows: run.syntheticRows, ...finish });
  } else {
    const why = format === 'parquet' && (run.source.format === 'parquet' || run.source.format === 'parquet-dataset') ? ` (re-encoding the rows: ${decision.reason})` : '';
    progress?.({ phase: 'write', done: 0, message: `writing ${dest}${why}` });
    written = await writeBatchesAtomically(dest, format, run.schema, run.all(progress), { metadata: Object.fromEntries(run.schema.metadata), protect, ...finish });
  }
  return result(written);
}
