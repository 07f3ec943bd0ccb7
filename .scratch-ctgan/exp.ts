import { initBackend } from '../src/backend/pick.js';
import type { Dataset, Feature } from '../src/contracts.js';
import { Rng } from '../src/random.js';
import { generateRows, prepareTraining, disposeModel } from '../plugins/ctgan/model.js';
import { CtganTrainer, DEFAULT_OPTIMIZER, runEpochs } from '../plugins/ctgan/train.js';
import { fidelity, makeFixture, correlation } from '../test/plugins/ctgan/fixture.js';

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
const seed = cfg.seed ?? 1;
const real = minorityRows(makeFixture(7));
const steps = cfg.steps ?? 600;
const prepared = prepareTraining(real, { embeddingDim: cfg.emb ?? 64, generatorDims: cfg.g ?? [128, 128], criticDims: cfg.d ?? [128, 128], pac: cfg.pac ?? 10 }, new Rng(seed).fork('p'));
console.log('modes', prepared.model.transformer.columns.map((c) => (c.kind === 'numeric' ? c.modes.means.map((m) => m.toFixed(2)).join('/') : c.kind)).join(' | '));
const trainer = new CtganTrainer(prepared.model.generator, prepared.model.critic, cfg.emb ?? 64, prepared.conditioned, { ...DEFAULT_OPTIMIZER, ...(cfg.opt ?? {}) });
const t0 = performance.now();
const every = cfg.every ?? 200;
const rng = new Rng(seed).fork('t');
for (let done = 0; done < steps; done += every) {
  runEpochs(trainer, prepared.matrix, prepared.model.shape.dataDim, prepared.sampler, rng, { epochs: every, batch: cfg.batch ?? 150, stepsPerEpoch: 1 });
  const f = generateRows(prepared.model, 1, 1000, new Rng(2));
  const fid = fidelity(real, { features: f, labels: new Int32Array(1000), classes: real.classes, rowCount: 1000 });
  const r = correlation((f[0] as any).values, (f[1] as any).values);
  console.log(`step ${done + every} t=${((performance.now() - t0) / 1000).toFixed(1)}s r=${r.toFixed(2)} ks=${Object.values(fid.ks).map((v) => v.toFixed(2))} tv=${Object.values(fid.tv).map((v) => v.toFixed(2))} null=${fid.nullRateGap.toFixed(2)} cg=${fid.correlationGap.toFixed(2)}`);
}
trainer.dispose(); disposeModel(prepared.model);
