/**
 * Random oversampling (imbalanced-learn's RandomOverSampler): synthetic rows of a class are
 * training rows of that class drawn uniformly with replacement. It memorises by design, which
 * makes it the honest baseline every generative model has to beat.
 */
import type { Dataset, FitOptions, FitReport, ModelArtifacts, Synthesizer } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';
import type { ProgressSink } from '../../src/progress.js';
import type { Rng } from '../../src/random.js';
import { rowsByClass, stackRows, takeRows } from '../../src/dataset.js';
import { requestedCounts } from './requested-counts.js';
import { datasetToArtifacts } from './stored-rows.js';

export class RandomOversampler implements Synthesizer {
  readonly name = 'random';
  private data: Dataset | undefined;
  private byClass: Int32Array[] = [];

  /** Fitting only stores the rows (the caller must not mutate `data` afterwards). */
  async fit(data: Dataset, _options: FitOptions, progress?: ProgressSink): Promise<FitReport> {
    this.load(data);
    progress?.({ phase: 'fit', done: 1, total: 1, unit: 'step', message: `stored ${data.rowCount} rows` });
    return { epochs: 0, seconds: 0, history: [] };
  }

  /** Used by `deserialize` too. */
  load(data: Dataset): void {
    this.data = data;
    this.byClass = rowsByClass(data);
  }

  async sample(counts: ReadonlyMap<number, number>, rng: Rng, progress?: ProgressSink): Promise<Dataset> {
    const data = this.fitted();
    const parts: Dataset[] = [];
    let done = 0;
    const wanted = requestedCounts(counts, data, this.name);
    const total = wanted.reduce((s, [, n]) => s + n, 0);
    for (const [c, n] of wanted) {
      const pool = this.byClass[c]!;
      if (pool.length === 0) {
        throw new GanAugmentError('data', `random: class '${data.classes[c]}' has no training rows to resample.`, {
          hint: 'Remove that class from the sampling strategy or add rows of it to the input.',
        });
      }
      // One named stream per class: a class's rows do not depend on what other classes asked for.
      const classRng = rng.fork(`class:${c}`);
      const picks = new Int32Array(n);
      for (let i = 0; i < n; i++) picks[i] = pool[classRng.int(pool.length)]!;
      parts.push(takeRows(data, picks));
      done += n;
      progress?.({ phase: 'sample', done, total, unit: 'rows' });
    }
    return stackRows(parts, data);
  }

  async serialize(): Promise<ModelArtifacts> {
    return datasetToArtifacts(this.fitted());
  }

  dispose(): void {
    this.data = undefined;
    this.byClass = [];
  }

  private fitted(): Dataset {
    if (!this.data) throw new Error('random: sample/serialize called before fit');
    return this.data;
  }
}
