import { initBackend } from '../src/backend/pick.js';
import type { Dataset, Feature } from '../src/contracts.js';
import { Rng } from '../src/random.js';
import { ctganFactory } from '../plugins/ctgan/index.js';
import { DEFAULT_OPTIMIZER } from '../plugins/ctgan/train.js';
import { fidelity, makeFixture } from '../test/plugins/ctgan/fixture.js';
function minorityRows(data: Dataset): Dataset {
  const rows: number[] = [];
  data.labels.forEach((l, i) => l === 1 && rows.push(i));
  const features = data.features.map((f): Feature => {
    if (f.kind === 'numeric') return { ...f, values: Float64Array.from(rows, (r) => f.values[r]!) };
    if (f.kind === 'categorical') return { ...f, codes: Int32Array.from(rows, (r) => f.codes[r]!) };
    return f;
  });
  return { features, labels: Int32Array.from(rows, () => 1), classes: data.classes, rowCount: rows.length };
}
const cfg = JSON.parse(process.argv[2] ?? '{}');
await initBackend();
Object.assign(DEFAULT_OPTIMIZER, cfg.opt ?? {});
const data = makeFixture(7);
const real = minorityRows(data);
const synth = ctganFactory.create(cfg.params);
const rep = await synth.fit(data, { rng: new Rng(cfg.seed), epochs: cfg.epochs });
const s = await synth.sample(new Map([[1, 1000]]), new Rng(2));
const f = fidelity(real, s);
console.log(`RESULT ${JSON.stringify(cfg)} fit=${rep.seconds.toFixed(1)}s ks=${Object.values(f.ks).map((v) => v.toFixed(3))} tv=${Object.values(f.tv).map((v) => v.toFixed(3))} null=${f.nullRateGap.toFixed(3)} cg=${f.correlationGap.toFixed(3)}`);
