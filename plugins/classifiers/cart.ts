/**
 * One weighted CART classification tree (Gini impurity, axis-aligned splits at midpoints between
 * distinct values, a random subset of features tried per node): the building block of `forest`.
 * Grown to purity (min one row per leaf), as scikit-learn's RandomForestClassifier does by default.
 */
import type { Rng } from '../../src/random.js';

export interface TreeData {
  /** Row-major rows x cols. */
  readonly x: Float32Array;
  readonly cols: number;
  readonly y: Int32Array;
  /** Per-row weight (bootstrap count x sample weight); rows with weight 0 are not used. */
  readonly weight: Float64Array;
  readonly classCount: number;
}

export interface TreeOptions {
  /** Features tried per node (at least; more when the first ones cannot split). */
  readonly maxFeatures: number;
  readonly maxDepth: number;
  readonly minSamplesSplit: number;
}

/** A fitted tree in flat arrays; leaves have feature -1 and a class distribution. */
export class DecisionTree {
  private readonly feature: number[] = [];
  private readonly threshold: number[] = [];
  private readonly left: number[] = [];
  private readonly right: number[] = [];
  private readonly distribution: (Float64Array | undefined)[] = [];

  constructor(private readonly classCount: number) {}

  /** Grow the tree on `data`; the only randomness is the feature order per node, from `rng`. */
  static grow(data: TreeData, options: TreeOptions, rng: Rng): DecisionTree {
    const tree = new DecisionTree(data.classCount);
    const rows: number[] = [];
    for (let i = 0; i < data.y.length; i++) if (data.weight[i]! > 0) rows.push(i);
    const stack: { rows: Int32Array; depth: number; node: number }[] = [];
    stack.push({ rows: Int32Array.from(rows), depth: 0, node: tree.addNode() });
    const features = Array.from({ length: data.cols }, (_, i) => i);
    while (stack.length > 0) {
      const { rows: nodeRows, depth, node } = stack.pop()!;
      const dist = classWeights(data, nodeRows);
      const pure = dist.filter((v) => v > 0).length <= 1;
      const split = pure || depth >= options.maxDepth || nodeRows.length < options.minSamplesSplit ? undefined : bestSplit(data, nodeRows, dist, features, options.maxFeatures, rng);
      if (!split) {
        const total = dist.reduce((a, b) => a + b, 0);
        tree.distribution[node] = dist.map((v) => v / total);
        continue;
      }
      const leftRows: number[] = [];
      const rightRows: number[] = [];
      for (const r of nodeRows) (data.x[r * data.cols + split.feature]! <= split.threshold ? leftRows : rightRows).push(r);
      const l = tree.addNode();
      const rt = tree.addNode();
      tree.feature[node] = split.feature;
      tree.threshold[node] = split.threshold;
      tree.left[node] = l;
      tree.right[node] = rt;
      stack.push({ rows: Int32Array.from(rightRows), depth: depth + 1, node: rt });
      stack.push({ rows: Int32Array.from(leftRows), depth: depth + 1, node: l });
    }
    return tree;
  }

  /** Add this tree's class distribution for row `r` of `x` into `out` at `offset`. */
  accumulate(x: Float32Array, cols: number, r: number, out: Float64Array, offset: number): void {
    let node = 0;
    while (this.feature[node]! >= 0) {
      node = x[r * cols + this.feature[node]!]! <= this.threshold[node]! ? this.left[node]! : this.right[node]!;
    }
    const dist = this.distribution[node]!;
    for (let c = 0; c < this.classCount; c++) out[offset + c]! += dist[c]!;
  }

  get nodeCount(): number {
    return this.feature.length;
  }

  private addNode(): number {
    this.feature.push(-1);
    this.threshold.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.distribution.push(undefined);
    return this.feature.length - 1;
  }
}

function classWeights(data: TreeData, rows: Int32Array): Float64Array {
  const dist = new Float64Array(data.classCount);
  for (const r of rows) dist[data.y[r]!]! += data.weight[r]!;
  return dist;
}

interface Split {
  feature: number;
  threshold: number;
}

/**
 * The split maximising the weighted Gini gain over a random subset of features: features are tried in
 * a random order until `maxFeatures` non-constant ones were scanned and a valid split was found.
 */
function bestSplit(data: TreeData, rows: Int32Array, parent: Float64Array, features: number[], maxFeatures: number, rng: Rng): Split | undefined {
  const k = data.classCount;
  const n = rows.length;
  const total = parent.reduce((a, b) => a + b, 0);
  let parentScore = 0;
  for (let c = 0; c < k; c++) parentScore += (parent[c]! * parent[c]!) / total;
  let best: Split | undefined;
  let bestScore = parentScore + 1e-12 * total;
  const order = features.slice();
  const values = new Float64Array(n);
  const sorted = new Int32Array(n);
  const leftW = new Float64Array(k);
  let scanned = 0;
  for (let i = 0; i < order.length; i++) {
    if (scanned >= maxFeatures && best) break;
    const j = i + rng.int(order.length - i);
    const f = order[j]!;
    order[j] = order[i]!;
    order[i] = f;
    let min = Infinity;
    let max = -Infinity;
    for (let t = 0; t < n; t++) {
      const v = data.x[rows[t]! * data.cols + f]!;
      values[t] = v;
      sorted[t] = t;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (!(max > min)) continue; // constant here: does not count towards maxFeatures
    scanned++;
    sorted.sort((a, b) => values[a]! - values[b]!);
    leftW.fill(0);
    let wl = 0;
    for (let t = 0; t < n - 1; t++) {
      const row = rows[sorted[t]!]!;
      const w = data.weight[row]!;
      leftW[data.y[row]!]! += w;
      wl += w;
      const v = values[sorted[t]!]!;
      const vNext = values[sorted[t + 1]!]!;
      if (vNext <= v) continue;
      const wr = total - wl;
      if (wl <= 0 || wr <= 0) continue;
      let sl = 0;
      let sr = 0;
      for (let c = 0; c < k; c++) {
        const l = leftW[c]!;
        const r = parent[c]! - l;
        sl += l * l;
        sr += r * r;
      }
      const score = sl / wl + sr / wr;
      if (score > bestScore) {
        bestScore = score;
        let threshold = (v + vNext) / 2;
        if (!(threshold < vNext) || threshold === Infinity) threshold = v; // float midpoint rounding
        best = { feature: f, threshold };
      }
    }
  }
  return best;
}
