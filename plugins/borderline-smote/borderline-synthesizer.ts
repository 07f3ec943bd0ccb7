/**
 * Borderline-SMOTE as a `Synthesizer`: SMOTE restricted to the DANGER rows of each class.
 * Kind borderline-1 interpolates towards the base row's k nearest rows of its own class;
 * borderline-2 towards its k nearest training rows of any class, a segment towards another class
 * being shortened by a further uniform factor in [0, 0.5) (imbalanced-learn's current rule).
 */
import type { Dataset } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';
import type { Rng } from '../../src/random.js';
import { ClassSampler, memo } from '../shared/class-sampler.js';
import { allRowsMatrix } from '../smote/all-rows.js';
import { buildClassMatrix, type ClassMatrix } from '../smote/class-matrix.js';
import { interpolateRows, type Segments } from '../smote/generate.js';
import { nearestWithinClass } from '../smote/neighbours.js';
import { dangerRows } from './danger.js';

export interface BorderlineParams {
  readonly k_neighbors: number;
  readonly m_neighbors: number;
  readonly kind: 'borderline-1' | 'borderline-2';
}

export class BorderlineSmote extends ClassSampler {
  private all: ClassMatrix | undefined;
  private readonly danger = new Map<number, Int32Array>();
  private readonly prepared = new Map<number, Segments>();

  constructor(readonly params: BorderlineParams) {
    super('borderline-smote', { ...params });
  }

  protected checkClass(c: number): void {
    const { k_neighbors: k, m_neighbors: m, kind } = this.params;
    this.requireTotalRows('m_neighbors', m);
    if (kind === 'borderline-1') this.requireNeighbours(c, 'k_neighbors', k);
    else this.requireTotalRows('k_neighbors', k);
    if (this.dangerOf(c).length === 0) {
      throw new GanAugmentError(
        'data',
        `borderline-smote: no row of class '${this.fitted().classes[c]}' is in danger: among each row's m_neighbors=${m} nearest rows, other classes are either fewer than half or all of them.`,
        { hint: 'The class is not on a border with m_neighbors neighbours: try another --model-param m_neighbors, or --model smote. (imbalanced-learn adds no rows for such a class.)' },
      );
    }
  }

  protected sampleClass(c: number, n: number, rng: Rng): Dataset {
    return interpolateRows(this.fitted(), this.segments(c), n, c, rng);
  }

  protected forget(): void {
    this.all = undefined;
    this.danger.clear();
    this.prepared.clear();
  }

  /** DANGER rows of class c, as indices into the training data. */
  dangerOf(c: number): Int32Array {
    return memo(this.danger, c, () => dangerRows(this.allRows(), this.fitted().labels, this.byClass[c]!, this.params.m_neighbors));
  }

  private segments(c: number): Segments {
    return memo(this.prepared, c, () => {
      const k = this.params.k_neighbors;
      const danger = this.dangerOf(c);
      if (this.params.kind === 'borderline-1') {
        const rows = this.byClass[c]!;
        const matrix = buildClassMatrix(this.fitted(), rows);
        const position = new Map(Array.from(rows, (r, i) => [r, i] as [number, number]));
        const bases = Int32Array.from(danger, (r) => position.get(r)!);
        return { matrix, bases, neighbours: nearestWithinClass(matrix, k, bases), k };
      }
      const matrix = this.allRows();
      const otherClass = Uint8Array.from(this.fitted().labels, (l) => (l === c ? 0 : 1));
      return { matrix, bases: danger, neighbours: nearestWithinClass(matrix, k, danger), k, otherClass };
    });
  }

  private allRows(): ClassMatrix {
    this.all ??= allRowsMatrix(this.fitted());
    return this.all;
  }
}
