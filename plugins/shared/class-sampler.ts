/**
 * The frame every neighbour-based sampler (smote and its variants) shares: fitting stores the
 * training rows, `sample` checks every requested class up front and then asks the subclass for each
 * class's rows from a stream forked by class (so one class's rows do not depend on what else was
 * requested), and the saved model is the parameters plus the rows.
 */
import type { Dataset, FitOptions, FitReport, JsonValue, ModelArtifacts, Synthesizer } from '../../src/contracts.js';
import { rowsByClass, stackRows } from '../../src/dataset.js';
import { GanAugmentError } from '../../src/errors.js';
import type { ProgressSink } from '../../src/progress.js';
import type { Rng } from '../../src/random.js';
import { requestedCounts } from '../random/requested-counts.js';
import { datasetToArtifacts } from '../random/stored-rows.js';

export abstract class ClassSampler implements Synthesizer {
  private data: Dataset | undefined;
  /** Training row indices per class index. */
  protected byClass: Int32Array[] = [];

  constructor(
    readonly name: string,
    /** The parameters as the user spells them; saved with the model. */
    private readonly config: Readonly<Record<string, JsonValue>>,
  ) {}

  async fit(data: Dataset, _options: FitOptions, progress?: ProgressSink): Promise<FitReport> {
    const started = performance.now();
    this.load(data);
    progress?.({ phase: 'fit', done: 1, total: 1, unit: 'step', message: `stored ${data.rowCount} rows` });
    return { epochs: 0, seconds: (performance.now() - started) / 1000, history: [] };
  }

  /** Used by `deserialize` too (the caller must not mutate `data` afterwards). */
  load(data: Dataset): void {
    this.data = data;
    this.byClass = rowsByClass(data);
    this.forget();
  }

  async sample(counts: ReadonlyMap<number, number>, rng: Rng, progress?: ProgressSink): Promise<Dataset> {
    const data = this.fitted();
    const wanted = requestedCounts(counts, data, this.name);
    const total = wanted.reduce((s, [, n]) => s + n, 0);
    // Check every requested class before spending time on any of them.
    for (const [c] of wanted) this.checkClass(c);
    const parts: Dataset[] = [];
    let done = 0;
    for (const [c, n] of wanted) {
      parts.push(this.sampleClass(c, n, rng.fork(`class:${c}`)));
      done += n;
      progress?.({ phase: 'sample', done, total, unit: 'rows' });
    }
    return stackRows(parts, data);
  }

  async serialize(): Promise<ModelArtifacts> {
    return datasetToArtifacts(this.fitted(), { ...this.config });
  }

  dispose(): void {
    this.data = undefined;
    this.byClass = [];
    this.forget();
  }

  /** Throw a GanAugmentError('data') when class `c` cannot be sampled with these parameters. */
  protected abstract checkClass(c: number): void;

  /** `n` synthetic rows of class `c`, every random draw from `rng`. */
  protected abstract sampleClass(c: number, n: number, rng: Rng): Dataset;

  /** Drop whatever was cached for the previous training rows. */
  protected abstract forget(): void;

  protected fitted(): Dataset {
    if (!this.data) throw new Error(`${this.name}: sample/serialize called before fit`);
    return this.data;
  }

  /**
   * Refuse class `c` when it has fewer than `param + 1` rows (a row plus `param` neighbours of its
   * own class), naming the class, its size and the fix.
   */
  protected requireNeighbours(c: number, paramName: string, param: number): void {
    const size = this.byClass[c]!.length;
    if (size >= param + 1) return;
    const fix =
      size >= 2
        ? `Lower the neighbour count with --model-param ${paramName}=${size - 1}, or use --model random.`
        : `${this.name} needs at least 2 rows of a class to interpolate; use --model random, or add rows of that class.`;
    throw new GanAugmentError(
      'data',
      `${this.name}: class '${this.fitted().classes[c]}' has ${size} row${size === 1 ? '' : 's'}, but ${paramName}=${param} needs at least ${param + 1} rows per class.`,
      { hint: fix },
    );
  }

  /** Refuse training data of fewer than `param + 1` rows in all (a neighbour search over every class). */
  protected requireTotalRows(paramName: string, param: number): void {
    const n = this.fitted().rowCount;
    if (n >= param + 1) return;
    throw new GanAugmentError('data', `${this.name}: the training data has ${n} rows, but ${paramName}=${param} needs at least ${param + 1}.`, {
      hint: `Lower it with --model-param ${paramName}=${Math.max(1, n - 1)}.`,
    });
  }
}

/** The value cached under `key`, made and stored on first use (per-class neighbour searches). */
export function memo<K, V>(cache: Map<K, V>, key: K, make: () => V): V {
  let found = cache.get(key);
  if (found === undefined) {
    found = make();
    cache.set(key, found);
  }
  return found;
}
