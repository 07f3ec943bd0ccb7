/**
 * SMOTEN as a `Synthesizer` (all-categorical data): for a uniformly drawn row of the class, the
 * synthetic row takes, column by column, the most frequent value among that row and its k nearest
 * rows of the class under the value difference metric. Each row of the class therefore has one
 * synthetic counterpart, which may coincide with a training row (the stage's copy guard then
 * drops and redraws it).
 */
import type { Dataset } from '../../src/contracts.js';
import type { Rng } from '../../src/random.js';
import { ClassSampler, memo } from '../shared/class-sampler.js';
import { buildClassMatrix, type ClassMatrix } from '../smote/class-matrix.js';
import { assemble, neighbourModes } from '../smote/generate.js';
import { nearestWithinClass, type CategoricalCosts } from '../smote/neighbours.js';
import { valueDifferenceCosts } from './value-difference.js';

interface ClassModes {
  readonly matrix: ClassMatrix;
  /** n * c: the synthetic row each class row gives. */
  readonly modes: Int32Array;
}

export class Smoten extends ClassSampler {
  private costs: CategoricalCosts | undefined;
  private readonly prepared = new Map<number, ClassModes>();

  constructor(readonly params: { readonly k_neighbors: number }) {
    super('smoten', { ...params });
  }

  protected checkClass(c: number): void {
    this.requireNeighbours(c, 'k_neighbors', this.params.k_neighbors);
  }

  protected sampleClass(c: number, n: number, rng: Rng): Dataset {
    const { matrix, modes } = this.modesOf(c);
    const width = matrix.categoricalFeatures.length;
    const codesOut = matrix.categoricalFeatures.map(() => new Int32Array(n));
    for (let row = 0; row < n; row++) {
      const base = rng.int(matrix.n);
      for (let f = 0; f < width; f++) codesOut[f]![row] = modes[base * width + f]!;
    }
    return assemble(this.fitted(), matrix, [], codesOut, n, c);
  }

  protected forget(): void {
    this.costs = undefined;
    this.prepared.clear();
  }

  /** The class's rows and, per row, its synthetic counterpart (exposed for tests). */
  modesOf(c: number): ClassModes {
    return memo(this.prepared, c, () => {
      this.costs ??= valueDifferenceCosts(this.fitted());
      const k = this.params.k_neighbors;
      const matrix = buildClassMatrix(this.fitted(), this.byClass[c]!);
      const nn = nearestWithinClass(matrix, k, undefined, this.costs);
      // imbalanced-learn's neighbourhood includes the row itself: k + 1 rows vote.
      const withSelf = new Int32Array(matrix.n * (k + 1));
      for (let i = 0; i < matrix.n; i++) {
        withSelf[i * (k + 1)] = i;
        withSelf.set(nn.subarray(i * k, i * k + k), i * (k + 1) + 1);
      }
      return { matrix, modes: neighbourModes(matrix, withSelf, k + 1) };
    });
  }
}
