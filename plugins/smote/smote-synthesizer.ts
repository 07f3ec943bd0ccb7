/**
 * SMOTE / SMOTE-NC as a `Synthesizer`. Fitting stores the training rows; neighbours are found per
 * class the first time that class is sampled (only the classes actually oversampled pay for the
 * quadratic search, and the majority class never does), then cached.
 */
import type { Dataset, JsonValue } from '../../src/contracts.js';
import type { Rng } from '../../src/random.js';
import { ClassSampler, memo } from '../shared/class-sampler.js';
import { interpolateRows, withinClassSegments, type Segments } from './generate.js';

export class SmoteSynthesizer extends ClassSampler {
  private readonly prepared = new Map<number, Segments>();

  constructor(
    readonly params: { readonly k_neighbors: number },
    name = 'smote',
    config: Readonly<Record<string, JsonValue>> = params,
  ) {
    super(name, config);
  }

  protected checkClass(c: number): void {
    this.requireNeighbours(c, 'k_neighbors', this.params.k_neighbors);
  }

  protected sampleClass(c: number, n: number, rng: Rng): Dataset {
    return interpolateRows(this.fitted(), this.segments(c), n, c, rng);
  }

  protected forget(): void {
    this.prepared.clear();
  }

  private segments(c: number): Segments {
    return memo(this.prepared, c, () => withinClassSegments(this.fitted(), this.byClass[c]!, this.params.k_neighbors));
  }
}
