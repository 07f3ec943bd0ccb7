/**
 * The `ctgan` Synthesizer: fit on an encoded Dataset (conditioned on the class label), sample
 * exactly the requested rows per class, serialise to artifacts.
 */
import type { Dataset, Feature, FitOptions, FitReport, ModelArtifacts, Synthesizer } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';
import type { ProgressEvent, ProgressSink } from '../../src/progress.js';
import type { Rng } from '../../src/random.js';
import { modelFromArtifacts, modelToArtifacts } from './artifacts.js';
import { disposeAuxClassifier, fitAuxClassifier, type AuxClassifier } from './aux-classifier.js';
import { criticScores } from './critic-score.js';
import { interleaveMembers, joinMembers, memberShare, splitMembers } from './ensemble.js';
import { disposeModel, generateRows, prepareTraining, type CtganModel } from './model.js';
import { defaultEpochs, parseParams, resolveBatchAndPac, type CtganParams } from './params.js';
import { CheckpointKeeper } from './resume.js';
import { chooseEpochShare, shareOfEpochs, snapshotNote, SNAPSHOT_SHARES, type EpochShareChoice, type SnapshotFit } from './snapshot.js';
import { CtganTrainer, DEFAULT_OPTIMIZER, restoreGenerator, runEpochs, type EpochEndReason, type GeneratorSnapshot } from './train.js';
import { transform } from './transformer.js';

export class CtganSynthesizer implements Synthesizer {
  readonly name = 'ctgan';
  /** One model, or the members of `ensemble` (the first fitted with the run's own seed). */
  private models: CtganModel[];

  constructor(
    private readonly params: CtganParams,
    models: CtganModel[] = [],
  ) {
    this.models = models;
  }

  /**
   * Train on `data`: only the rows of the classes other than the largest (trainOn 'minority', the
   * default), all rows (trainOn 'all'), or all rows and then, for the last `fineTuneShare` of the
   * epochs, only the classes to augment (trainOn 'pretrain'); always conditioned on the label.
   * With `auxWeight` > 0 a classifier fitted on all real rows adds its loss to the generator's.
   * `snapshot: 'auto'` first chooses how many of the epochs to train (snapshot.ts); `ensemble: N`
   * fits N models, the first with the run's seed, member m with the fork 'ctgan:member:m'.
   */
  async fit(data: Dataset, options: FitOptions, progress?: ProgressSink): Promise<FitReport> {
    checkData(data);
    this.dispose();
    const p = this.params;
    const choice = p.snapshot === 'auto' ? await chooseEpochs(data, p, options) : undefined;
    const epochShare = choice === undefined || typeof choice === 'string' ? undefined : choice.share;
    const reports: FitReport[] = [];
    let fullEpochs = 0;
    for (let m = 0; m < p.ensemble && (m === 0 || !options.signal?.aborted); m++) {
      const rng = m === 0 ? options.rng : options.rng.fork(`ctgan:member:${m}`);
      // Progress counts the epochs of all members.
      const memberProgress = progress && p.ensemble > 1 ? (e: ProgressEvent) => progress({ ...e, done: e.done + m * (e.total ?? 0), total: (e.total ?? 0) * p.ensemble }) : progress;
      const fitted = await fitOne(data, { ...options, rng }, p, { epochShare }, memberProgress);
      this.models.push(fitted.model);
      reports.push(fitted.report);
      fullEpochs = fitted.fullEpochs;
    }
    const first = reports[0]!;
    const notes = [...(first.notes ?? []), ...(choice === undefined ? [] : [snapshotNote(choice, fullEpochs)])];
    if (p.ensemble > 1) notes.push(`ctgan ensemble: ${reports.length} fits with forked seeds, rows pooled in equal shares; the history is the first fit's.`);
    const seconds = reports.reduce((t, r) => t + r.seconds, 0);
    return { ...first, seconds, ...(notes.length > 0 ? { notes } : {}) };
  }

  async sample(counts: ReadonlyMap<number, number>, rng: Rng, progress?: ProgressSink): Promise<Dataset> {
    const models = this.requireModels('sample');
    const model = models[0]!;
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
      parts.push(models.length === 1 ? generateRows(model, k, n, rng.fork(`ctgan:sample:${k}`), this.params.noiseScale) : pooledRows(models, k, n, rng, this.params.noiseScale));
      labels.fill(k, done, done + n);
      done += n;
      progress?.({ phase: 'sample', done, total, unit: 'rows' });
    }
    return { features: concatFeatures(model, parts, total), labels, classes: [...model.classes], rowCount: total };
  }

  /**
   * The critic's score of each row for its labelled class (critic-score.ts): `--filter critic` keeps
   * the best. An ensemble scores by the mean of its members' critics.
   */
  async score(rows: Dataset, rng: Rng): Promise<Float64Array> {
    const models = this.requireModels('score');
    if (models.length === 1) return criticScores(models[0]!, rows, rng);
    const sum = new Float64Array(rows.rowCount);
    models.forEach((model, m) => criticScores(model, rows, rng.fork(`member:${m}`)).forEach((v, i) => (sum[i]! += v / models.length)));
    return sum;
  }

  async serialize(): Promise<ModelArtifacts> {
    return joinMembers(this.requireModels('serialize').map((m) => modelToArtifacts(m, this.params)));
  }

  dispose(): void {
    for (const m of this.models) disposeModel(m);
    this.models = [];
  }

  private requireModels(action: string): CtganModel[] {
    if (this.models.length === 0) throw new GanAugmentError('usage', `ctgan: call fit() before ${action}().`);
    return this.models;
  }
}

/**
 * `n` rows of class `k` pooled from the members in equal shares (ensemble.ts): member m draws as a
 * model of its own would from `rng.fork('member:' + m)`.
 */
function pooledRows(models: readonly CtganModel[], k: number, n: number, rng: Rng, noiseScale: number): Feature[] {
  const parts = models.map((model, m) => generateRows(model, k, memberShare(n, models.length, m), rng.fork(`member:${m}`).fork(`ctgan:sample:${k}`), noiseScale));
  return interleaveMembers(parts, n);
}

/** A fitted model, its report, its epochs (and those of a full fit), and the generator snapshots asked for (by epoch). */
interface FittedOne {
  readonly model: CtganModel;
  readonly report: FitReport;
  readonly epochs: number;
  readonly fullEpochs: number;
  readonly snapshots: Map<number, GeneratorSnapshot>;
}

/**
 * One fit of one model. `epochShare` trains that share of the epochs (snapshot 'auto'); `snapshotAt`
 * keeps the generator after those epochs. The model is disposed when the fit throws.
 */
async function fitOne(
  data: Dataset,
  options: FitOptions,
  params: CtganParams,
  extra: { readonly epochShare?: number | undefined; readonly snapshotAt?: readonly number[] },
  progress?: ProgressSink,
): Promise<FittedOne> {
  const augmentRows = rowsToAugment(data);
  const small = smallClassSwitch(data, augmentRows, params);
  const p = small ? { ...params, trainOn: 'all' as const, classSampling: 'even' as const } : params;
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
  const fullEpochs = options.epochs ?? p.epochs ?? defaultEpochs(train.rowCount, batch);
  if (!Number.isInteger(fullEpochs) || fullEpochs < 1) {
    throw new GanAugmentError('usage', `--epochs ${fullEpochs}: must be a positive integer.`);
  }
  const epochs = extra.epochShare === undefined ? fullEpochs : shareOfEpochs(extra.epochShare, fullEpochs);
  const prepared = prepareTraining(
    train,
    { embeddingDim: p.embeddingDim, generatorDims: p.generatorDims, criticDims: p.criticDims, pac },
    options.rng.fork('ctgan:prepare'),
    p.classSampling,
  );
  const aux = p.auxWeight > 0 ? auxClassifierFor(data, train, prepared.matrix, prepared.model, p, options.rng.fork('ctgan:aux')) : undefined;
  const trainer = new CtganTrainer(prepared.model.generator, prepared.model.critic, p.embeddingDim, prepared.conditioned, { ...DEFAULT_OPTIMIZER, lr: p.generatorLr, criticLr: p.criticLr }, aux);
  const snapshots = new Map<number, GeneratorSnapshot>();
  const snapshotAt = new Set((extra.snapshotAt ?? []).map((share) => shareOfEpochs(share, epochs)));
  try {
    const stepsPerEpoch = Math.max(1, Math.floor(train.rowCount / batch));
    const checkpoints = options.checkpointDir === undefined ? undefined : new CheckpointKeeper(options.checkpointDir, train, p, { batch, pac, stepsPerEpoch }, options.rng.seed, prepared.model, trainer);
    const resumed = checkpoints?.resume(epochs);
    const dataDim = prepared.model.shape.dataDim;
    const trainRng = options.rng.fork('ctgan:train');
    // trainOn 'pretrain': epochs 1..pretrain on every class, the rest on the classes to augment.
    const fineTune = p.trainOn === 'pretrain' && augmentRows.length < data.rowCount ? Math.max(1, Math.round(p.fineTuneShare * epochs)) : 0;
    const pretrain = epochs - fineTune;
    const onEpochEnd = (done: number, history: FitReport['history'], reason: EpochEndReason): void => {
      if (reason !== 'abort' && snapshotAt.has(done)) snapshots.set(done, trainer.generatorSnapshot());
      checkpoints?.onEpochEnd(done, history, reason, p.checkpointEvery);
    };
    const loop = {
      batch,
      signal: options.signal,
      progress: progress ? (e: Parameters<ProgressSink>[0]) => progress({ ...e, total: epochs }) : undefined,
      onEpochEnd: checkpoints || snapshotAt.size > 0 ? onEpochEnd : undefined,
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
    const notes = [...(small ? [small] : [])];
    const learned = prepared.model.conditions.classRows.flatMap((n, c) => (n > 0 ? [c] : []));
    const generates = learned.length < data.classes.length ? { generates: learned } : {};
    return { model: prepared.model, report: { ...report, ...(notes.length > 0 ? { notes } : {}), ...generates }, epochs, fullEpochs, snapshots };
  } catch (err) {
    disposeModel(prepared.model);
    throw err;
  } finally {
    trainer.dispose();
    if (aux) disposeAuxClassifier(aux);
  }
}

/**
 * snapshot 'auto': the share of the epochs chosen on halves of `data` with the core's judge (one
 * model per half, not an ensemble; no checkpoints), or a sentence saying why none was.
 */
async function chooseEpochs(data: Dataset, p: CtganParams, options: FitOptions): Promise<EpochShareChoice | string> {
  const judge = options.judge;
  if (!judge) {
    throw new GanAugmentError('usage', "ctgan: snapshot 'auto' scores snapshots with a downstream judge, and none was supplied.", {
      hint: "Use the package's augment, fitModel or evaluate (or the CLI), which supply it, or pass FitOptions.judge; or leave snapshot at 'last'.",
    });
  }
  const single = { ...p, ensemble: 1 };
  const { checkpointDir: _dir, ...inner } = options;
  const fitHalf = async (rows: Dataset, rng: Rng): Promise<SnapshotFit> => {
    const fitted = await fitOne(rows, { ...inner, rng }, single, { snapshotAt: SNAPSHOT_SHARES });
    if (options.signal?.aborted) {
      disposeModel(fitted.model);
      options.signal.throwIfAborted();
    }
    return {
      sample: async (i, counts, sampleRng) => {
        restoreGenerator(fitted.model.generator, fitted.snapshots.get(shareOfEpochs(SNAPSHOT_SHARES[i]!, fitted.epochs))!);
        return new CtganSynthesizer(single, [fitted.model]).sample(counts, sampleRng);
      },
      dispose: () => disposeModel(fitted.model),
    };
  };
  return chooseEpochShare(data, judge, options.rng.fork('ctgan:snapshot'), fitHalf);
}

/** Rebuild a fitted synthesizer (every member of an ensemble) from `serialize()` output. */
export function deserializeCtgan(artifacts: ModelArtifacts): CtganSynthesizer {
  const models: CtganModel[] = [];
  let params: Record<string, unknown> = {};
  try {
    for (const member of splitMembers(artifacts)) {
      const read = modelFromArtifacts(member);
      models.push(read.model);
      if (models.length === 1) params = read.params;
    }
  } catch (err) {
    for (const m of models) disposeModel(m);
    throw err;
  }
  let parsed: CtganParams;
  try {
    parsed = parseParams(params);
    if (parsed.ensemble !== models.length) throw new Error(`ensemble ${parsed.ensemble} but ${models.length} saved members`);
  } catch (err) {
    for (const m of models) disposeModel(m);
    throw new GanAugmentError('model', 'ctgan model: the saved parameters are corrupt.', { cause: err, hint: 'Re-train the model; saved models must not be edited.' });
  }
  return new CtganSynthesizer(parsed, models);
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
