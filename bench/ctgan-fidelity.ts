/**
 * Fidelity figures behind docs/ctgan.md: how close synthetic minority rows are to the real ones.
 *
 *   npx tsx bench/ctgan-fidelity.ts fixture SEED [PARAMS_JSON] [EPOCHS]   the test fixture (150 minority rows)
 *   npx tsx bench/ctgan-fidelity.ts german_credit|pima_diabetes SEED [PARAMS_JSON] [EPOCHS]
 *   npx tsx bench/ctgan-fidelity.ts ... smote                              SMOTE as a reference point
 *
 * Prints, for the minority class (the smallest), per-column KS (numeric) or TV (categorical), and the
 * mean / max absolute difference between the real and synthetic Pearson correlation matrices of the
 * numeric columns (finite pairs only).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dataset, Feature, Synthesizer } from '../src/contracts.js';
import { initBackend } from '../src/backend/pick.js';
import { encodeTable, inferRoles } from '../src/index.js';
import { readTable } from '../src/io/index.js';
import { Rng } from '../src/random.js';
import { ctganFactory } from '../plugins/ctgan/index.js';
import { smoteFactory } from '../plugins/smote/index.js';
import { correlation, ksStatistic, makeFixture, totalVariation } from '../test/plugins/ctgan/fixture.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function load(name: string): Promise<Dataset> {
  if (name === 'fixture') return makeFixture(7);
  const file = path.resolve(repoRoot, '..', 'shared', 'datasets', `${name}.csv`);
  const { table } = await readTable(file);
  return encodeTable(table, inferRoles(table, { label: 'label' })).dataset;
}

function rowsOf(data: Dataset, label: number): Dataset {
  const rows: number[] = [];
  data.labels.forEach((l, i) => l === label && rows.push(i));
  const features = data.features.map((f): Feature => {
    if (f.kind === 'numeric') return { ...f, values: Float64Array.from(rows, (r) => f.values[r]!) };
    if (f.kind === 'categorical') return { ...f, codes: Int32Array.from(rows, (r) => f.codes[r]!) };
    return f;
  });
  return { features, labels: Int32Array.from(rows, () => label), classes: data.classes, rowCount: rows.length };
}

/** Per-column KS/TV and the correlation-matrix differences of the numeric columns. */
export function compare(real: Dataset, synthetic: Dataset): { columns: Record<string, number>; corrMean: number; corrMax: number } {
  const columns: Record<string, number> = {};
  const numeric: Array<[Float64Array, Float64Array]> = [];
  real.features.forEach((f, i) => {
    const s = synthetic.features[i]!;
    if (f.kind === 'numeric' && s.kind === 'numeric') {
      columns[f.name] = ksStatistic(f.values, s.values);
      numeric.push([f.values, s.values]);
    }
    if (f.kind === 'categorical' && s.kind === 'categorical') columns[f.name] = totalVariation(f.codes, s.codes);
  });
  let sum = 0;
  let max = 0;
  let pairs = 0;
  for (let a = 0; a < numeric.length; a++) {
    for (let b = a + 1; b < numeric.length; b++) {
      const d = Math.abs(correlation(numeric[a]![0], numeric[b]![0]) - correlation(numeric[a]![1], numeric[b]![1]));
      if (!Number.isFinite(d)) continue;
      sum += d;
      max = Math.max(max, d);
      pairs++;
    }
  }
  return { columns, corrMean: pairs ? sum / pairs : 0, corrMax: max };
}

async function main(): Promise<void> {
  const [name = 'fixture', seedText = '1', paramsText = '{}', epochsText] = process.argv.slice(2);
  await initBackend();
  const data = await load(name);
  const counts = new Array<number>(data.classes.length).fill(0);
  for (const l of data.labels) counts[l]! += 1;
  const minority = counts.indexOf(Math.min(...counts));
  const real = rowsOf(data, minority);
  const useSmote = paramsText === 'smote';
  const synth: Synthesizer = useSmote ? smoteFactory.create({}) : ctganFactory.create(JSON.parse(paramsText) as Record<string, unknown>);
  const epochs = epochsText === undefined ? undefined : Number(epochsText);
  const report = await synth.fit(data, { rng: new Rng(Number(seedText)), ...(epochs ? { epochs } : {}) });
  const synthetic = await synth.sample(new Map([[minority, 1000]]), new Rng(2));
  synth.dispose();
  const c = compare(real, synthetic);
  const cols = Object.entries(c.columns);
  const worst = cols.reduce((w, e) => (e[1] > w[1] ? e : w), ['', 0] as [string, number]);
  console.log(
    `${name} seed ${seedText} ${useSmote ? 'smote' : paramsText}: fit ${report.seconds.toFixed(1)} s, ${report.epochs} epochs; ` +
      `KS/TV mean ${(cols.reduce((s, e) => s + e[1], 0) / cols.length).toFixed(3)} max ${worst[1].toFixed(3)} (${worst[0]}); ` +
      `corr diff mean ${c.corrMean.toFixed(3)} max ${c.corrMax.toFixed(3)}`,
  );
  console.log(`  per column: ${cols.map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`);
}

await main();
