/**
 * The `ctgan` Synthesizer: fit on an encoded Dataset (conditioned on the class label), sample
 * exactly the requested rows per class, serialise to artifacts.
 */
import type { Dataset, Feature, FitOptions, FitReport, ModelArtifacts, Synthesizer } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';
import type { ProgressSink } from '../../src/progress.js';
import type { Rng } from '../../src/random.js';
import { modelFromArtifacts, modelToArtifacts } from './artifacts.js';
import { disposeAuxClassifier, fitAuxClassifier, type AuxClassifier } from './aux-classifier.js';
import { criticScores } from './critic-score.js';
import { disposeModel, generateRows, prepareTraining, type CtganModel } from './model.js';
import { defaultEpochs, parseParams, resolveBatchAndPac, type CtganParams } from './params.js';
import { CheckpointKeeper } from './resume.js';
import { CtganTrainer, DEFAULT_OPTIMIZER, runEpochs, type EpochEndReason } from './train.js';
import { transform } from './transformer.js';

export class CtganSynthesizer implements Synthesizer {
  readonly name = 'ctgan';
  private model: CtganModel | undefined;

  constructor(
    private readonly params: CtganParams,
    model?: CtganModel,
  ) {
    this.model = model;
  }

  /**
   * Train on `data`: only the rows of the classes other than the largest (trainOn 'minority', the
   * default), all rows (trainOn 'all'), or all rows and then, for the last `fineTuneShare` of the
   * epochs, only the classes to augment (trainOn 'pretrain'); always conditioned on the label.
   * With `auxWeight` > 0 a classifier fitted on all real rows adds its loss to the generator's.
   */
  async fit(data: Dataset, options: FitOptions, progress?: ProgressSink): Promise<FitReport> {
    checkData(data);
    const augmentRows = rowsToAugment(data);
    const small = smallClassSwitch(data, augmentRows, this.params);
    const p = small ? { ...this.params, trainOn: 'all' as const, classSampling: 'even' as const } : this.params;
    const train = p.trainOn === 'minority' ? selectRows(data, augmentRows) : data;
    const explicitBatch = options.batchSize ?? p.batchSize;
    // The stage checks --batch-size against --train-on when it is given; only the plugin knows its
    // default ('minority'), so the rows it really trains on are checked here.
    if (explicitBatch !== undefined && explicitBatch > train.rowCount) {
      throw new GanAugmentError('usage', `--batch-size ${explicitBatch} is larger than the ${train.rowCount} rows ctgan trains on (trainOn '${p.trainOn}').`, {
        hint: `Use --batch-size ${train.rowCount} or less, or leave it out: the default adapts to small classes.`,
      });
    }
    const { batch, pac } = resolveBatchAndPac(explicitBatch, p.pac, train.rowCount);
    // Not given: at least MIN_DEFAULT_STEPS optimizer steps (params.ts, docs/ctgan.md "Small classes").
    const epochs = options.epochs ?? p.epochs ?? defaultEpochs(train.rowCount, batch);
    if (!Number.isInteger(epochs) || epochs < 1) {
      throw new GanAugmentError('usage', `--epochs ${epochs}: must be a positive integer.`);
    }
    if (this.model) disposeModel(this.model);
    this.model = undefined;
    const prepared = prepareTraining(
      train,
      { embeddingDim: p.embeddingDim, generatorDims: p.generatorDims, criticDims: p.criticDims, pac },
      options.rng.fork('ctgan:prepare'),
      p.classSampling,
    );
    this.model = prepared.model;
    const aux = p.auxWeight > 0 ? auxClassifierFor(data, train, prepared.matrix, prepared.model, p, options.rng.fork('ctgan:aux')) : undefined;
    const trainer = new CtganTrainer(prepared.model.generator, prepared.model.critic, p.embeddingDim, prepared.conditioned, { ...DEFAULT_OPTIMIZER, lr: p.generatorLr, criticLr: p.criticLr }, aux);
    try {
      const stepsPerEpoch = Math.max(1, Math.floor(train.rowCount / batch));
      const checkpoints = options.checkpointDir === undefined ? undefined : new CheckpointKeeper(options.checkpointDir, train, p, { batch, pac, stepsPerEpoch }, options.rng.seed, prepared.model, trainer);
      const resumed = checkpoints?.resume(epochs);
      const dataDim = prepared.model.shape.dataDim;
      const trainRng = options.rng.fork('ctgan:train');
      // trainOn 'pretrain': epochs 1..pretrain on every class, the rest on the classes to augment.
      const fineTune = p.trainOn === 'pretrain' && augmentRows.length < data.rowCount ? Math.max(1, Math.round(p.fineTuneShare * epochs)) : 0;
      const pretrain = epochs - fineTune;
      const loop = {
        batch,
        signal: options.signal,
        progress: progress ? (e: Parameters<ProgressSink>[0]) => progress({ ...e, total: epochs }) : undefined,
        onEpochEnd: checkpoints ? (done: number, history: FitReport['history'], reason: EpochEndReason) => checkpoints.onEpochEnd(done, history, reason, p.checkpointEvery) : undefined,
      };
      const start = resumed?.epoch ?? 0;
      let report = await runEpochs(trainer, prepared.matrix, dataDim, prepared.sampler, trainRng, {
        ...loop,
        epochs: pretrain,
        stepsPerEpoch,
        startEpoch: Math.min(start, pretrain),
        history: resumed?.history ?? [],
      });
      if (fineTune > 0 && report.epochs >= pretrain && !options.signal?.aborted) {
        const phase = prepared.restrictTo(augmentRows);
        const second = await runEpochs(trainer, phase.matrix, dataDim, phase.sampler, trainRng, {
          ...loop,
          epochs,
          stepsPerEpoch: Math.max(1, Math.floor(augmentRows.length / batch)),
          startEpoch: Math.max(start, pretrain),
          history: report.history,
          tag: { fine_tune: 1 },
        });
        report = { ...second, seconds: report.seconds + second.seconds };
      }
      trainer.finish();
      const learned = prepared.model.conditions.classRows.flatMap((n, c) => (n > 0 ? [c] : []));
      return { ...report, ...(small ? { notes: [small] } : {}), ...(learned.length < data.classes.length ? { generates: learned } : {}) };
    } finally {
      trainer.dispose();
      if (aux) disposeAuxClassifier(aux);
    }
  }

  async sample(counts: ReadonlyMap<number, number>, rng: Rng, progress?: ProgressSink): Promise<Dataset> {
    const model = this.requireModel('sample');
    const requests = [...counts.entries()];
    for (const [k, n] of requests) {
      if (!Number.isInteger(k) || k < 0 || k >= model.classes.length) {
        throw new GanAugmentError('usage', `ctgan: cannot sample class index ${k}; the model knows ${model.classes.length} classes.`);
      }
      if (!Number.isInteger(n) || n < 0) throw new GanAugmentError('usage', `ctgan: row count for class '${model.classes[k]}' must be a non-negative integer, got ${n}.`);
      if (n > 0 && !(model.conditions.classRows[k]! > 0)) {
        const learned = model.classes.filter((_, c) => model.conditions.classRows[c]! > 0);
        throw new GanAugmentError('usage', `ctgan: class '${model.classes[k]}' was not among the classes the model trained on (${learned.map((c) => `'${c}'`).join(', ')}).`, {
          hint: 'Fit with --train-on all (API: trainOn: "all") to sample every class, or request only the classes it trained on.',
        });
      }
    }
    const total = requests.reduce((s, [, n]) => s + n, 0);
    const parts: Feature[][] = [];
    const labels = new Int32Array(total);
    let done = 0;
    for (const [k, n] of requests) {
      if (n === 0) continue;
      parts.push(generateRows(model, k, n, rng.fork(`ctgan:sample:${k}`)));
      labels.fill(k, done, done + n);
      done += n;
      progress?.({ phase: 'sample', done, total, unit: 'rows' });
    }
    return { features: concatFeatures(model, parts, total), labels, classes: [...model.classes], rowCount: total };
  }

  /** The critic's score of each row for its labelled class (critic-score.ts): `--filter critic` keeps the best. */
  async score(rows: Dataset, rng: Rng): Promise<Float64Array> {
    return criticScores(this.requireModel('score'), rows, rng);
  }

  async serialize(): Promise<ModelArtifacts> {
    return modelToArtifacts(this.requireModel('serialize'), this.params);
  }

  dispose(): void {
    if (this.model) disposeModel(this.model);
    this.model = undefined;
  }

  private requireModel(action: string): CtganModel {
    if (!this.model) throw new GanAugmentError('usage', `ctgan: call fit() before ${action}().`);
    return this.model;
  }
}

/** Rebuild a fitted synthesizer from `serialize()` output. */
export function deserializeCtgan(artifacts: ModelArtifacts): CtganSynthesizer {
  const { model, params } = modelFromArtifacts(artifacts);
  let parsed: CtganParams;
  try {
    parsed = parseParams(params);
  } catch (err) {
    disposeModel(model);
    throw new GanAugmentError('model', 'ctgan model: the saved parameters are corrupt.', { cause: err, hint: 'Re-train the model; saved models must not be edited.' });
  }
  return new CtganSynthesizer(parsed, model);
}

function checkData(data: Dataset): void {
  if (data.rowCount === 0) throw new GanAugmentError('data', 'ctgan: the training data has no rows.');
  for (const f of data.features) {
    if (f.kind === 'image') {
      throw new GanAugmentError('schema', `ctgan cannot model image column '${f.name}'.`, { hint: 'Use --model dcgan for image data.' });
    }
  }
  if (data.features.length === 0) throw new GanAugmentError('data', 'ctgan: the data has no feature columns to learn.');
}

/** Rows the auxiliary classifier is fitted on at most (a seeded sample above that keeps its fit to seconds). */
const AUX_MAX_ROWS = 20_000;

/**
 * The auxiliary classifier, fitted on every real row (all classes, even when the GAN trains on the
 * minority only) in the generator's output encoding; undefined when only one class is present.
 */
function auxClassifierFor(data: Dataset, train: Dataset, trainMatrix: Float32Array, model: CtganModel, p: CtganParams, rng: Rng): AuxClassifier | undefined {
  if (new Set(data.labels).size < 2) return undefined;
  const rows = data.rowCount > AUX_MAX_ROWS ? selectRows(data, Array.from(rng.fork('rows').permutation(data.rowCount).slice(0, AUX_MAX_ROWS)).sort((a, b) => a - b)) : data;
  const matrix = rows === train ? trainMatrix : transform(model.transformer, rows, rng);
  return fitAuxClassifier(matrix, rows.labels, model.shape.dataDim, data.classes.length, { weight: p.auxWeight, floor: p.auxFloor });
}

/**
 * smallClassRows: with trainOn 'minority', a class to augment with fewer training rows than that
 * is learned from every class with even class draws (a minority-only GAN cannot learn 8 rows); the
 * note says so in the run summary. Undefined: no switch.
 */
function smallClassSwitch(data: Dataset, augmentRows: readonly number[], p: CtganParams): string | undefined {
  if (p.trainOn !== 'minority' || p.smallClassRows === 0 || augmentRows.length === data.rowCount) return undefined;
  const counts = new Map<number, number>();
  for (const r of augmentRows) counts.set(data.labels[r]!, (counts.get(data.labels[r]!) ?? 0) + 1);
  const [c, n] = [...counts].sort((a, b) => a[1] - b[1] || a[0] - b[0])[0]!;
  if (n >= p.smallClassRows) return undefined;
  return `ctgan: class '${data.classes[c]}' has ${n} training rows (fewer than smallClassRows ${p.smallClassRows}), so the model trained on every class with even class draws (trainOn 'all', classSampling 'even') instead of the minority classes alone.`;
}

/** Indexes of the rows of every class except the most frequent one (all rows when only one class occurs). */
function rowsToAugment(data: Dataset): number[] {
  const counts = new Array<number>(data.classes.length).fill(0);
  for (const l of data.labels) counts[l]! += 1;
  const present = counts.filter((c) => c > 0).length;
  if (present < 2) return Array.from({ length: data.rowCount }, (_, r) => r);
  let majority = 0;
  counts.forEach((c, i) => {
    if (c > counts[majority]!) majority = i;
  });
  const keep: number[] = [];
  for (let r = 0; r < data.rowCount; r++) if (data.labels[r] !== majority) keep.push(r);
  return keep;
}

function selectRows(data: Dataset, rows: readonly number[]): Dataset {
  const features = data.features.map((f): Feature => {
    if (f.kind === 'numeric') return { ...f, values: Float64Array.from(rows, (r) => f.values[r]!) };
    if (f.kind === 'categorical') return { ...f, codes: Int32Array.from(rows, (r) => f.codes[r]!) };
    return f;
  });
  return { features, labels: Int32Array.from(rows, (r) => data.labels[r]!), classes: data.classes, rowCount: rows.length };
}

function concatFeatures(model: CtganModel, parts: Feature[][], total: number): Feature[] {
  return model.transformer.columns.map((c, ci): Feature => {
    if (c.kind === 'numeric') {
      const values = new Float64Array(total);
      let at = 0;
      for (const p of parts) {
        const f = p[ci]!;
        if (f.kind === 'numeric') {
          values.set(f.values, at);
          at += f.values.length;
        }
      }
      return { kind: 'numeric', name: c.name, values, integer: c.integer };
    }
    const codes = new Int32Array(total);
    let at = 0;
    for (const p of parts) {
      const f = p[ci]!;
      if (f.kind === 'categorical') {
        codes.set(f.codes, at);
        at += f.codes.length;
      }
    }
    return { kind: 'categorical', name: c.name, codes, levels: c.levels };
  });
}
