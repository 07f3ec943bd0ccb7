/**
 * Measurements behind docs/ctgan.md (run: npx tsx bench/ctgan-measure.ts [epoch|trainon] ...).
 *
 * - `epoch [EPOCHS] [all|minority]`: wall time per epoch of the default ctgan on german_credit (1000 rows, 7 numeric +
 *   13 categorical columns) on the active backend (wasm with gan-augment's kernel fixes).
 * - `trainon EPOCHS SEEDS`: fidelity of synthetic minority rows on the structured fixture of the
 *   ctgan tests, training on all rows (conditioned on the label) vs on the minority rows only.
 */
import { describeBackend, initBackend } from '../src/backend/pick.js';
import { rowsByClass, takeRows } from '../src/dataset.js';
import { Rng } from '../src/random.js';
import { ctganFactory } from '../plugins/ctgan/index.js';
import { fidelity, makeFixture, violations } from '../test/support/ctgan-fixture.js';
import { readSharedDataset } from './shared-datasets.js';

async function epochTime(epochs: number, trainOn: string): Promise<void> {
  // Read and encoded as `augment` does: its 7 integer columns numeric, the 13 others categorical.
  const data = await readSharedDataset('german_credit');
  const numeric = data.features.filter((f) => f.kind === 'numeric').length;
  console.log(`german_credit: ${data.rowCount} rows, ${numeric} numeric + ${data.features.length - numeric} categorical`);
  const synth = ctganFactory.create({ trainOn });
  const times: number[] = [];
  let last = performance.now();
  const report = await synth.fit(data, { rng: new Rng(1), epochs }, () => {
    const now = performance.now();
    times.push(now - last);
    last = now;
  });
  const steady = times.slice(1).sort((a, b) => a - b);
  console.log(
    `trainOn ${trainOn}: fit ${report.seconds.toFixed(1)} s for ${epochs} epochs (incl. GMM fits); per epoch: first ${times[0]!.toFixed(0)} ms, median ${steady[Math.floor(steady.length / 2)]!.toFixed(0)} ms, min ${steady[0]!.toFixed(0)} ms`,
  );
  synth.dispose();
}

async function trainOnComparison(epochsAll: number, seeds: number): Promise<void> {
  for (const trainOn of ['all', 'minority'] as const) {
    for (let seed = 1; seed <= seeds; seed++) {
      const data = makeFixture(100 + seed);
      const real = takeRows(data, rowsByClass(data)[1]!);
      const synth = ctganFactory.create({ trainOn });
      // 'all': 1000 rows, batch 500, 2 steps per epoch; 'minority': 150 rows, batch 150, 1 step per
      // epoch — so give 'minority' twice the epochs for the same number of steps.
      const epochs = trainOn === 'all' ? epochsAll : 2 * epochsAll;
      const report = await synth.fit(data, { rng: new Rng(seed), epochs });
      const syn = await synth.sample(new Map([[1, 1000]]), new Rng(seed + 50));
      const f = fidelity(real, syn);
      console.log(
        JSON.stringify({ trainOn, seed, epochs, seconds: +report.seconds.toFixed(1), ks: round(f.ks), tv: round(f.tv), nullGap: +f.nullRateGap.toFixed(3), corrGap: +f.correlationGap.toFixed(3), violations: violations(f).length }),
      );
      synth.dispose();
    }
  }
}

function round(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, +v.toFixed(3)]));
}

const info = await initBackend();
console.log(`backend: ${describeBackend(info)}`);
const [mode = 'epoch', a, b] = process.argv.slice(2);
if (mode === 'epoch') await epochTime(Number(a ?? 20), b ?? 'minority');
else if (mode === 'trainon') await trainOnComparison(Number(a ?? 150), Number(b ?? 3));
else throw new Error(`unknown mode '${mode}' (epoch | trainon)`);
