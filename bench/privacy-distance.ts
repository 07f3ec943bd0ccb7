/**
 * Speed of the privacy guard and of SMOTE's neighbour search on typical sizes (run: npx tsx bench/privacy-distance.ts).
 * Prints wall-clock seconds; no assertions (targets live here, not in unit tests).
 */
import type { Dataset, Feature } from '../src/contracts.js';
import { Rng } from '../src/random.js';
import { distanceToClosestRecord } from '../src/privacy/distance.js';
import { findExactCopies } from '../src/privacy/exact-copies.js';
import { filterByDistance } from '../src/privacy/privacy-filter.js';
import { smoteFactory } from '../plugins/smote/index.js';

function table(n: number, numeric: number, categorical: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const features: Feature[] = [];
  for (let f = 0; f < numeric; f++) {
    features.push({ kind: 'numeric', name: `n${f}`, values: Float64Array.from({ length: n }, () => rng.normal() * (f + 1)), integer: false });
  }
  for (let f = 0; f < categorical; f++) {
    features.push({ kind: 'categorical', name: `c${f}`, codes: Int32Array.from({ length: n }, () => rng.int(5)), levels: ['a', 'b', 'c', 'd', 'e'] });
  }
  return { features, labels: Int32Array.from({ length: n }, () => rng.int(2)), classes: ['0', '1'], rowCount: n };
}

function time<T>(label: string, run: () => T): T {
  const t0 = performance.now();
  const out = run();
  console.log(`${label}: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  return out;
}

const train = table(5000, 10, 3, 1);
const synth = table(5000, 10, 3, 2);
time('DCR 5000 synthetic x 5000 training (10 numeric + 3 categorical + label)', () => distanceToClosestRecord(synth, train));
time('filterByDistance quantile 0.05 (2000 leave-one-out queries + 5000 x 5000)', () => filterByDistance(synth, train, { quantile: 0.05 }));
const wide = table(5000, 40, 10, 3);
time('DCR 5000 x 5000 (40 numeric + 10 categorical)', () => distanceToClosestRecord(table(5000, 40, 10, 4), wide));
const big = table(200_000, 10, 3, 5);
time('findExactCopies 200000 synthetic x 200000 training', () => findExactCopies(table(200_000, 10, 3, 6), big));

const minority = table(5000, 10, 3, 7);
const model = smoteFactory.create({});
await model.fit(minority, { rng: new Rng(1) });
await time('SMOTE-NC: neighbours of a 2500-row class (10 numeric + 3 categorical) + 10000 rows', () =>
  model.sample(new Map([[1, 10_000]]), new Rng(2)),
);
