/**
 * Our Snappy decoder (src/io/snappy.ts) against hyparquet-compressors' WebAssembly one and a round
 * trip through hyparquet-writer's compressor: incompressible bytes, runs, repeated patterns
 * (overlapping copies), long literals (multi-byte lengths), far copies; malformed blocks throw.
 */
import { compressors } from 'hyparquet-compressors';
import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/random.js';
import { snappyDecompress } from '../../../src/io/parquet/snappy.js';

function sample(rng: Rng, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let i = 0;
  while (i < n) {
    const kind = rng.int(4);
    const len = Math.min(n - i, 1 + rng.int(kind === 0 ? 5000 : 300));
    if (kind === 0) for (let k = 0; k < len; k++) out[i + k] = rng.int(256); // incompressible
    else if (kind === 1) out.fill(rng.int(256), i, i + len); // a run
    else if (kind === 2) for (let k = 0; k < len; k++) out[i + k] = (k % (1 + rng.int(7))) * 17; // short pattern
    else if (i > 0) for (let k = 0; k < len; k++) out[i + k] = out[rng.int(i)]!; // far repeats
    i += len;
  }
  return out;
}

describe('snappyDecompress', () => {
  it('inverts hyparquet-writer and agrees with the WebAssembly decoder', () => {
    const rng = new Rng(3);
    for (const n of [0, 1, 59, 60, 61, 256, 65_535, 65_536, 70_000, 1_000_000]) {
      const raw = sample(rng, n);
      const packed = snappyCompress(raw);
      const ours = snappyDecompress(packed, n);
      expect(Buffer.compare(ours, raw), `length ${n}`).toBe(0);
      expect(Buffer.compare(ours, compressors.SNAPPY!(packed, n))).toBe(0);
    }
    // Doubles, as in ML columns.
    const doubles = new Float64Array(100_000).map(() => rng.next());
    const bytes = new Uint8Array(doubles.buffer);
    expect(Buffer.compare(snappyDecompress(snappyCompress(bytes), bytes.length), bytes)).toBe(0);
  });

  it('throws on malformed blocks instead of returning wrong bytes', () => {
    const packed = snappyCompress(sample(new Rng(4), 5000));
    expect(() => snappyDecompress(packed, 4999)).toThrow(/says 5000/);
    expect(() => snappyDecompress(packed.subarray(0, packed.length - 3), 5000)).toThrow(/snappy/);
    // A copy whose offset points before the start of the output.
    expect(() => snappyDecompress(Uint8Array.of(8, 0x01 | (4 << 2), 200), 8)).toThrow(/outside/);
    expect(() => snappyDecompress(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff), 1)).toThrow(/preamble/);
  });
});
