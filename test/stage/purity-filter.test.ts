/**
 * --filter purity in the generate step: a synthesizer that plants half its minority rows in the
 * majority's region gets them dropped (and replaced by rows from the minority's own region).
 */
import { describe, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import type { Dataset, Synthesizer, SynthesizerFactory } from '../../src/contracts.js';
import { augment } from '../../src/index.js';
import { registerSynthesizer } from '../../src/registry.js';
import { augmentFold } from '../../src/evaluate/augment-fold.js';
import { Rng } from '../../src/random.js';

/** Rows of class c: half near the class's own rows, half near the other class's (labelled c all the same). */
class PlantingSynthesizer implements Synthesizer {
  readonly name = 'test-planting';
  private data: Dataset | undefined;
  async fit(data: Dataset) {
    this.data = data;
    return { epochs: 1, seconds: 0, history: [] };
  }
  async sample(counts: ReadonlyMap<number, number>, rng: Rng): Promise<Dataset> {
    const data = this.data!;
    const x = data.features[0]!;
    if (x.kind !== 'numeric') throw new Error('numeric x expected');
    const values: number[] = [];
    const labels: number[] = [];
    for (const [c, n] of counts) {
      for (let i = 0; i < n; i++) {
        const from = i % 2 === 0 ? c : 1 - c;
        const rows = [...data.labels.keys()].filter((r) => data.labels[r] === from);
        values.push(x.values[rows[rng.int(rows.length)]!]! + rng.normal() * 0.01);
        labels.push(c);
      }
    }
    return { features: [{ ...x, values: Float64Array.from(values) }], labels: Int32Array.from(labels), classes: data.classes, rowCount: labels.length };
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
  minRowsPerClass: () => 1,
  create: () => new PlantingSynthesizer(),
  deserialize: () => new PlantingSynthesizer(),
};
registerSynthesizer(factory);

// Majority around 0, minority around 10: a row near 0 labelled 'yes' is in the majority's region.
const n = { no: 80, yes: 20 };
const input = tableFromArrays({
  x: Float64Array.from([...Array(n.no)].map((_, i) => i / 100).concat([...Array(n.yes)].map((_, i) => 10 + i / 100))),
  y: [...Array(n.no).fill('no'), ...Array(n.yes).fill('yes')],
});
const inMajorityRegion = (values: readonly number[]): number => values.filter((v) => v < 5).length;

describe('--filter purity', () => {
  it('drops planted rows in the majority region and says how many', async () => {
    const plain = await augment({ input, label: 'y', model: 'test-planting', seed: 1, quiet: true });
    const filtered = await augment({ input, label: 'y', model: 'test-planting', seed: 1, quiet: true, filter: 'purity' });
    const synthetic = (t: typeof plain.table): number[] => t.getChild('x')!.toArray().slice(input.numRows) as unknown as number[];
    expect(synthetic(plain.table)).toHaveLength(60);
    expect(synthetic(filtered.table)).toHaveLength(60);
    expect(inMajorityRegion(synthetic(plain.table))).toBeGreaterThan(20);
    expect(inMajorityRegion(synthetic(filtered.table))).toBe(0);
    expect(filtered.summary.purity!.dropped).toBeGreaterThan(0);
    expect(filtered.summary.warnings.join(' ')).toMatch(/--filter purity: dropped \d+ candidate rows/);
    expect(plain.summary.purity).toBeUndefined();
  });

  it("is a method suffix in evaluate ('NAME+purity'), on the training fold only", async () => {
    const { encodeTable } = await import('../../src/schema/encode.js');
    const { inferRoles } = await import('../../src/schema/infer.js');
    const { dataset, plan } = encodeTable(input, inferRoles(input, { label: 'y' }));
    const fold = await augmentFold(dataset, 'test-planting+purity', { strategy: { kind: 'auto' }, minority: [], plan }, new Rng(1));
    const x = fold.synthetic!.features[0]!;
    expect(x.kind === 'numeric' && inMajorityRegion([...x.values])).toBe(0);
    await expect(augmentFold(dataset, 'test-planting+bogus', { strategy: { kind: 'auto' }, minority: [], plan }, new Rng(1))).rejects.toThrow(/only filter a method name may add is '\+purity'/);
  });
});
