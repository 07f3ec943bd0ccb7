import { initBackend } from '../src/backend/pick.js';
import { encodeTable, inferRoles } from '../src/index.js';
import { readTable } from '../src/io/index.js';
import { Rng } from '../src/random.js';
import { ctganFactory } from '../plugins/ctgan/index.js';
import { DEFAULT_OPTIMIZER } from '../plugins/ctgan/train.js';
await initBackend();
const { table } = await readTable('/work/shared/datasets/german_credit.csv');
const data = encodeTable(table, inferRoles(table, { label: 'label' })).dataset;
for (let round = 0; round < 2; round++) {
  for (const [name, params, avg] of [['old', { pac: 10 }, 0], ['new', {}, 0.99]] as const) {
    Object.assign(DEFAULT_OPTIMIZER, { generatorAverage: avg });
    const s = ctganFactory.create(params);
    const times: number[] = [];
    let last = performance.now();
    await s.fit(data, { rng: new Rng(1), epochs: 25 }, () => { const n = performance.now(); times.push(n - last); last = n; });
    s.dispose();
    const t = times.slice(1).sort((a, b) => a - b);
    console.log(`SPEED ${name} min ${t[0]!.toFixed(0)} ms median ${t[Math.floor(t.length / 2)]!.toFixed(0)} ms`);
  }
}
