/**
 * --filter in the generate step: a synthesizer that plants, among fresh rows, rows in the other
 * class's region (purity), near-copies of training rows (distance) and outliers its own critic
 * scores low (critic) gets each kind dropped by its rule, alone and combined, and says how many.
 */
import { describe, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import type { Dataset, Synthesizer, SynthesizerFactory } from '../../src/contracts.js';
import { augment } from '../../src/index.js';
import { registerSynthesizer } from '../../src/registry.js';
import { augmentFold } from '../../src/evaluate/augment-fold.js';
import { defaultFilterFits } from '../../src/stage/resample.js';
import { Rng } from '../../src/random.js';
import { encodeTable } from '../../src/schema/encode.js';
import { inferRoles } from '../../src/schema/infer.js';

const CENTRES = [[0, 0], [6, 6]] as const;
const OUTLIER_SHIFT = [9, -9] as const;

/** Candidate i of class c: kind i % 4 = fresh draw, other class's region, near-copy of a real row, outlier. */
class PlantingSynthesizer implements Synthesizer {
  readonly name = 'test-planting';
  private data: Dataset | undefined;
  /** mostlyElsewhere: every candidate but the first of each draw lies in the other class's region. */
  constructor(private readonly mostlyElsewhere = false) {}
  async fit(data: Dataset) {
    this.data = data;
    return { epochs: 1, seconds: 0, history: [] };
  }
  async sample(counts: ReadonlyMap<number, number>, rng: Rng): Promise<Dataset> {
    const data = this.data!;
    const [x, y] = data.features.map((f) => (f.kind === 'numeric' ? f.values : new Float64Array(0))) as [Float64Array, Float64Array];
    const xs: number[] = [];
    const ys: number[] = [];
    const labels: number[] = [];
    for (const [c, n] of counts) {
      const own = [...data.labels.keys()].filter((r) => data.labels[r] === c);
      for (let i = 0; i < n; i++) {
        const kind = this.mostlyElsewhere ? (i === 0 ? 0 : 1) : i % 4;
        let at: readonly [number, number];
        if (kind === 2) {
          const r = own[rng.int(own.length)]!;
          at = [x[r]! + 1e-4 * rng.normal(), y[r]! + 1e-4 * rng.normal()];
        } else {
          const centre = CENTRES[kind === 1 ? 1 - c : c]!;
          const shift = kind === 3 ? OUTLIER_SHIFT : [0, 0];
          at = [centre[0] + shift[0] + rng.normal(), centre[1] + shift[1] + rng.normal()];
        }
        xs.push(at[0]);
        ys.push(at[1]);
        labels.push(c);
      }
    }
    const f = data.features as [Extract<Dataset['features'][number], { kind: 'numeric' }>, Extract<Dataset['features'][number], { kind: 'numeric' }>];
    return { features: [{ ...f[0], values: Float64Array.from(xs) }, { ...f[1], values: Float64Array.from(ys) }], labels: Int32Array.from(labels), classes: data.classes, rowCount: labels.length };
  }
  /** A stand-in critic: closer to the class centre is more real. */
  async score(rows: Dataset): Promise<Float64Array> {
    const [x, y] = rows.features.map((f) => (f.kind === 'numeric' ? f.values : new Float64Array(0))) as [Float64Array, Float64Array];
    return Float64Array.from(rows.labels, (c, i) => -Math.hypot(x[i]! - CENTRES[c]![0], y[i]! - CENTRES[c]![1]));
  }
  async serialize() {
    return { config: null, arrays: {} };
  }
  dispose() {}
}

const factory: SynthesizerFactory = {
  name: 'test-planting',
  description: 'test only',
  supports: ['numeric'],
  scoresRows: true,
  minRowsPerClass: () => 1,
  create: () => new PlantingSynthesizer(),
  deserialize: () => new PlantingSynthesizer(),
};
registerSynthesizer(factory);
registerSynthesizer({ ...factory, name: 'test-planting-default', defaultFilter: ['purity'] });
registerSynthesizer({ ...factory, name: 'test-planting-elsewhere', create: () => new PlantingSynthesizer(true) });
registerSynthesizer({ ...factory, name: 'test-planting-no-critic', scoresRows: false, create: () => Object.assign(new PlantingSynthesizer(), { score: undefined }) });

/** `no` rows around CENTRES[0] and `yes` rows around CENTRES[1], unit normal noise. */
function twoClusters(counts: { no: number; yes: number }, rng: Rng) {
  const labels = [...Array(counts.no).fill('no'), ...Array(counts.yes).fill('yes')] as string[];
  return tableFromArrays({
    x: Float64Array.from(labels, (l) => CENTRES[l === 'yes' ? 1 : 0][0] + rng.normal()),
    y: Float64Array.from(labels, (l) => CENTRES[l === 'yes' ? 1 : 0][1] + rng.normal()),
    label: labels,
  });
}

const input = twoClusters({ no: 200, yes: 50 }, new Rng(4));
const real = { x: input.getChild('x')!.toArray() as Float64Array, y: input.getChild('y')!.toArray() as Float64Array };

/** How many synthetic (minority) rows of each planted kind came out, by where they lie. */
function kinds(xs: ArrayLike<number>, ys: ArrayLike<number>): { otherRegion: number; nearCopy: number; outlier: number } {
  let otherRegion = 0;
  let nearCopy = 0;
  let outlier = 0;
  for (let i = 0; i < xs.length; i++) {
    const [x, y] = [xs[i]!, ys[i]!];
    if (x > 11) outlier++;
    else if (Math.hypot(x, y) < Math.hypot(x - 6, y - 6)) otherRegion++;
    else if (real.x.some((rx, r) => Math.abs(rx - x) < 1e-3 && Math.abs(real.y[r]! - y) < 1e-3)) nearCopy++;
  }
  return { otherRegion, nearCopy, outlier };
}

async function run(filter: string | undefined, model = 'test-planting') {
  const out = await augment({ input, label: 'label', model, seed: 1, quiet: true, ...(filter ? { filter } : {}) });
  const col = (name: string) => (out.table.getChild(name)!.toArray() as Float64Array).slice(input.numRows);
  return { rows: col('x').length, kinds: kinds(col('x'), col('y')), summary: out.summary };
}

describe('--filter: post-generation rules in the generate step', () => {
  it('without a filter every planted kind comes out', async () => {
    const plain = await run(undefined);
    expect(plain.rows).toBe(150);
    expect(plain.kinds.otherRegion).toBeGreaterThan(25);
    expect(plain.kinds.nearCopy).toBeGreaterThan(25);
    expect(plain.kinds.outlier).toBeGreaterThan(25);
    expect(plain.summary.filter).toBeUndefined();
  });

  it('each rule drops its own planted rows, and the summary counts them', async () => {
    const purity = await run('purity');
    expect(purity.rows).toBe(150);
    expect(purity.kinds.otherRegion).toBe(0);
    expect(purity.summary.filter!.dropped.purity).toBeGreaterThanOrEqual(100);
    const distance = await run('distance');
    expect(distance.kinds.nearCopy).toBe(0);
    expect(distance.kinds.outlier).toBeGreaterThan(0);
    expect(distance.summary.filter!.dropped.distance).toBeGreaterThanOrEqual(100);
    const critic = await run('critic');
    expect(critic.kinds.outlier).toBe(0);
    expect(critic.kinds.otherRegion).toBe(0);
    expect(critic.summary.filter!.dropped.critic).toBe(300);
    expect(critic.summary.warnings.join(' ')).toMatch(/--filter critic: of the 3x candidates drawn, dropped 300 rows the critic ranked below/);
  });

  it('rules combine: purity,distance drops both kinds, and the summary names both counts', async () => {
    const both = await run('purity,distance');
    expect(both.rows).toBe(150);
    expect(both.kinds.otherRegion).toBe(0);
    expect(both.kinds.nearCopy).toBe(0);
    expect(both.summary.filter!.rules).toEqual(['purity', 'distance']);
    expect(both.summary.filter!.dropped.distance).toBeGreaterThan(0);
    expect(both.summary.filter!.dropped.purity).toBeGreaterThan(0);
    expect(both.summary.options['filter']).toBe('purity,distance');
  });

  it('caps the output at the rows that pass when the rules keep dropping candidates, and says so', async () => {
    const capped = await run('purity', 'test-planting-elsewhere');
    // One clean candidate per draw, five draws: five rows instead of the 150 planned, none elsewhere.
    expect(capped.rows).toBe(5);
    expect(capped.kinds.otherRegion).toBe(0);
    expect(capped.summary.classes.find((c) => c.class === 'yes')).toMatchObject({ before: 50, added: 5, after: 55 });
    expect(capped.summary.filter!.short).toEqual({ yes: 145 });
    expect(capped.summary.warnings.join(' ')).toMatch(/Too few candidates passed for class 'yes' \(145 rows fewer than planned\): the output keeps only the rows that passed\./);
    // Without the filter the same synthesizer's rows all come out, planted ones included.
    const plain = await run(undefined, 'test-planting-elsewhere');
    expect(plain.rows).toBe(150);
    expect(plain.summary.filter).toBeUndefined();
  });

  it("a model's default rules run when --filter is absent, and 'none' turns them off (augment and evaluate)", async () => {
    const byDefault = await run(undefined, 'test-planting-default');
    expect(byDefault.kinds.otherRegion).toBe(0);
    expect(byDefault.summary.filter!.rules).toEqual(['purity']);
    expect(byDefault.summary.options['filter']).toBe("purity (test-planting-default's default)");
    const off = await run('none', 'test-planting-default');
    expect(off.kinds.otherRegion).toBeGreaterThan(25);
    expect(off.summary.filter).toBeUndefined();
    expect(off.summary.options['filter']).toBe('none');
    const named = await run('distance', 'test-planting-default');
    expect(named.summary.filter!.rules).toEqual(['distance']);
    expect(named.summary.options['filter']).toBe('distance');
    const { dataset, plan } = encodeTable(input, inferRoles(input, { label: 'label' }));
    const fold = await augmentFold(dataset, 'test-planting-default', { strategy: { kind: 'auto' }, minority: [], plan }, new Rng(1));
    expect(fold.filter!.rules).toEqual(['purity']);
    const foldOff = await augmentFold(dataset, 'test-planting-default', { strategy: { kind: 'auto' }, minority: [], plan, filter: [] }, new Rng(1));
    expect(foldOff.filter).toBeUndefined();
  });

  it("a model's default rules fit their budget on the shared sets' sizes, not on a 200,000-row training set", () => {
    expect(defaultFilterFits(4323, 1785)).toBe(true); // phoneme's training fold and the rows it adds
    expect(defaultFilterFits(200_000, 100_000)).toBe(false);
    expect(defaultFilterFits(250, 150, 250 * 250)).toBe(false); // the candidates' search counts too
  });

  it("a run past the budget skips the model's default rules with a warning, and an explicit --filter is not skipped", async () => {
    // 20,000 training rows adding 16,000: 20,000 x (20,000 + 3 x 16,000) = 1.4e9 pairs > 5e8.
    const big = { no: 18_000, yes: 2_000 };
    const bigInput = twoClusters(big, new Rng(9));
    expect(defaultFilterFits(bigInput.numRows, big.no - big.yes)).toBe(false);
    const out = await augment({ input: bigInput, label: 'label', model: 'test-planting-default', seed: 1, quiet: true });
    expect(out.table.numRows).toBe(2 * big.no);
    expect(out.summary.filter).toBeUndefined();
    const warning = out.summary.warnings.find((w) => w.startsWith("--filter: test-planting-default's default rules (purity) were skipped"));
    expect(warning).toContain('20000 training rows and 16000 rows to add');
    expect(warning).toContain('Pass --filter purity to run them anyway');
    // The same size with the rules named runs them (on a smaller addition, to keep the test quick).
    const named = await augment({ input: bigInput, label: 'label', model: 'test-planting-default', seed: 1, quiet: true, filter: 'purity', amount: 0.01 });
    expect(named.summary.filter!.rules).toEqual(['purity']);
    expect(named.summary.warnings.some((w) => w.includes('were skipped'))).toBe(false);
  }, 120_000);

  it('critic is refused before the fit for a synthesizer without a critic; unknown rules are usage errors', async () => {
    await expect(augment({ input, label: 'label', model: 'test-planting-no-critic', quiet: true, filter: 'critic' })).rejects.toThrow(/--filter critic: --model test-planting-no-critic has no critic/);
    await expect(augment({ input, label: 'label', model: 'test-planting', quiet: true, filter: 'purity,bogus' })).rejects.toThrow(/--filter must be 'none' or a comma-separated list of purity, distance, critic; got 'bogus'/);
  });

  it("is a method suffix in evaluate ('NAME+purity+distance'), on the training fold only, with its counts", async () => {
    const { dataset, plan } = encodeTable(input, inferRoles(input, { label: 'label' }));
    const fold = await augmentFold(dataset, 'test-planting+purity+distance', { strategy: { kind: 'auto' }, minority: [], plan }, new Rng(1));
    const [x, y] = fold.synthetic!.features.map((f) => (f.kind === 'numeric' ? f.values : new Float64Array(0))) as [Float64Array, Float64Array];
    expect(kinds(x, y)).toMatchObject({ otherRegion: 0, nearCopy: 0 });
    expect(fold.filter!.rules).toEqual(['purity', 'distance']);
    expect(fold.filter!.dropped.purity).toBeGreaterThan(0);
    await expect(augmentFold(dataset, 'test-planting+bogus', { strategy: { kind: 'auto' }, minority: [], plan }, new Rng(1))).rejects.toThrow(/'\+bogus' is not a filter rule/);
  });
});
