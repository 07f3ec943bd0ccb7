/**
 * A test-only synthesizer: records the `id` column of every row it is fitted on, and samples
 * jittered copies of training rows of the requested class with id -1 (so spies downstream can tell
 * synthetic rows from real ones).
 */
import type { Dataset, Synthesizer, SynthesizerFactory } from '../../src/contracts.js';
import { takeRows } from '../../src/dataset.js';
import type { Rng } from '../../src/random.js';

export const seenByFit: number[][] = [];

class SpySynthesizer implements Synthesizer {
  readonly name = 'spy';
  private data: Dataset | undefined;

  async fit(data: Dataset) {
    this.data = data;
    const id = data.features.find((f) => f.name === 'id');
    seenByFit.push(id && id.kind === 'numeric' ? [...id.values] : []);
    return { epochs: 3, seconds: 0, history: [{ loss: 3 }, { loss: 2 }, { loss: 1.5 }] };
  }

  async sample(counts: ReadonlyMap<number, number>, rng: Rng): Promise<Dataset> {
    const data = this.data!;
    const picks: number[] = [];
    for (const [c, n] of counts) {
      const rows = [...data.labels.keys()].filter((i) => data.labels[i] === c);
      for (let k = 0; k < n; k++) picks.push(rows[rng.int(rows.length)]!);
    }
    const copy = takeRows(data, picks);
    const features = copy.features.map((f) => {
      if (f.kind !== 'numeric') return f;
      if (f.name === 'id') return { ...f, values: new Float64Array(copy.rowCount).fill(-1) };
      return { ...f, values: f.values.map((v) => v + 0.01 * rng.normal()) };
    });
    return { ...copy, features };
  }

  async serialize() {
    return { config: null, arrays: {} };
  }

  dispose(): void {}
}

export const spyFactory: SynthesizerFactory = {
  name: 'spy',
  description: 'test spy',
  supports: ['numeric', 'categorical'],
  minRowsPerClass: () => 1,
  create: () => new SpySynthesizer(),
  deserialize: () => new SpySynthesizer(),
};
