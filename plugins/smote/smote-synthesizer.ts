/**
 * SMOTE / SMOTE-NC as a `Synthesizer`. Fitting stores the training rows; neighbours are found per
 * class the first time that class is sampled (only the classes actually oversampled pay for the
 * quadratic search, and the majority class never does), then cached.
 */
import type { Dataset, FitOptions, FitReport, ModelArtifacts, Synthesizer } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';
import type { ProgressSink } from '../../src/progress.js';
import type { Rng } from '../../src/random.js';
import { rowsByClass, stackRows } from '../../src/dataset.js';
import { requestedCounts } from '../random/requested-counts.js';
import { datasetToArtifacts } from '../random/stored-rows.js';
import { buildClassMatrix, type ClassMatrix } from './class-matrix.js';
import { generateClassRows } from './generate.js';
import { nearestWithinClass } from './neighbours.js';
import type { SmoteParams } from './params.js';

interface PreparedClass {
  readonly matrix: ClassMatrix;
  readonly neighbours: Int32Array;
}

export class SmoteSynthesizer implements Synthesizer {
  readonly name = 'smote';
  private data: Dataset | undefined;
  private byClass: Int32Array[] = [];
  private readonly prepared = new Map<number, PreparedClass>();

  constructor(readonly params: SmoteParams) {}

  async fit(data: Dataset, _options: FitOptions, progress?: ProgressSink): Promise<FitReport> {
    const started = performance.now();
    this.load(data);
    progress?.({ phase: 'fit', done: 1, total: 1, unit: 'step', message: `stored ${data.rowCount} rows` });
    return { epochs: 0, seconds: (performance.now() - started) / 1000, history: [] };
  }

  /** Used by `deserialize` too. */
  load(data: Dataset): void {
    const image = data.features.find((f) => f.kind === 'image');
    if (image) {
      throw new GanAugmentError('data', `smote: column '${image.name}' is an image; SMOTE here handles numeric and categorical columns.`, {
        hint: 'Use --model random or a GAN model for image data.',
      });
    }
    this.data = data;
    this.byClass = rowsByClass(data);
    this.prepared.clear();
  }

  async sample(counts: ReadonlyMap<number, number>, rng: Rng, progress?: ProgressSink): Promise<Dataset> {
    const data = this.fitted();
    const k = this.params.kNeighbors;
    const wanted = requestedCounts(counts, data, this.name);
    const total = wanted.reduce((s, [, n]) => s + n, 0);
    // Check every requested class before spending time on any of them.
    for (const [c] of wanted) this.checkClassSize(c);
    const parts: Dataset[] = [];
    let done = 0;
    for (const [c, n] of wanted) {
      const { matrix, neighbours } = this.prepare(c);
      parts.push(generateClassRows(data, matrix, neighbours, k, n, c, rng.fork(`class:${c}`)));
      done += n;
      progress?.({ phase: 'sample', done, total, unit: 'rows' });
    }
    return stackRows(parts, data);
  }

  async serialize(): Promise<ModelArtifacts> {
    return datasetToArtifacts(this.fitted(), { k_neighbors: this.params.kNeighbors });
  }

  dispose(): void {
    this.data = undefined;
    this.byClass = [];
    this.prepared.clear();
  }

  private checkClassSize(c: number): void {
    const data = this.fitted();
    const size = this.byClass[c]!.length;
    const k = this.params.kNeighbors;
    if (size >= k + 1) return;
    const fix =
      size >= 2
        ? `Lower the neighbour count with --model-param k_neighbors=${size - 1}, or use --model random.`
        : 'SMOTE needs at least 2 rows of a class to interpolate; use --model random, or add rows of that class.';
    throw new GanAugmentError(
      'data',
      `smote: class '${data.classes[c]}' has ${size} row${size === 1 ? '' : 's'}, but k_neighbors=${k} needs at least ${k + 1} rows per class.`,
      { hint: fix },
    );
  }

  private prepare(c: number): PreparedClass {
    let found = this.prepared.get(c);
    if (!found) {
      const matrix = buildClassMatrix(this.fitted(), this.byClass[c]!);
      found = { matrix, neighbours: nearestWithinClass(matrix, this.params.kNeighbors) };
      this.prepared.set(c, found);
    }
    return found;
  }

  private fitted(): Dataset {
    if (!this.data) throw new Error('smote: sample/serialize called before fit');
    return this.data;
  }
}
