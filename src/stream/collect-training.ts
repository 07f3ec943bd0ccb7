/**
 * The first streaming pass: count the rows of every class in the whole input, and keep the rows a
 * synthesizer learns from, in bounded memory. Every class keeps a seeded reservoir sample of at
 * most `perClass` rows (Vitter's algorithm R): a class with fewer rows is kept whole, so for inputs
 * below the cap the training rows are exactly the labelled rows, in input order. The result does
 * not depend on how the input is cut into batches.
 */
import { RecordBatch, Table } from 'apache-arrow';
import { GanAugmentError } from '../errors.js';
import type { ProgressSink } from '../progress.js';
import type { Rng } from '../random.js';
import { toLevel } from '../schema/arrow-values.js';
import type { BatchSource } from './batch-source.js';
import { rowsProgress } from './rows-progress.js';
import { takeBatchRows, type RowRef } from './take-rows.js';

/** Default cap on training rows kept per class (see docs/scale.md). */
export const DEFAULT_TRAINING_ROWS_PER_CLASS = 100_000;

export interface CollectedTraining {
  /** The kept rows of every class, in input order. */
  readonly table: Table;
  /** Rows per class label (as text, the way the encoder names classes) in the whole input. */
  readonly classCounts: ReadonlyMap<string, number>;
  readonly totalRows: number;
  /** Input rows whose label is missing (copied to the output, never learned from). */
  readonly unlabelledRows: number;
  /** Classes that had more rows than the cap, so were sampled. */
  readonly sampledClasses: readonly string[];
}

interface Slot {
  /** Input row number, for ordering. */
  index: number;
  chunk: number;
  row: number;
}

/**
 * Read `source` once; count classes and keep up to `perClass` rows of each.
 * @example const { table, classCounts } = await collectTraining(source, 'label', { perClass: 100_000, rng: rng.fork('reservoir') });
 */
export async function collectTraining(
  source: BatchSource,
  label: string,
  options: { perClass: number; rng: Rng; progress?: ProgressSink | undefined },
): Promise<CollectedTraining> {
  const labelIndex = source.schema.fields.findIndex((f) => f.name === label);
  if (labelIndex < 0) {
    throw new GanAugmentError('schema', `--label: column '${label}' is not in the input.`, {
      hint: `Available columns: ${source.schema.fields.map((f) => `'${f.name}'`).join(', ')}.`,
    });
  }
  const labelType = source.schema.fields[labelIndex]!.type;
  const reservoirs = new Map<string, { seen: number; slots: Slot[] }>();
  let chunks: RecordBatch[] = [];
  let stored = 0;
  let live = 0;
  let total = 0;
  let unlabelled = 0;
  const report = rowsProgress('read', options.progress, source.numRows);
  let schema = source.schema;
  for await (const batch of source.batches()) {
    schema = batch.schema;
    const column = batch.getChildAt(labelIndex)!;
    const picked: number[] = [];
    const slotsOfBatch: Slot[] = [];
    for (let r = 0; r < batch.numRows; r++, total++) {
      const level = toLevel(column.get(r), labelType);
      if (level === null) {
        unlabelled++;
        continue;
      }
      let res = reservoirs.get(level);
      if (!res) reservoirs.set(level, (res = { seen: 0, slots: [] }));
      res.seen++;
      let slot: Slot | undefined;
      if (res.slots.length < options.perClass) {
        slot = { index: total, chunk: chunks.length, row: picked.length };
        res.slots.push(slot);
        live++;
      } else {
        const j = options.rng.int(res.seen);
        if (j < options.perClass) {
          slot = res.slots[j]!;
          slot.index = total;
          slot.chunk = chunks.length;
          slot.row = picked.length;
        }
      }
      if (slot) {
        picked.push(r);
        slotsOfBatch.push(slot);
      }
    }
    if (picked.length > 0) {
      chunks.push(takeBatchRows(schema, [batch], picked.map((row) => ({ batch: 0, row }))));
      stored += picked.length;
    }
    // Replaced rows stay in their chunk until compaction: compact when they outnumber live rows.
    if (stored > 2 * live + 65_536) {
      chunks = [compact(schema, chunks, reservoirs)];
      stored = live;
    }
    report(total);
  }
  report(total, true);
  const ordered = compact(schema, chunks, reservoirs);
  const classCounts = new Map([...reservoirs].map(([k, r]) => [k, r.seen]));
  const sampledClasses = [...reservoirs].filter(([, r]) => r.seen > options.perClass).map(([k]) => k);
  return { table: new Table(schema, [ordered]), classCounts, totalRows: total, unlabelledRows: unlabelled, sampledClasses };
}

/** All live slots, in input order, as one batch; slots are re-pointed into it. */
function compact(schema: RecordBatch['schema'], chunks: RecordBatch[], reservoirs: Map<string, { slots: Slot[] }>): RecordBatch {
  const slots = [...reservoirs.values()].flatMap((r) => r.slots).sort((a, b) => a.index - b.index);
  const refs: RowRef[] = slots.map((s) => ({ batch: s.chunk, row: s.row }));
  const out = takeBatchRows(schema, chunks, refs);
  slots.forEach((s, i) => {
    s.chunk = 0;
    s.row = i;
  });
  return out;
}
