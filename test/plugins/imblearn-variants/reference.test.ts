/**
 * Cross-checks against imbalanced-learn 0.10 on the shared datasets (fixtures made by
 * fixtures/make-imblearn-variants.py with Debian's python3-imblearn; the tests read only the JSON):
 * Borderline-SMOTE's DANGER rows, ADASYN's neighbour counts and rows per base, SMOTEN's value
 * difference metric and votes, and exactly which synthetic rows ENN and Tomek links remove from SMOTE's output.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CategoricalFeature, Dataset } from '../../../src/contracts.js';
import { Rng } from '../../../src/random.js';
import { adasynFactory } from '../../../plugins/adasyn/index.js';
import type { Adasyn } from '../../../plugins/adasyn/adasyn-synthesizer.js';
import { rowsPerBase } from '../../../plugins/adasyn/row-counts.js';
import { borderlineSmoteFactory } from '../../../plugins/borderline-smote/index.js';
import type { BorderlineSmote } from '../../../plugins/borderline-smote/borderline-synthesizer.js';
import { ennRule, tomekRule } from '../../../plugins/smote-cleaning/rules.js';
import { allRowsMatrix } from '../../../plugins/smote/all-rows.js';
import { buildClassMatrix } from '../../../plugins/smote/class-matrix.js';
import { nearestWithinClass } from '../../../plugins/smote/neighbours.js';
import { smotenFactory } from '../../../plugins/smoten/index.js';
import type { Smoten } from '../../../plugins/smoten/smoten-synthesizer.js';
import { valueDifferenceCosts } from '../../../plugins/smoten/value-difference.js';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;

function numericData(X: number[][], y: number[]): Dataset {
  const classes = [...new Set(y)].sort((a, b) => a - b).map(String);
  return {
    features: X[0]!.map((_, j) => ({ kind: 'numeric' as const, name: `x${j}`, values: Float64Array.from(X, (r) => r[j]!), integer: false })),
    labels: Int32Array.from(y, (v) => classes.indexOf(String(v))),
    classes,
    rowCount: y.length,
  };
}

const minorityRows = (y: number[], label: number): number[] => y.flatMap((v, i) => (v === label ? [i] : []));

describe('borderline-smote against imbalanced-learn BorderlineSMOTE (ecoli_imu)', () => {
  const ref = fixture<{ X: number[][]; y: number[]; danger: number[]; tie_free: boolean[]; synthetic: number[][]; k_neighbors: number }>('imblearn-borderline.json');
  const data = numericData(ref.X, ref.y);
  const minority = minorityRows(ref.y, 1);

  it('finds the same DANGER rows with m_neighbors=10', async () => {
    const model = borderlineSmoteFactory.create({}) as BorderlineSmote;
    await model.fit(data, { rng: new Rng(0) });
    const ours = new Set(model.dangerOf(1));
    const theirs = new Set(ref.danger);
    const compared = minority.filter((_, i) => ref.tie_free[i]);
    console.log(`borderline-smote: ${theirs.size} DANGER rows in imbalanced-learn, ${ours.size} here; ${compared.length} of ${minority.length} rows without distance ties compared`);
    for (const r of compared) expect(ours.has(r), `row ${r}`).toBe(theirs.has(r));
    expect([...ours].sort((a, b) => a - b)).toEqual(ref.danger); // here the two tied rows agree too
  });

  it("every row imbalanced-learn's borderline-1 generated lies between a DANGER row and one of its class neighbours", () => {
    const rows = Int32Array.from(minority);
    const m = buildClassMatrix(data, rows);
    const k = ref.k_neighbors;
    const dangerAt = ref.danger.map((r) => minority.indexOf(r));
    const nn = nearestWithinClass(m, k, Int32Array.from(dangerAt));
    for (const s of ref.synthetic) {
      const explained = dangerAt.some((base, q) =>
        Array.from(nn.subarray(q * k, q * k + k)).some((j) => onSegment(ref.X[minority[base]!]!, ref.X[minority[j]!]!, s)),
      );
      expect(explained, JSON.stringify(s)).toBe(true);
    }
  });
});

describe('adasyn against imbalanced-learn ADASYN (ecoli_imu)', () => {
  const ref = fixture<{ X: number[][]; y: number[]; other_neighbours: number[]; tie_free: boolean[]; requested: number; rows_per_base: number[]; synthetic_count: number }>(
    'imblearn-adasyn.json',
  );
  const data = numericData(ref.X, ref.y);

  it('counts the same other-class neighbours per minority row (n_neighbors=5)', async () => {
    const model = adasynFactory.create({}) as Adasyn;
    await model.fit(data, { rng: new Rng(0) });
    const ours = Array.from(model.otherNeighbours(1));
    ref.tie_free.forEach((free, i) => {
      if (free) expect(ours[i], `minority row ${i}`).toBe(ref.other_neighbours[i]);
    });
  });

  it("gives each row imbalanced-learn's share, within one row, and exactly the requested total", async () => {
    expect(ref.rows_per_base.reduce((s, n) => s + n, 0)).toBe(ref.synthetic_count); // the fixture's shares are imbalanced-learn's
    const ours = rowsPerBase(Int32Array.from(ref.other_neighbours), ref.requested);
    expect(ours.reduce((s, n) => s + n, 0)).toBe(ref.requested);
    let differing = 0;
    ours.forEach((n, i) => {
      expect(Math.abs(n - ref.rows_per_base[i]!)).toBeLessThanOrEqual(1);
      if (n !== ref.rows_per_base[i]) differing++;
    });
    // Only the rows imbalanced-learn's rounding lost or gained differ.
    expect(differing).toBeLessThanOrEqual(Math.abs(ref.requested - ref.synthetic_count));
    const model = adasynFactory.create({});
    await model.fit(data, { rng: new Rng(0) });
    expect((await model.sample(new Map([[1, ref.requested]]), new Rng(1))).rowCount).toBe(ref.requested);
  });
});

describe('smote-enn and smote-tomek rules against imbalanced-learn ENN and TomekLinks on SMOTE output', () => {
  interface Case { dataset: string; X: number[][]; y: number[]; training_rows: number; enn_removed: number[]; tomek_removed: number[]; enn_kept_total: number; smoteenn_total: number; tomek_kept_total: number; smotetomek_total: number }
  const { cases } = fixture<{ cases: Case[] }>('imblearn-cleaning.json');

  for (const ref of cases) {
    it(`removes exactly the synthetic rows imbalanced-learn removes (${ref.dataset})`, () => {
      expect(ref.enn_kept_total).toBe(ref.smoteenn_total);
      expect(ref.tomek_kept_total).toBe(ref.smotetomek_total);
      const pool = numericData(ref.X, ref.y);
      const judged = Int32Array.from({ length: ref.y.length - ref.training_rows }, (_, i) => ref.training_rows + i);
      const removedBy = (flags: Uint8Array) => Array.from(judged).filter((_, q) => flags[q] === 1);
      const matrix = allRowsMatrix(pool);
      expect(removedBy(ennRule(3)(matrix, pool.labels, judged))).toEqual(ref.enn_removed);
      expect(removedBy(tomekRule(matrix, pool.labels, judged))).toEqual(ref.tomek_removed);
    });
  }
});

describe('smoten against imbalanced-learn SMOTEN (breast_cancer_ljubljana, all columns categorical)', () => {
  const ref = fixture<{ columns: string[]; levels: string[][]; classes: string[]; X: number[][]; y: number[]; minority: number; minority_distances: number[][]; synthetic: number[][]; k_neighbors: number }>(
    'imblearn-smoten.json',
  );
  const data: Dataset = {
    features: ref.columns.map((name, j) => ({ kind: 'categorical' as const, name, codes: Int32Array.from(ref.X, (r) => r[j]!), levels: ref.levels[j]! })),
    labels: Int32Array.from(ref.y),
    classes: ref.classes,
    rowCount: ref.y.length,
  };
  const minority = minorityRows(ref.y, ref.minority);

  it('measures the same value difference distances', () => {
    const costs = valueDifferenceCosts(data);
    const width = ref.levels.map((l) => l.length + 1);
    minority.forEach((a, i) =>
      minority.forEach((b, j) => {
        const d = ref.columns.reduce((s, _, f) => s + costs[f]![(ref.X[a]![f]! + 1) * width[f]! + ref.X[b]![f]! + 1]!, 0);
        expect(d).toBeCloseTo(ref.minority_distances[i]![j]!, 12);
      }),
    );
  });

  it("generates only the class's observed categories, as imbalanced-learn does", async () => {
    const model = smotenFactory.create({}) as Smoten;
    await model.fit(data, { rng: new Rng(0) });
    const out = await model.sample(new Map([[ref.minority, ref.synthetic.length]]), new Rng(0));
    const seen = ref.columns.map((_, f) => new Set(minority.map((r) => ref.X[r]![f]!)));
    for (const row of ref.synthetic) row.forEach((code, f) => expect(seen[f]!.has(code)).toBe(true));
    out.features.forEach((feature, f) => {
      for (const code of (feature as CategoricalFeature).codes) expect(seen[f]!.has(code)).toBe(true);
    });
  });

  it('every row imbalanced-learn generated is the vote of some class row and its k neighbours here', async () => {
    const model = smotenFactory.create({}) as Smoten;
    await model.fit(data, { rng: new Rng(0) });
    const ours = new Set(Array.from({ length: model.modesOf(ref.minority).matrix.n }, (_, i) => modeRow(model, ref.minority, i)));
    for (const row of ref.synthetic) expect(ours.has(row.join(',')), row.join(',')).toBe(true);
  });
});

function modeRow(model: Smoten, c: number, i: number): string {
  const { matrix, modes } = model.modesOf(c);
  const w = matrix.categoricalFeatures.length;
  return Array.from(modes.subarray(i * w, i * w + w)).join(',');
}

function onSegment(a: number[], b: number[], s: number[]): boolean {
  let t: number | undefined;
  for (let f = 0; f < a.length; f++) {
    const d = b[f]! - a[f]!;
    if (Math.abs(d) < 1e-12) {
      if (Math.abs(s[f]! - a[f]!) > 1e-9) return false;
    } else {
      const tf = (s[f]! - a[f]!) / d;
      if (t === undefined) t = tf;
      else if (Math.abs(tf - t) > 1e-6) return false;
    }
  }
  return t === undefined || (t >= -1e-9 && t <= 1 + 1e-9);
}
