/**
 * Worker thread entry: decode Parquet row groups on request and send their Arrow buffers back
 * (transferred). Started by parquet-read-pool.ts; holds the files it reads open between requests
 * of one pass (released by the pool at the end of the pass).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { parquetMetadataAsync } from 'hyparquet';
import { toWire } from '../arrow/wire.js';
import { rowGroupDecoder, type RowGroupDecoder } from './row-groups.js';
import { handleBuffer } from './read-batches.js';
import { RAW_PARSERS } from './to-arrow.js';
import { planParquetFile } from './read.js';
import type { ReadRequest, ReadResponse } from './read-pool.js';

interface OpenFile {
  key: string;
  handle: FileHandle;
  decoder: RowGroupDecoder;
}

const files = new Map<string, Promise<OpenFile>>();

async function openFile(path: string, size: number, mtimeMs: number): Promise<OpenFile> {
  const key = `${size}:${mtimeMs}`;
  const cached = files.get(path);
  if (cached) {
    const file = await cached;
    if (file.key === key) return file;
    files.delete(path);
    await file.handle.close();
  }
  const opening = (async () => {
    const handle = await open(path, 'r');
    try {
      const buffer = handleBuffer(handle, size);
      const metadata = await parquetMetadataAsync(buffer, { parsers: RAW_PARSERS, geoparquet: false });
      const { plans, rawMetadata } = planParquetFile(metadata, path);
      return { key, handle, decoder: rowGroupDecoder(buffer, rawMetadata, plans) };
    } catch (err) {
      await handle.close();
      throw err;
    }
  })();
  files.set(path, opening);
  opening.catch(() => files.delete(path));
  return opening;
}

async function release(path: string): Promise<void> {
  const file = files.get(path);
  files.delete(path);
  if (file) await (await file.catch(() => undefined))?.handle.close();
}

parentPort!.on('message', (request: ReadRequest) => {
  if (request.type === 'release') {
    void release(request.path);
    return;
  }
  const { id, path, size, mtimeMs, rowGroup } = request;
  openFile(path, size, mtimeMs)
    .then((file) => file.decoder.decode(rowGroup))
    .then(
      (columns) => {
        const { wire, transfer } = toWire(columns);
        parentPort!.postMessage({ id, columns: wire } satisfies ReadResponse, transfer);
      },
      (err: unknown) => {
        parentPort!.postMessage({ id, error: err instanceof Error ? err.message : String(err) } satisfies ReadResponse);
      },
    );
});
