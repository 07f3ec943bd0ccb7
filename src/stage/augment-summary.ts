/**
 * The `augment` run summary, shared by the in-memory stage (stage/augment.ts) and the streaming
 * one (stream/augment-run.ts) so both report alike.
 */
import type { JsonValue } from '../contracts.js';
import type { AmountChoice, ResolvedAugmentOptions } from '../options/index.js';
import type { DistanceThreshold } from '../privacy/privacy-filter.js';
import type { ColumnPlan } from '../schema/plan.js';
import { formatStrategy } from '../strategy.js';
import { fitOptionsSummary, runSummary, type RunSummary } from './metadata.js';
import { tallySummary, type ResampleRun } from './resample.js';
import { filterSummary } from './filters/tally.js';

export interface AugmentSummaryParts {
  readonly input: NonNullable<RunSummary['input']>;
  readonly columns: readonly ColumnPlan[];
  readonly unlabelledRows: number;
  readonly run: ResampleRun;
  /** Warnings from reading the input (column roles, sampled classes). */
  readonly warnings: readonly string[];
  /** Options only one path has (e.g. streaming's per-class cap). */
  readonly extraOptions?: Readonly<Record<string, JsonValue>>;
}

export function augmentSummary(options: ResolvedAugmentOptions, parts: AugmentSummaryParts): RunSummary {
  const { run } = parts;
  const generated = tallySummary(run.tally, formatThreshold);
  return runSummary('augment', {
    input: parts.input,
    label: options.label,
    model: options.model,
    modelParams: options.modelParams,
    seed: options.seed,
    strategy: formatStrategy(options.strategy),
    minority: options.minority,
    backend: run.backend,
    classes: run.plan.counts.map((c) => {
      // A filter that fell short capped the class's rows (filters/tally.ts): report what was added.
      const short = run.tally.filter?.short[c.class] ?? 0;
      return { class: c.class, before: c.before, added: c.add - short, after: c.target - short };
    }),
    columns: parts.columns,
    unlabelledRows: parts.unlabelledRows,
    training: run.training,
    copies: run.tally.copies,
    ...(generated.privacy ? { privacy: generated.privacy } : {}),
    ...(run.tally.filter ? { filter: filterSummary(run.tally.filter) } : {}),
    ...(run.amount ? { amount: run.amount } : {}),
    provenanceColumn: options.provenanceColumn,
    options: {
      ...fitOptionsSummary(options),
      keepCopies: options.keepCopies,
      privacyDistance: options.privacyDistance ? formatThreshold(options.privacyDistance) : null,
      // The rules that ran: the user's --filter, else the synthesizer's default.
      filter: run.filter.length > 0 ? `${run.filter.join(',')}${options.filter === undefined ? ` (${options.model}'s default)` : ''}` : 'none',
      amount: options.amount,
      ...(options.autoChoice ? { auto: options.autoChoice as unknown as JsonValue } : {}),
      format: options.format ?? null,
      ...parts.extraOptions,
    },
    warnings: [...parts.warnings, ...(run.fitReport?.notes ?? []), ...(run.amount ? [amountText(run.amount)] : []), ...run.plan.warnings, ...(run.filterNote ? [run.filterNote] : []), ...generated.warnings],
  });
}

/** '--amount auto: added 0.5 of the rows the strategy asks for (minority_f1 on a 2-fold split of the training rows: 0.25 -> 0.61, ...).' */
function amountText(choice: AmountChoice): string {
  const scores = choice.scores.map((s) => `${s.fraction} -> ${s.score.toFixed(3)}`).join(', ');
  return `--amount auto: added ${choice.fraction} of the rows the strategy asks for (${choice.metric} of a logistic regression on a validation split of the training rows: ${scores}).`;
}

/** '0.02' or 'q0.05', as the user writes it on the command line. */
export function formatThreshold(threshold: DistanceThreshold): string {
  return 'absolute' in threshold ? String(threshold.absolute) : `q${threshold.quantile}`;
}
