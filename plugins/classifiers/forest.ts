/**
 * Random forest: bootstrap-sampled, fully grown weighted CART trees (sqrt(features) tried per node),
 * probabilities averaged over trees, as scikit-learn's RandomForestClassifier defaults.
 *
 * Written here rather than taken from `ml-random-forest`: that package has no sample weights (needed
 * for the 'balanced' baseline) and its seeding covers only the bootstrap; this one takes every draw
 * from the evaluator's Rng and honours weights as sklearn does (bootstrap count x sample weight).
 */
import type { Classifier, ClassifierFactory, ClassifierFitOptions, Matrix, ParamDeclarations } from '../../src/contracts.js';
import { parseDeclaredParams } from '../../src/plugin-params.js';
import { DecisionTree } from './cart.js';

export interface ForestParams {
  readonly trees: number;
  /** Features tried per node; default floor(sqrt(cols)). */
  readonly maxFeatures?: number;
  readonly maxDepth: number;
  readonly bootstrap: boolean;
}

const DEFAULTS: ForestParams = { trees: 100, maxDepth: Infinity, bootstrap: true };

const PARAMS = {
  trees: { type: 'integer', name: 'n_estimators', default: DEFAULTS.trees, min: 1, help: 'trees in the forest' },
  maxDepth: { type: 'number', name: 'max_depth', min: 1, auto: 'unlimited (fully grown)', help: 'depth of each tree at most' },
  maxFeatures: { type: 'integer', name: 'max_features', min: 1, auto: 'floor(sqrt(features))', help: 'features tried at each split' },
} as const satisfies ParamDeclarations;

class RandomForest implements Classifier {
  readonly name = 'forest';
  private trees: DecisionTree[] = [];
  private classCount = 0;

  constructor(private readonly params: ForestParams = DEFAULTS) {}

  async fit(x: Matrix, y: Int32Array, options: ClassifierFitOptions): Promise<void> {
    this.classCount = options.classCount;
    const n = x.rows;
    const maxFeatures = this.params.maxFeatures ?? Math.max(1, Math.floor(Math.sqrt(x.cols)));
    this.trees = [];
    for (let t = 0; t < this.params.trees; t++) {
      const rng = options.rng.fork(`tree:${t}`);
      const weight = new Float64Array(n);
      if (this.params.bootstrap) for (let i = 0; i < n; i++) weight[rng.int(n)]! += 1;
      else weight.fill(1);
      if (options.sampleWeight) for (let i = 0; i < n; i++) weight[i]! *= options.sampleWeight[i]!;
      this.trees.push(
        DecisionTree.grow(
          { x: x.data, cols: x.cols, y, weight, classCount: options.classCount },
          { maxFeatures, maxDepth: this.params.maxDepth, minSamplesSplit: 2 },
          rng.fork('splits'),
        ),
      );
      // Let other async work (progress output) run between trees.
      if (t % 10 === 9) await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  async predictProba(x: Matrix): Promise<Float32Array> {
    if (this.trees.length === 0) throw new Error('forest: predictProba before fit');
    const k = this.classCount;
    const sums = new Float64Array(x.rows * k);
    for (const tree of this.trees) for (let r = 0; r < x.rows; r++) tree.accumulate(x.data, x.cols, r, sums, r * k);
    const out = new Float32Array(sums.length);
    for (let i = 0; i < sums.length; i++) out[i] = sums[i]! / this.trees.length;
    return out;
  }

  dispose(): void {
    this.trees = [];
  }
}

export const forestFactory: ClassifierFactory = {
  name: 'forest',
  description: 'Random forest of 100 fully grown Gini trees, sqrt(features) per split; honours sample weights.',
  input: 'tabular',
  params: PARAMS,
  create(params) {
    const { trees, maxDepth, maxFeatures } = parseDeclaredParams('forest', PARAMS, params);
    return new RandomForest({ trees, maxDepth: maxDepth ?? DEFAULTS.maxDepth, bootstrap: true, ...(maxFeatures !== undefined ? { maxFeatures } : {}) });
  },
};
