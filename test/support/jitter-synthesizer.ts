/**
 * A tiny test-only synthesizer: it resamples training rows of the requested class and jitters
 * numeric values and pixels (categorical values are copied from the resampled row; saving a model
 * with image features is not supported). With `copyRate` > 0 it
 * returns some training rows unchanged, so the stage's copy guard has something to drop.
 * Registered under 'test-jitter'; not shipped.
 */
import type { Dataset, Feature, FitReport, JsonValue, ModelArtifacts, Synthesizer, SynthesizerFactory } from '../../src/contracts.js';
import { rowsByClass } from '../../src/dataset.js';
import { GanAugmentError } from '../../src/errors.js';
import type { Rng } from '../../src/random.js';
import { registerSynthesizer } from '../../src/registry.js';

interface State {
  data: Dataset;
  copyRate: number;
}

class JitterSynthesizer implements Synthesizer {
  readonly name = 'test-jitter';
  fitCalls: Dataset[] = [];
  constructor(private state: Partial<State> & { copyRate: number }) {}

  async fit(data: Dataset): Promise<FitReport> {
    this.state.data = data;
    this.fitCalls.push(data);
    return { epochs: 1, seconds: 0, history: [{ loss: 0 }] };
  }

  async sample(counts: ReadonlyMap<number, number>, rng: Rng): Promise<Dataset> {
    const data = this.state.data;
    if (!data) throw new Error('not fitted');
    const byClass = rowsByClass(data);
    const picks: number[] = [];
    const labels: number[] = [];
    const exact: boolean[] = [];
    for (const [c, n] of [...counts].sort((a, b) => a[0] - b[0])) {
      const rows = byClass[c]!;
      for (let i = 0; i < n; i++) {
        picks.push(rows[rng.int(rows.length)]!);
        labels.push(c);
        exact.push(rng.next() < this.state.copyRate);
      }
    }
    const features = data.features.map((f): Feature => {
      if (f.kind === 'numeric') {
        const values = Float64Array.from(picks, (r, i) => {
          const v = f.values[r]!;
          return exact[i] || Number.isNaN(v) ? v : v + rng.normal() * (Math.abs(v) * 0.1 + 3);
        });
        return { ...f, values };
      }
      if (f.kind === 'categorical') return { ...f, codes: Int32Array.from(picks, (r) => f.codes[r]!) };
      const size = f.shape[0] * f.shape[1] * f.shape[2];
      const pixels = new Float32Array(picks.length * size);
      picks.forEach((r, i) => {
        for (let j = 0; j < size; j++) pixels[i * size + j] = f.pixels[r * size + j]! + (exact[i] ? 0 : rng.normal() * 0.2);
      });
      return { ...f, pixels };
    });
    return { features, labels: Int32Array.from(labels), classes: data.classes, rowCount: picks.length };
  }

  async serialize(): Promise<ModelArtifacts> {
    const data = this.state.data!;
    const features = data.features.map((f): JsonValue =>
      f.kind === 'numeric' ? { kind: 'numeric', name: f.name, integer: f.integer } : f.kind === 'categorical' ? { kind: 'categorical', name: f.name, levels: [...f.levels] } : null,
    );
    const arrays: Record<string, Float32Array> = { labels: Float32Array.from(data.labels) };
    data.features.forEach((f, i) => {
      arrays[`f${i}`] = f.kind === 'numeric' ? Float32Array.from(f.values) : f.kind === 'categorical' ? Float32Array.from(f.codes) : new Float32Array();
    });
    return { config: { copyRate: this.state.copyRate, classes: [...data.classes], rowCount: data.rowCount, features }, arrays };
  }

  dispose(): void {}
}

export const jitterFactory: SynthesizerFactory = {
  name: 'test-jitter',
  description: 'test only: resample rows with jitter',
  supports: ['numeric', 'categorical', 'image'],
  minRowsPerClass: () => 2,
  create(params) {
    const copyRate = params.copyRate ?? 0;
    if (typeof copyRate !== 'number' || copyRate < 0 || copyRate > 1) throw new GanAugmentError('usage', `--model-params copyRate must be in [0, 1], got ${String(copyRate)}.`);
    for (const key of Object.keys(params)) if (key !== 'copyRate' && key !== 'trainOn') throw new GanAugmentError('usage', `--model-params: unknown parameter '${key}'.`);
    return new JitterSynthesizer({ copyRate });
  },
  deserialize(artifacts) {
    const config = artifacts.config as { copyRate: number; classes: string[]; rowCount: number; features: { kind: string; name: string; integer?: boolean; levels?: string[] }[] };
    if (!config || !Array.isArray(config.features)) throw new Error('bad config');
    const features = config.features.map((f, i): Feature => {
      const a = artifacts.arrays[`f${i}`]!;
      return f.kind === 'numeric'
        ? { kind: 'numeric', name: f.name, integer: Boolean(f.integer), values: Float64Array.from(a) }
        : { kind: 'categorical', name: f.name, levels: f.levels!, codes: Int32Array.from(a) };
    });
    const data: Dataset = { features, labels: Int32Array.from(artifacts.arrays.labels!), classes: config.classes, rowCount: config.rowCount };
    return new JitterSynthesizer({ data, copyRate: config.copyRate });
  },
};

/** Register the test synthesizer (idempotent). */
export function registerJitter(): void {
  registerSynthesizer(jitterFactory);
}
