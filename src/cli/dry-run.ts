/**
 * `--dry-run` of augment, fit and evaluate: print the plan (src/stage/plan.ts; evaluate's jobs
 * here) and exit 0 without training or writing anything. The plan text goes to stdout, the
 * command's answer; with `--summary -` (augment, fit) or `--json -` (evaluate) stdout gets the
 * plan as JSON instead and the text goes to stderr.
 */
import { augmenterOf, planUnits } from '../evaluate/units.js';
import { BASELINES } from '../evaluate/recommend.js';
import { checkFoldable } from '../evaluate/folds.js';
import { loadDataset } from '../evaluate/index.js';
import { countByClass } from '../dataset.js';
import type { ResolvedEvaluateOptions } from '../options/index.js';
import { defaultWorkers } from '../options/table.js';
import { getClassifier, getSynthesizer } from '../registry.js';
import { splitMethod } from '../stage/filters/method-name.js';
import type { RunPlan } from '../stage/plan.js';
import { printableLines } from '../untrusted-text.js';
import { BACKEND_START_SECONDS, defaultTrainOn, estimateFit, learnedClasses, trainingRows, type FitEstimate } from './dry-run-estimate.js';
import { formatDuration } from './progress-bar.js';
import { formatClassTable } from './summary-text.js';
import { writeStdoutSummary } from './summary-stdout.js';
import type { CliIO } from './terminal.js';

/** The plan with what the CLI adds: the rough estimate and, for fit, the classes the model would generate. */
export type PrintedPlan = RunPlan & { readonly estimate: { readonly seconds: number; readonly how: string } | null; readonly generates?: readonly string[] };

/** Print an augment or fit plan: text on stdout, or JSON on stdout and text on stderr. */
export async function printRunPlan(io: CliIO, plan: RunPlan, options: { readonly json: boolean; readonly quiet: boolean }): Promise<void> {
  const perClass = plan.classes.map((c) => c.training);
  // --epochs and --batch-size win over the same parameters in --model-param, as in the fit.
  const param = (...names: string[]): number | undefined => names.map((n) => plan.modelParams[n]).find((v): v is number => typeof v === 'number');
  const fit = { epochs: plan.epochs ?? param('epochs'), batchSize: plan.batchSize ?? param('batchSize', 'batch_size'), trainOn: plan.trainOn ?? undefined };
  const estimate = plan.model === 'auto' ? undefined : estimateFit(plan.model, perClass, fit);
  const generates = plan.command === 'fit' ? generatedClasses(plan) : undefined;
  const printed: PrintedPlan = { ...plan, estimate: estimate ? { seconds: round(estimate.seconds + BACKEND_START_SECONDS), how: withStart(estimate.how) } : null, ...(generates ? { generates } : {}) };
  await emit(io, printed, formatRunPlan(printed, estimate), options);
}

/** --train-on as the run would have it: given, else the model's default ('all' for plugins and --model auto). */
function trainOnOf(plan: RunPlan): string {
  return plan.trainOn ?? (plan.model === 'auto' ? 'all' : defaultTrainOn(plan.model));
}

/** The classes a fit would leave the model able to sample (--train-on minority: all but the largest). */
function generatedClasses(plan: RunPlan): string[] {
  return learnedClasses(plan.classes.map((c) => c.training), trainOnOf(plan)).map((i) => plan.classes[i]!.class);
}

function formatRunPlan(plan: PrintedPlan, estimate: FitEstimate | undefined): string {
  const lines = [`gan-augment ${plan.command} --dry-run: the plan; nothing was trained or written.`];
  const roles = Object.entries(plan.roles).map(([role, n]) => `${n} ${role}`).join(', ');
  lines.push(`  input: ${plan.input.source} (${plan.input.format}, ${plan.input.rows} rows, ${plan.input.columns} columns: the label, ${roles})`);
  lines.push(`  read: ${plan.read}`);
  if (plan.command === 'augment') lines.push(...formatClassTable(plan));
  else lines.push(`  rows per class: ${plan.classes.map((c) => `${c.class} ${c.before}`).join(', ')}`);
  if (plan.unlabelledRows > 0) lines.push(`  rows without a label, copied unchanged: ${plan.unlabelledRows}`);
  const given = Object.entries(plan.modelParams).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  lines.push(`  model: ${plan.model}; parameters: ${given.length > 0 ? `${given.join(', ')}, the rest` : 'all'} the model's defaults (docs/plugins.md)`);
  const defaulted = plan.epochs === null && !Object.hasOwn(plan.modelParams, 'epochs');
  const epochs = estimate ? `${estimate.epochs}${defaulted ? " (the model's default for these rows)" : ''}` : (plan.epochs ?? "the model's own");
  lines.push(`  epochs: ${epochs}; batch size: ${plan.batchSize ?? "the model's own"}; backend: ${plan.backend}; seed: ${plan.seed}`);
  const trainOn = trainOnOf(plan);
  const which = trainOn === 'minority' ? ` (--train-on minority${plan.trainOn === null ? `, ${plan.model}'s default` : ''}: the classes other than the largest)` : '';
  lines.push(`  training rows: ${trainingRows(plan.classes.map((c) => c.training), trainOn)} of ${plan.input.rows}${which}`);
  if (plan.generates) lines.push(`  the model would generate: ${plan.generates.join(', ')}${plan.generates.length < plan.classes.length ? ' (fit with --train-on all to sample every class)' : ''}`);
  if (plan.strategy !== null) lines.push(`  strategy: ${plan.strategy}; amount: ${plan.amount}${plan.minority.length > 0 ? `; minority: ${plan.minority.join(', ')}` : ''}`);
  lines.push(`  would write: ${plan.outputs.length > 0 ? plan.outputs.map((o) => `${o.what} ${o.path}`).join(', ') : 'nothing'}`);
  lines.push(`  rough time: ${plan.estimate ? `~${formatDuration(plan.estimate.seconds)} (${plan.estimate.how})` : plan.model === 'auto' ? 'not estimated (--model auto first cross-validates its candidates)' : `not estimated for ${plan.model}: estimates cover the built-in GANs (the SMOTE family and random have no training loop)`}`);
  for (const note of plan.notes) lines.push(`  note: ${note}`);
  for (const warning of plan.warnings) lines.push(`  warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}

/** evaluate's plan: folds x repeats x methods x classifiers, the job units and the workers, the fits and their rough time. */
export interface EvaluatePlan {
  readonly command: 'evaluate';
  readonly dryRun: true;
  readonly input: string;
  readonly rows: number;
  readonly classes: Readonly<Record<string, number>>;
  readonly folds: number;
  readonly repeats: number;
  readonly methods: readonly string[];
  readonly classifiers: readonly string[];
  /** folds x repeats x methods x classifiers: classifiers trained and scored. */
  readonly jobs: number;
  /** Job units (a split and the methods sharing its training fold), handed to the workers. */
  readonly units: number;
  readonly workers: number;
  /** Synthesizer fits: one per split and synthesizer method. */
  readonly synthesizerFits: number;
  readonly estimate: { readonly seconds: number; readonly how: string } | null;
  readonly outputs: readonly { readonly what: string; readonly path: string }[];
}

/**
 * Read the input as evaluate does, check the folds and names, and print the plan.
 * @example await printEvaluatePlan(io, resolved, { json: false, quiet: false, outputs: [] });
 */
export async function printEvaluatePlan(io: CliIO, options: ResolvedEvaluateOptions, print: { readonly json: boolean; readonly quiet: boolean; readonly outputs: EvaluatePlan['outputs'] }): Promise<void> {
  const { dataset } = await loadDataset(options, options.name);
  checkFoldable(dataset.labels, dataset.classes, options.folds);
  for (const name of options.classifiers) getClassifier(name, '--classifiers');
  const methods = [...new Set(['none', ...options.methods])];
  const synthesizers = methods.filter((m) => m !== 'auto' && !BASELINES.includes(augmenterOf(m))).map((m) => splitMethod(m, options.filter).model);
  for (const name of synthesizers) getSynthesizer(name, '--methods');
  const splits = options.folds * options.repeats;
  const workers = options.workers ?? defaultWorkers();
  const counts = countByClass(dataset);
  // A training fold holds (k-1)/k of each class.
  const foldCounts = counts.map((n) => Math.round((n * (options.folds - 1)) / options.folds));
  const perFit = synthesizers.map((m) => ({ m, e: estimateFit(m, foldCounts, { epochs: options.epochs, batchSize: undefined, trainOn: undefined }) }));
  const timed = perFit.filter((f): f is { m: string; e: FitEstimate } => f.e !== undefined);
  const units = planUnits(splits, methods).length;
  const parallel = Math.max(1, Math.min(workers, units));
  const seconds = timed.reduce((s, f) => s + splits * f.e.seconds, 0) / parallel + BACKEND_START_SECONDS;
  const plan: EvaluatePlan = {
    command: 'evaluate',
    dryRun: true,
    input: options.input as string,
    rows: dataset.rowCount,
    classes: Object.fromEntries(dataset.classes.map((c, i) => [c, counts[i]!])),
    folds: options.folds,
    repeats: options.repeats,
    methods,
    classifiers: [...options.classifiers],
    jobs: splits * methods.length * options.classifiers.length,
    units,
    workers,
    synthesizerFits: splits * synthesizers.length,
    estimate: timed.length === 0 ? null : { seconds: round(seconds), how: withStart(`the GAN fits alone: ${timed.map((f) => `${splits} x ${f.m} (${f.e.how})`).join('; ')}, shared by ${parallel} worker${parallel === 1 ? '' : 's'}; the classifiers and the SMOTE family not counted`) },
    outputs: print.outputs,
  };
  const lines = [
    'gan-augment evaluate --dry-run: the plan; nothing was trained or written.',
    `  input: ${plan.input} (${plan.rows} rows; ${Object.entries(plan.classes).map(([c, n]) => `${c} ${n}`).join(', ')})`,
    `  ${plan.folds} folds x ${plan.repeats} repeats x ${methods.length} methods (${methods.join(', ')}) x ${plan.classifiers.length} classifiers (${plan.classifiers.join(', ')}) = ${plan.jobs} jobs`,
    `  ${plan.units} job units (a split and the methods sharing its training fold) on ${workers} worker${workers === 1 ? '' : 's'}; ${plan.synthesizerFits} synthesizer fits`,
    `  would write: ${plan.outputs.length > 0 ? plan.outputs.map((o) => `${o.what} ${o.path}`).join(', ') : 'nothing (the report goes to stdout)'}`,
    `  rough time: ${plan.estimate ? `~${formatDuration(plan.estimate.seconds)} (${plan.estimate.how})` : 'not estimated: no GAN among the methods'}`,
  ];
  await emit(io, plan, `${lines.join('\n')}\n`, print);
}

async function emit(io: CliIO, plan: object, text: string, options: { readonly json: boolean; readonly quiet: boolean }): Promise<void> {
  // Class and column names come from the input: escaped like every other human text.
  const safe = printableLines(text);
  if (!options.json) {
    io.stdout.write(safe);
    return;
  }
  await writeStdoutSummary(io, plan);
  if (!options.quiet) io.stderr.write(safe);
}

const round = (s: number): number => Math.round(s * 10) / 10;
const withStart = (how: string): string => `rough: ${how}; plus ~${BACKEND_START_SECONDS} s to start TensorFlow.js`;

