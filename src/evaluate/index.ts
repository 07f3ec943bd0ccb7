/**
 * The evaluator's public entry point: read and encode the data like the stage does, then
 * cross-validate every method x classifier and say plainly whether augmentation helped.
 * Plugins must be registered first (`registerBuiltins()` from plugins/index.ts, or your own).
 */
import { basename } from 'node:path';
import type { Table } from 'apache-arrow';
import { initBackend } from '../backend/pick.js';
import type { Dataset } from '../contracts.js';
import { hasImageFeature } from '../dataset.js';
import { readOptions } from '../stage/prepare.js';
import { adoptTable } from '../io/arrow/adopt-table.js';
import { readTable } from '../io/read.js';
import { encodeTable } from '../schema/encode.js';
import { inferRoles } from '../schema/infer.js';
import type { TablePlan } from '../schema/plan.js';
import { defaultWorkers } from '../options/table.js';
import { resolveEvaluateOptions, type EvaluateOptions, type ResolvedEvaluateOptions } from '../options/index.js';
import { GanAugmentError } from '../errors.js';
import { isMetricName } from './metrics.js';
import type { EvaluationReport } from './report-types.js';
import { processPool } from './process-pool.js';
import { runEvaluation } from './run.js';
import type { UnitExecutorFactory } from './units.js';

export type { EvaluateOptions } from '../options/index.js';
export type { EvaluationReport } from './report-types.js';
import { METRIC_NAMES, type MetricName } from './metrics.js';
export { METRIC_NAMES, type MetricName };
export { runEvaluation, DEFAULT_METHODS, DEFAULT_CLASSIFIERS } from './run.js';

/**
 * Cross-validated comparison of augmentation methods.
 *
 * @example
 * registerBuiltins();
 * const report = await evaluate({ input: 'churn.csv', label: 'churned', methods: 'none,smote,ctgan', epochs: 100 });
 * for (const v of report.verdicts) console.log(v.statement);
 */
export async function evaluate(options: EvaluateOptions): Promise<EvaluationReport> {
  return evaluateWith(resolveEvaluateOptions(options));
}

/**
 * `evaluate` on options resolved by the caller (the CLI resolves once). The job units run in
 * `resolved.workers` worker processes (default: GAN_AUGMENT_WORKERS, else the cores available;
 * 1: in this process), or wherever `executor` sends them (the CLI's --redis: the queue).
 */
export async function evaluateWith(resolved: ResolvedEvaluateOptions, executor?: UnitExecutorFactory): Promise<EvaluationReport> {
  checkMetric(resolved.metric);
  const { dataset, plan, name, warnings } = await loadDataset(resolved, resolved.name);
  await initBackend(resolved.backend, { threads: resolved.threads, convolutions: hasImageFeature(dataset) });
  const workers = resolved.workers ?? defaultWorkers();
  const report = await runEvaluation(dataset, {
    folds: resolved.folds,
    repeats: resolved.repeats,
    seed: resolved.seed,
    methods: resolved.methods,
    classifiers: resolved.classifiers,
    metric: resolved.metric,
    alpha: resolved.alpha,
    tuneThreshold: resolved.tuneThreshold,
    ...(resolved.epochs !== undefined ? { epochs: resolved.epochs } : {}),
    strategy: resolved.strategy,
    minority: resolved.minority,
    ...(plan ? { plan } : {}),
    backend: resolved.backend,
    filter: resolved.filter,
    amount: resolved.amount,
    ...(resolved.amountChooser ? { amountChooser: resolved.amountChooser } : {}),
    autoCandidates: resolved.autoCandidates,
    targetDescription: resolved.strategyText + (resolved.minority.length > 0 ? ` (classes: ${resolved.minority.join(', ')})` : ''),
    synthesizerParams: resolved.synthesizerParams,
    classifierParams: resolved.classifierParams,
    datasetName: name,
    ...(resolved.progress && !resolved.quiet ? { progress: resolved.progress } : {}),
    ...(resolved.signal ? { signal: resolved.signal } : {}),
    ...(executor ? { executor } : workers > 1 ? { executor: processPool(workers, { signal: resolved.signal, threads: resolved.threads }) } : {}),
  });
  return warnings.length === 0 ? report : { ...report, protocol: { ...report.protocol, notes: [...report.protocol.notes, ...warnings] } };
}

/** The metric names live with the metrics (metrics.ts), so the evaluator checks them, not the option table. */
export function checkMetric(metric: string): asserts metric is MetricName {
  if (!isMetricName(metric)) {
    throw new GanAugmentError('usage', `--metric: unknown metric '${metric}'.`, { hint: `Choose one of: ${METRIC_NAMES.join(', ')}.` });
  }
}

/** What reading and encoding the input takes: a queue worker reads the same file the same way. */
export type DatasetSource = Pick<ResolvedEvaluateOptions, 'input' | 'label' | 'delimiter' | 'naValues' | 'keepDefaultNa' | 'categorical' | 'numeric' | 'ignore'>;

/** Read and encode the input as evaluate does. */
export async function loadDataset(options: DatasetSource, name: string | undefined): Promise<{ dataset: Dataset; plan: TablePlan | undefined; name: string; warnings: readonly string[] }> {
  const input = options.input;
  if (typeof input === 'object' && 'features' in input && 'labels' in input) {
    return { dataset: input, plan: undefined, name: name ?? 'dataset', warnings: [] };
  }
  const table: Table = typeof input === 'string' ? (await readTable(input, readOptions(options))).table : adoptTable(input);
  const roles = inferRoles(table, {
    label: options.label!,
    categorical: options.categorical,
    numeric: options.numeric,
    ignore: options.ignore,
  });
  const { dataset, plan } = encodeTable(table, roles);
  const fallback = typeof input === 'string' ? basename(input).replace(/\.[^.]+$/, '') : 'table';
  return { dataset, plan, name: name ?? fallback, warnings: roles.warnings };
}
