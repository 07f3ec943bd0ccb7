/**
 * Where synthetic rows wait between generation and writing: in memory while few, then spilled to a
 * temporary Arrow IPC stream file (flat memory), read back batch by batch when the output is
 * written. Generating first lets the run summary (copies dropped, rounds) go into the output's
 * metadata, which Arrow IPC writes before the first row.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { removeStaleSpills, spillPrefix, trackTemp } from '../io/temp-files.js';
import { RecordBatch, RecordBatchReader, RecordBatchStreamWriter, type Schema } from 'apache-arrow';

/** Rows kept in memory before spilling to disk. */
const SPILL_ABOVE_ROWS = 262_144;

export class SyntheticStore {
  private memory: RecordBatch[] = [];
  private spill: { dir: string; file: string; handle: FileHandle; writer: RecordBatchStreamWriter; drained: Promise<void>; untrack: () => void } | undefined;
  private finished = false;
  rows = 0;

  constructor(private readonly spillAbove = SPILL_ABOVE_ROWS) {}

  /** Add a batch of synthetic rows (all batches share one schema). */
  async add(batch: RecordBatch): Promise<void> {
    if (batch.numRows === 0) return;
    this.rows += batch.numRows;
    if (!this.spill && this.rows <= this.spillAbove) {
      this.memory.push(batch);
      return;
    }
    if (!this.spill) await this.startSpill(batch.schema);
    const { writer } = this.spill!;
    for (const b of this.memory) writer.write(b);
    this.memory = [];
    writer.write(batch);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** Done adding: close the spill file. */
  async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    if (this.spill) {
      this.spill.writer.finish();
      await this.spill.drained;
      await this.spill.handle.close();
    }
  }

  /** The stored rows in the order added (may be read more than once). */
  async *batches(): AsyncGenerator<RecordBatch> {
    await this.finish();
    if (!this.spill) {
      yield* this.memory;
      return;
    }
    const reader = await RecordBatchReader.from(createReadStream(this.spill.file));
    for await (const batch of reader) yield batch;
  }

  /** Remove the spill file (also removed at process exit if this is never called: temp-files.ts). */
  async dispose(): Promise<void> {
    try {
      await this.finish();
    } finally {
      if (this.spill) {
        await rm(this.spill.dir, { recursive: true, force: true });
        this.spill.untrack();
      }
    }
  }

  private async startSpill(schema: Schema): Promise<void> {
    // Spills of processes that were killed (SIGKILL) are removed here, by the next run.
    await removeStaleSpills(tmpdir());
    const dir = await mkdtemp(path.join(tmpdir(), spillPrefix()));
    const untrack = trackTemp(dir);
    const file = path.join(dir, 'synthetic.arrows');
    const handle = await open(file, 'wx');
    const writer = new RecordBatchStreamWriter();
    const drained = (async () => {
      for await (const chunk of writer) await handle.write(chunk);
    })();
    writer.reset(undefined, schema);
    this.spill = { dir, file, handle, writer, drained, untrack };
  }
}
