/**
 * ADASYN as a `Synthesizer`: SMOTE's interpolation within the class, with each row seeding a
 * number of synthetic rows proportional to how many of its n nearest training rows belong to other
 * classes (one class against the rest, as imbalanced-learn does for several classes).
 */
import type { Dataset } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';
import type { Rng } from '../../src/random.js';
import { ClassSampler, memo } from '../shared/class-sampler.js';
import { allRowsMatrix, otherClassCounts } from '../smote/all-rows.js';
import type { ClassMatrix } from '../smote/class-matrix.js';
import { interpolateRows, withinClassSegments, type Segments } from '../smote/generate.js';
import { rowsPerBase } from './row-counts.js';

export class Adasyn extends ClassSampler {
  private all: ClassMatrix | undefined;
  private readonly other = new Map<number, Int32Array>();
  private readonly prepared = new Map<number, Segments>();

  constructor(readonly params: { readonly n_neighbors: number }) {
    super('adasyn', { ...params });
  }

  protected checkClass(c: number): void {
    const n = this.params.n_neighbors;
    this.requireNeighbours(c, 'n_neighbors', n);
    this.requireTotalRows('n_neighbors', n);
    if (this.otherNeighbours(c).every((o) => o === 0)) {
      throw new GanAugmentError(
        'data',
        `adasyn: no row of class '${this.fitted().classes[c]}' has a row of another class among its n_neighbors=${n} nearest rows, so ADASYN has no weights to go by.`,
        { hint: 'Use --model smote, or a larger --model-param n_neighbors.' },
      );
    }
  }

  protected sampleClass(c: number, n: number, rng: Rng): Dataset {
    return interpolateRows(this.fitted(), this.segments(c), n, c, rng, rowsPerBase(this.otherNeighbours(c), n));
  }

  protected forget(): void {
    this.all = undefined;
    this.other.clear();
    this.prepared.clear();
  }

  /** Per row of class c (in class order), how many of its n nearest training rows are of other classes. */
  otherNeighbours(c: number): Int32Array {
    return memo(this.other, c, () => {
      this.all ??= allRowsMatrix(this.fitted());
      return otherClassCounts(this.all, this.fitted().labels, this.byClass[c]!, this.params.n_neighbors);
    });
  }

  private segments(c: number): Segments {
    return memo(this.prepared, c, () => withinClassSegments(this.fitted(), this.byClass[c]!, this.params.n_neighbors));
  }
}
