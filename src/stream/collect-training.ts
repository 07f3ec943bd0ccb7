/**
 * The first streaming pass: count the rows of every class in the whole input, and keep the rows a
 * synthesizer learns from, in bounded memory. Every class keeps a seeded reservoir sample of at
 * most `perClass` rows (Vitter's algorithm R): a class with fewer rows is kept whole, so for inputs
 * below the cap the training rows are exactly the labelled rows, in input order. The result does
 * not depend on how the input is cut into batches.
 */
import { DataType, RecordBatch, Table, makeVector, type Data } from 'apache-arrow';
import { GanAugmentError } from '../errors.js';
import type { ProgressSink } from '../progress.js';
import type { Rng } from '../random.js';
import { toLevel } from '../schema/arrow-values.js';
import type { BatchSource } from '../io/batch-source.js';
import { rowsProgress } from '../io/rows-progress.js';
import { takeBatchRows, takeRowsOfBatch, type RowRef } from './take-rows.js';


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
  const reservoirs = new Map<string, Reservoir>();
  const perClass = options.perClass;
  let chunks: RecordBatch[] = [];
  let stored = 0;
  let live = 0;
  let total = 0;
  let unlabelled = 0;
  const report = rowsProgress('read', options.progress, source.numRows);
  let schema = source.schema;
  for await (const batch of source.batches()) {
    schema = batch.schema;
    const { codes, levels } = labelCodes(batch.data.children[labelIndex]!, labelType);
    // The reservoir of each level of this batch, looked up once per level rather than per row.
    const ofLevel = levels.map((level) => {
      let res = reservoirs.get(level);
      if (!res) reservoirs.set(level, (res = { seen: 0, slots: [] }));
      return res;
    });
    const picked: number[] = [];
    const n = batch.numRows;
    for (let r = 0; r < n; r++) {
      const code = codes[r]!;
      if (code < 0) {
        unlabelled++;
        continue;
      }
      const res = ofLevel[code]!;
      res.seen++;
      if (res.slots.length < perClass) {
        res.slots.push({ index: total + r, chunk: chunks.length, row: picked.length });
        live++;
        picked.push(r);
      } else {
        const j = options.rng.int(res.seen);
        if (j < perClass) {
          const slot = res.slots[j]!;
          slot.index = total + r;
          slot.chunk = chunks.length;
          slot.row = picked.length;
          picked.push(r);
        }
      }
    }
    total += n;
    if (picked.length > 0) {
      chunks.push(takeRowsOfBatch(batch, Int32Array.from(picked)));
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

/** The decoder apache-arrow's Utf8 getter uses, so labels read the same either way. */
const utf8 = new TextDecoder('utf-8');

interface Reservoir {
  seen: number;
  slots: Slot[];
}

/**
 * The label of every row of one batch as an index into `levels` (-1 when missing). A dictionary
 * column is resolved once per dictionary entry, not once per row (the per-row getter decoded the
 * same strings millions of times).
 */
export function labelCodes(data: Data, type: DataType): { codes: Int32Array; levels: string[] } {
  const codes = new Int32Array(data.length);
  const levels: string[] = [];
  const levelIndex = new Map<string, number>();
  const indexOf = (level: string | null): number => {
    if (level === null) return -1;
    let i = levelIndex.get(level);
    if (i === undefined) {
      i = levels.length;
      levelIndex.set(level, i);
      levels.push(level);
    }
    return i;
  };
  const dictionary = data.dictionary;
  if (DataType.isDictionary(type) && dictionary && ArrayBuffer.isView(data.values) && !(data.values instanceof BigInt64Array) && !(data.values instanceof BigUint64Array)) {
    const ofEntry = new Int32Array(dictionary.length);
    for (let k = 0; k < dictionary.length; k++) ofEntry[k] = indexOf(toLevel(dictionary.get(k), type));
    const indices = data.values as Int32Array;
    const nullable = data.nullCount > 0;
    for (let r = 0; r < data.length; r++) codes[r] = nullable && !data.getValid(r) ? -1 : ofEntry[indices[r]!]!;
    return { codes, levels };
  }
  if (DataType.isUtf8(type) && data.valueOffsets instanceof Int32Array && data.values instanceof Uint8Array) {
    // Key each row by its bytes read as latin1 (a cheap 1:1 byte-to-char map); decode UTF-8 once per distinct label.
    const bytes = Buffer.from(data.values.buffer, data.values.byteOffset, data.values.byteLength);
    const offsets = data.valueOffsets;
    const byKey = new Map<string, number>();
    const nullable = data.nullCount > 0;
    for (let r = 0; r < data.length; r++) {
      if (nullable && !data.getValid(r)) {
        codes[r] = -1;
        continue;
      }
      const key = bytes.toString('latin1', offsets[r]!, offsets[r + 1]!);
      let code = byKey.get(key);
      if (code === undefined) byKey.set(key, (code = indexOf(toLevel(utf8.decode(data.values.subarray(offsets[r]!, offsets[r + 1]!)), type))));
      codes[r] = code;
    }
    return { codes, levels };
  }
  const column = makeVector(data);
  for (let r = 0; r < data.length; r++) codes[r] = indexOf(toLevel(column.get(r), type));
  return { codes, levels };
}

/** All live slots, in input order, as one batch; slots are re-pointed into it. */
function compact(schema: RecordBatch['schema'], chunks: RecordBatch[], reservoirs: Map<string, Reservoir>): RecordBatch {
  const slots = [...reservoirs.values()].flatMap((r) => r.slots).sort((a, b) => a.index - b.index);
  const refs: RowRef[] = slots.map((s) => ({ batch: s.chunk, row: s.row }));
  const out = takeBatchRows(schema, chunks, refs);
  slots.forEach((s, i) => {
    s.chunk = 0;
    s.row = i;
  });
  return out;
}
