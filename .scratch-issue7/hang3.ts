import { readFileSync } from 'node:fs';
import { Table, Utf8, vectorFromArray } from 'apache-arrow';
import { tableToBytes } from '../src/io/index.js';
const n = 30;
const t = new Table({
  x: vectorFromArray(Float64Array.from({ length: n }, (_, i) => i / 3)),
  k: vectorFromArray(Int32Array.from({ length: n }, (_, i) => i % 4)),
  s: vectorFromArray(Array.from({ length: n }, (_, i) => ['a', 'b', null][i % 3]), new Utf8()),
  label: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 'rare' : 'common')), new Utf8()),
});
for (const w of ['parquet', 'arrow', 'arrow-stream'] as const) {
  const valid = await tableToBytes(t, w);
  const bad = readFileSync(`/tmp/i7/hang-${w}.bin`);
  const diffs: string[] = [];
  const m = Math.min(valid.length, bad.length);
  for (let i = 0; i < m; i++) if (valid[i] !== bad[i]) diffs.push(`${i}:${valid[i]}->${bad[i]}`);
  console.log(w, 'valid', valid.length, 'bad', bad.length, diffs.slice(0, 12).join(' '));
}
