/**
 * Standard input and output as byte streams: `-` as an input reads an Arrow IPC stream from stdin,
 * `-` as an output writes one to stdout, so gan-augment composes with other Arrow tools in a pipe.
 */
import type { Readable, Writable } from 'node:stream';
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

/** A sink that writes to `stream` (stdout by default), waiting for it to drain under back-pressure. */
export function streamSink(stream: Writable = process.stdout): ByteSink & { bytes: number } {
  const sink = {
    bytes: 0,
    write(chunk: Uint8Array): Promise<void> {
      sink.bytes += chunk.length;
      return new Promise((resolve, reject) => {
        stream.write(chunk, (err) => (err ? reject(err) : resolve()));
      });
    },
  };
  return sink;
}
