import { registerBuiltins } from './src/index.js';
import { augmentStream } from './src/stream/augment-stream.js';
import { augment } from './src/stage/augment.js';
import { readTable, writeTable } from './src/io/index.js';
import { writeBatchesAtomically } from './src/io/write-batches.js';
import { imbalancedTable } from './test/stage/helpers/tables.js';
import { registerJitter } from './test/stage/helpers/jitter-synthesizer.js';
registerBuiltins(); registerJitter();
const t = imbalancedTable();
console.log(t.schema.fields.map(f => `${f.name}:${f.type}`).join(' '));
async function* two() { yield* t.slice(0, 40).batches; yield* t.slice(40).batches; }
await writeBatchesAtomically('/tmp/smoke-scale/dict.parquet', 'parquet', t.schema, two(), { rowGroupRows: 40 });
for (const out of ['/tmp/smoke-scale/dict-out.arrow', '/tmp/smoke-scale/dict-out.parquet', '/tmp/smoke-scale/dict-out.csv']) {
  try {
    await augmentStream({ input: '/tmp/smoke-scale/dict.parquet', output: out, label: 'class', model: 'test-jitter', ignore: ['note'], quiet: true });
    const back = (await readTable(out)).table;
    const mem = await augment({ input: (await readTable('/tmp/smoke-scale/dict.parquet')).table, label: 'class', model: 'test-jitter', ignore: ['note'], quiet: true });
    const same = back.numRows === mem.table.numRows && Array.from({ length: back.numRows }, (_, i) => JSON.stringify(back.get(i)!.toJSON(), (_k, v) => typeof v === "bigint" ? String(v) : v) === JSON.stringify(mem.table.get(i)!.toJSON(), (_k, v) => typeof v === "bigint" ? String(v) : v)).every(Boolean);
    console.log(out, back.numRows, 'same as in-memory:', same);
  } catch (e) { console.log(out, 'ERR', (e as Error).message); }
}
