/**
 * The plan of an `augment` or `fit` run, for `--dry-run`: what a run with these options would do,
 * found by the same first steps (read pass, column roles, rows per class, the synthesizer and its
 * checks, the output checks) without training or writing anything. The input is read once as the
 * streaming augment's first pass reads it (src/stream/collect-training.ts): every class counted,
 * the training rows kept in the same seeded reservoir, so the plan's rows are the run's rows.
 */
import type { Table } from 'apache-arrow';
import type { Dataset, JsonValue } from '../contracts.js';
import { openBatchSource } from '../io/batch-source.js';
import { checkModelDirTarget } from '../model-store/save.js';
import type { ResolvedFitModelOptions, ResolvedStreamAugmentOptions } from '../options/index.js';
import type { ProgressSink } from '../progress.js';
import { Rng } from '../random.js';
import { encodeTable } from '../schema/encode.js';
import { inferRoles } from '../schema/infer.js';
import type { ColumnRole } from '../schema/plan.js';
import { formatStrategy } from '../strategy.js';
import { collectTraining } from '../stream/collect-training.js';
import type { ClassSummary } from './metadata.js';
import { checkOutputEarly } from './outputs.js';
import { checkBatchSize, checkCanLearn, noRowsError, readOptions, roleOptions } from './prepare.js';
import { chooseSynthesizer, planResample } from './resample.js';

export interface PlanClass extends ClassSummary {
  /** Rows of this class the model would be given (the input's, or the reservoir's under the cap). */
  readonly training: number;
}

/** What a run would do: the JSON of `--dry-run --summary -`, and what the CLI prints. */
export interface RunPlan {
  readonly command: 'augment' | 'fit';
  readonly dryRun: true;
  readonly input: { readonly source: string; readonly format: string; readonly rows: number; readonly columns: number };
  /** What the dry run read to make the plan, in words. */
  readonly read: string;
  readonly label: string;
  readonly classes: readonly PlanClass[];
  readonly unlabelledRows: number;
  /** Columns per role (numeric, categorical, image, ignored). */
  readonly roles: Readonly<Partial<Record<ColumnRole, number>>>;
  readonly model: string;
  /** The synthesizer parameters given (--model-param, --train-on); the model's own defaults fill the rest. */
  readonly modelParams: Readonly<Record<string, JsonValue>>;
  readonly epochs: number | null;
  readonly batchSize: number | null;
  readonly trainOn: string | null;
  readonly backend: string;
  readonly seed: number;
  /** augment: the strategy, the share of its rows added, the classes named by --minority. */
  readonly strategy: string | null;
  readonly amount: number | 'auto' | null;
  readonly minority: readonly string[];
  /** Files and folders the run would write. */
  readonly outputs: readonly { readonly what: string; readonly path: string }[];
  /** Steps that run before the fit and change the plan (--model auto, --amount auto). */
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * The plan of the CLI's augment; `perClass`: the streaming augment's cap on training rows per
 * class (`trainingRowsPerClass`), or Infinity for the in-memory augment, which learns from every row.
 * @example const plan = await planAugment(resolved, 'train.csv', resolved.trainingRowsPerClass);
 */
export async function planAugment(options: ResolvedStreamAugmentOptions, input: string | Table, perClass: number, progress?: ProgressSink): Promise<RunPlan> {
  const auto = options.model === 'auto';
  const read = await readForPlan(options, input, perClass, progress);
  const layout = options.outputLayout;
  // The checks the run makes before its fit (a dataset folder's are made when it is written).
  checkOutputEarly(options.output === '-' || layout === 'dataset' ? undefined : options.output, options.format, read.files, options.summaryPath);
  const amount = options.amount === 'auto' ? 1 : options.amount;
  const resample = planResample(read.classes, read.before, options, amount);
  if (!auto && resample.needed.size > 0) checkSynthesizer(options, read, [...resample.needed.keys()]);
  const notes: string[] = [];
  if (auto) notes.push(`--model auto: first cross-validates ${options.autoCandidates.join(', ')} against no augmentation, class weights and a tuned threshold (5 folds x 2 repeats, classifiers ${options.autoClassifiers.join(', ')}); when none beats them, nothing is added.`);
  if (options.amount === 'auto') notes.push('--amount auto: first fits the model on each half of a 2-fold split of the training rows to choose 0.25, 0.5 or 1 of the rows below (shown for 1).');
  return {
    ...common('augment', options, read),
    classes: resample.counts.map((c, i) => ({ class: c.class, before: c.before, added: c.add, after: c.target, training: read.training[i]! })),
    strategy: formatStrategy(options.strategy),
    amount: options.amount,
    minority: [...options.minority],
    outputs: [
      ...(options.output === undefined ? [] : [{ what: layout === 'dataset' ? 'dataset folder' : 'output', path: options.output === '-' ? 'standard output' : options.output }]),
      ...summaryOutput(options.summaryPath),
    ],
    notes,
    warnings: [...read.warnings, ...resample.warnings],
  };
}

/**
 * The plan of `fit`: every class learned from (the rows the model gets depend on its --train-on).
 * @example const plan = await planFit(resolved, 'train.parquet');
 */
export async function planFit(options: ResolvedFitModelOptions, input: string | Table, progress?: ProgressSink): Promise<RunPlan> {
  // fit learns from every row (it reads the input into memory).
  const read = await readForPlan(options, input, Number.POSITIVE_INFINITY, progress);
  checkOutputEarly(undefined, undefined, read.files, options.summaryPath);
  await checkModelDirTarget(options.modelDir);
  const auto = options.model === 'auto';
  if (!auto) checkSynthesizer(options, read, read.classes.map((_, i) => i));
  return {
    ...common('fit', options, read),
    classes: read.classes.map((c, i) => ({ class: c, before: read.before[i]!, added: 0, after: read.before[i]!, training: read.training[i]! })),
    strategy: null,
    amount: null,
    minority: [],
    outputs: [{ what: 'model folder', path: options.modelDir }, ...summaryOutput(options.summaryPath)],
    notes: auto ? [`--model auto: first cross-validates ${options.autoCandidates.join(', ')} against the baselines; when none beats them nothing is saved (exit code 10).`] : [],
    warnings: read.warnings,
  };
}

interface PlanRead {
  readonly source: string;
  readonly format: string;
  readonly rows: number;
  readonly columns: number;
  readonly files: readonly string[];
  readonly classes: readonly string[];
  /** Rows per class in the whole input, and those kept for training. */
  readonly before: readonly number[];
  readonly training: readonly number[];
  readonly unlabelledRows: number;
  readonly roles: Partial<Record<ColumnRole, number>>;
  readonly warnings: readonly string[];
  readonly dataset: Dataset;
}

/** The read pass: count every class, keep the training rows (seeded reservoir above `perClass`), give columns their roles. */
async function readForPlan(options: ResolvedFitModelOptions | ResolvedStreamAugmentOptions, input: string | Table, perClass: number, progress: ProgressSink | undefined): Promise<PlanRead> {
  const { csv } = readOptions(options);
  const source = await openBatchSource(input, { delimiter: options.delimiter, ...(csv ? { csv } : {}) });
  progress?.({ phase: 'read', done: 0, message: `reading ${source.source}` });
  const collected = await collectTraining(source, options.label, { perClass, rng: new Rng(options.seed).fork('reservoir'), progress });
  if (collected.totalRows === 0) throw noRowsError(source.source, source.schema.fields.map((f) => f.name));
  const inferred = inferRoles(collected.table, roleOptions(options));
  const { dataset, plan } = encodeTable(collected.table, inferred);
  const training = dataset.classes.map(() => 0);
  for (const l of dataset.labels) training[l]!++;
  const roles: Partial<Record<ColumnRole, number>> = {};
  for (const c of plan.columns) if (c.role !== 'label') roles[c.role] = (roles[c.role] ?? 0) + 1;
  const warnings = [...inferred.warnings];
  if (collected.sampledClasses.length > 0) warnings.push(`Would learn from a seeded sample of ${perClass} rows of ${collected.sampledClasses.map((c) => `'${c}'`).join(', ')} (the per-class cap on training rows).`);
  return {
    source: source.source,
    format: source.format,
    rows: collected.totalRows,
    columns: source.schema.fields.length,
    files: source.files,
    classes: dataset.classes,
    before: dataset.classes.map((c) => collected.classCounts.get(c) ?? 0),
    training,
    unlabelledRows: collected.unlabelledRows,
    roles,
    warnings,
    dataset,
  };
}

/** The checks a run makes on the synthesizer before it trains: its name, parameters, the classes it must learn, the batch size. */
function checkSynthesizer(options: ResolvedFitModelOptions | ResolvedStreamAugmentOptions, read: PlanRead, classes: readonly number[]): void {
  const chosen = chooseSynthesizer(options);
  // create() validates the parameters, as the fit would; nothing is trained.
  chosen.factory.create(chosen.params).dispose();
  checkCanLearn(chosen.factory, chosen.params, read.dataset, classes, read.training);
  checkBatchSize(options.batchSize, read.training, options.trainOn);
}

function common(command: RunPlan['command'], options: ResolvedFitModelOptions | ResolvedStreamAugmentOptions, read: PlanRead) {
  const csvPasses = read.format === 'csv' ? ' (a CSV twice: a first pass types its columns)' : '';
  return {
    command,
    dryRun: true as const,
    input: { source: read.source, format: read.format, rows: read.rows, columns: read.columns },
    read: `the whole input once${csvPasses}, to count every class and keep the training rows, as a run's first pass does`,
    label: options.label,
    unlabelledRows: read.unlabelledRows,
    roles: read.roles,
    model: options.model,
    modelParams: options.trainOn === undefined ? { ...options.modelParams } : { ...options.modelParams, trainOn: options.trainOn },
    epochs: options.epochs ?? null,
    batchSize: options.batchSize ?? null,
    trainOn: options.trainOn ?? null,
    backend: options.backend,
    seed: options.seed,
  };
}

function summaryOutput(summaryPath: string | undefined): { what: string; path: string }[] {
  return summaryPath === undefined ? [] : [{ what: 'summary JSON', path: summaryPath }];
}
