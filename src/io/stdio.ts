/**
 * Standard input and output as byte streams: `-` as an input reads an Arrow IPC stream from stdin,
 * `-` as an output writes one to stdout, so gan-augment composes with other Arrow tools in a pipe.
 */
import { fstatSync, writeSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { isatty } from 'node:tty';
import { GanAugmentError, ioFailureReason } from '../errors.js';
import type { ByteSink } from './types.js';

/** Every byte of `stream` (stdin by default) until it ends. */
export async function readAllBytes(stream: Readable = process.stdin): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
    chunks.push(bytes);
    total += bytes.length;
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** Where data goes when it is not a file of ours: a Node stream (stdout) or the CLI's writer. */
export interface DataWriter {
  write(chunk: Uint8Array, callback?: (err?: Error | null) => void): unknown;
  readonly fd?: number;
}

/**
 * A sink that writes every byte to `stream` (stdout by default) or fails with one line naming
 * `target`. `bytes` counts only what was written.
 */
export function streamSink(stream: DataWriter = process.stdout, target = 'standard output'): ByteSink & { bytes: number } {
  const sink = {
    bytes: 0,
    async write(chunk: Uint8Array): Promise<void> {
      await writeFully(stream, chunk, target);
      sink.bytes += chunk.length;
    },
  };
  return sink;
}

/**
 * Write all of `chunk` to `writer`, waiting for it to be handed over. A file or device behind the
 * writer (`> out.arrows`, /dev/full) is written through its descriptor, checking each write's
 * count: Node's stream for a file ignores short writes, which on a full disk lose bytes silently.
 * @example await writeFully(process.stdout, bytes, 'standard output');
 */
export async function writeFully(writer: DataWriter, chunk: Uint8Array, target: string): Promise<void> {
  try {
    if (writer.fd !== undefined && isFileOrDevice(writer.fd)) {
      let at = 0;
      while (at < chunk.length) {
        const n = writeSync(writer.fd, chunk, at, chunk.length - at);
        if (n <= 0) throw Object.assign(new Error('no bytes written'), { code: 'ENOSPC' });
        at += n;
      }
      return;
    }
    await new Promise<void>((resolve, reject) => {
      writer.write(chunk, (err) => (err ? reject(err) : resolve()));
    });
  } catch (err) {
    throw new GanAugmentError('output', `Cannot write to ${target}: ${ioFailureReason(err)}; the output is incomplete.`, {
      hint: 'Free some space or send the output elsewhere, then run again.',
      cause: err,
    });
  }
}

function isFileOrDevice(fd: number): boolean {
  try {
    const info = fstatSync(fd);
    return info.isFile() || (info.isCharacterDevice() && !isatty(fd));
  } catch {
    return false;
  }
}
