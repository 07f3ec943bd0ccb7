import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { Table, Utf8, vectorFromArray } from 'apache-arrow';
import { readTableFromBytes, tableToBytes } from '../src/io/index.js';
const which = process.argv[2]!;
function sampleTable(): Table {
  const n = 30;
  return new Table({
    x: vectorFromArray(Float64Array.from({ length: n }, (_, i) => i / 3)),
    k: vectorFromArray(Int32Array.from({ length: n }, (_, i) => i % 4)),
    s: vectorFromArray(Array.from({ length: n }, (_, i) => ['a', 'b', null][i % 3]), new Utf8()),
    label: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 'rare' : 'common')), new Utf8()),
  });
}
function mutated(valid: Uint8Array): fc.Arbitrary<Uint8Array> {
  const n = valid.length;
  const overwrite = fc.array(fc.tuple(fc.nat(n - 1), fc.nat(255)), { minLength: 1, maxLength: 8 }).map((edits) => { const out = Uint8Array.from(valid); for (const [at, byte] of edits) out[at] = byte; return out; });
  const truncate = fc.nat(n - 1).map((len) => valid.slice(0, len));
  const splice = fc.tuple(fc.nat(n - 1), fc.nat(64)).map(([at, len]) => Uint8Array.from([...valid.subarray(0, at), ...valid.subarray(at + len)]));
  return fc.oneof(overwrite, truncate, splice);
}
let arb: fc.Arbitrary<Uint8Array>;
if (which === 'random') arb = fc.oneof(fc.uint8Array({ maxLength: 2048 }), fc.tuple(fc.constantFrom('PAR1', 'ARROW1\0\0', '\xff\xff\xff\xff', 'x,label\n'), fc.uint8Array({ maxLength: 512 }), fc.constantFrom('', 'PAR1', 'ARROW1')).map(([h, b, t]) => Uint8Array.from([...Buffer.from(h, 'latin1'), ...b, ...Buffer.from(t, 'latin1')])));
else arb = mutated(await tableToBytes(sampleTable(), which as 'parquet'));
const seed = which === 'random' ? 7 : 11;
const samples = fc.sample(arb, { seed, numRuns: which === 'random' ? 300 : 150 });
let i = 0;
for (const b of samples) {
  writeFileSync('/tmp/i7/last-case.bin', b); writeFileSync('/tmp/i7/last-index', String(i));
  const t0 = performance.now();
  try { await readTableFromBytes(b, 'x'); } catch (e) { if (!(e as Error).name.includes('GanAugment')) console.log(i, 'OTHER', (e as Error).message); }
  const ms = performance.now() - t0;
  if (ms > 200) console.log(i, 'slow', ms.toFixed(0));
  i++;
}
console.log('done', which);
