/**
 * Test-only synthesizers for the --privacy-distance tests, registered under 'test-memorise':
 * with `memorise` = 1 every row is a training row of the requested class plus tiny noise (1e-4 of
 * the column's spread: never an exact copy, so the copy guard misses it); with 0 every row is drawn
 * fresh from per-class normal distributions (a "genuinely new" generator); in between, a mix.
 */
import type { Dataset, Feature, FitReport, ModelArtifacts, Synthesizer, SynthesizerFactory } from '../../src/contracts.js';
import { rowsByClass } from '../../src/dataset.js';
import { GanAugmentError } from '../../src/errors.js';
import type { Rng } from '../../src/random.js';
import { registerSynthesizer } from '../../src/registry.js';

export const MEMORISE_MODEL = 'test-memorise';

class MemorisingSynthesizer implements Synthesizer {
  readonly name = MEMORISE_MODEL;
  private data: Dataset | undefined;
  constructor(private readonly memorise: number) {}

  async fit(data: Dataset): Promise<FitReport> {
    this.data = data;
    return { epochs: 1, seconds: 0, history: [] };
  }

  async sample(counts: ReadonlyMap<number, number>, rng: Rng): Promise<Dataset> {
    const data = this.data!;
    const byClass = rowsByClass(data);
    const picks: { row: number; copy: boolean; label: number }[] = [];
    for (const [c, n] of [...counts].sort((a, b) => a[0] - b[0])) {
      for (let i = 0; i < n; i++) picks.push({ row: byClass[c]![rng.int(byClass[c]!.length)]!, copy: rng.next() < this.memorise, label: c });
    }
    const features = data.features.map((f): Feature => {
      if (f.kind === 'numeric') {
        const stats = new Map<number, { mean: number; sd: number }>();
        for (const [c, rows] of byClass.entries()) {
          const v = Array.from(rows, (r) => f.values[r]!);
          const mean = v.reduce((s, x) => s + x, 0) / v.length;
          stats.set(c, { mean, sd: Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length) || 1 });
        }
        const values = Float64Array.from(picks, (p) => {
          const s = stats.get(p.label)!;
          return p.copy ? f.values[p.row]! + rng.normal() * 1e-4 * s.sd : s.mean + rng.normal() * s.sd;
        });
        return { ...f, values };
      }
      if (f.kind === 'categorical') {
        // Copies keep the row's level; fresh rows take the level of another random row of the class.
        return { ...f, codes: Int32Array.from(picks, (p) => f.codes[p.copy ? p.row : byClass[p.label]![rng.int(byClass[p.label]!.length)]!]!) };
      }
      throw new Error('images are not supported by the test synthesizer');
    });
    return { features, labels: Int32Array.from(picks, (p) => p.label), classes: data.classes, rowCount: picks.length };
  }

  async serialize(): Promise<ModelArtifacts> {
    return { config: { memorise: this.memorise }, arrays: {} };
  }

  dispose(): void {}
}

const memorisingFactory: SynthesizerFactory = {
  name: MEMORISE_MODEL,
  description: 'test only: training rows plus tiny noise (memorise=1) or fresh normal draws (memorise=0)',
  supports: ['numeric', 'categorical'],
  minRowsPerClass: () => 1,
  create(params) {
    const memorise = Number(params.memorise ?? 1);
    if (!(memorise >= 0 && memorise <= 1)) throw new GanAugmentError('usage', `memorise must be in [0, 1], got ${String(params.memorise)}.`);
    return new MemorisingSynthesizer(memorise);
  },
  deserialize() {
    throw new Error('not needed in tests');
  },
};

/** Register 'test-memorise' (idempotent). */
export function registerMemoriser(): void {
  registerSynthesizer(memorisingFactory);
}
