/**
 * The `augment` run summary and the warnings about the class plan, shared by the in-memory stage
 * (stage/augment.ts) and the streaming one (stream/augment-run.ts) so both report alike.
 */
import type { JsonValue } from '../contracts.js';
import type { ResolvedAugmentOptions } from '../options.js';
import type { DistanceThreshold } from '../privacy/privacy-filter.js';
import type { ColumnPlan } from '../schema/plan.js';
import { fitOptionsSummary, toolVersion, type RunSummary } from './metadata.js';
import { formatStrategy, type ClassCount } from './strategy.js';

/** Warnings about the plan: --minority classes already at target, or nothing to add at all. */
export function planWarnings(options: ResolvedAugmentOptions, counts: readonly ClassCount[]): string[] {
  const strategy = formatStrategy(options.strategy);
  const warnings = counts
    .filter((c) => options.minority.includes(c.class) && c.add === 0)
    .map((c) => `--minority names class '${c.class}', which already has its target of ${c.target} rows under strategy '${strategy}'; nothing is added to it.`);
  if (counts.every((c) => c.add === 0)) warnings.push(`Nothing to add: strategy '${strategy}' asks for no rows beyond the ones there.`);
  return warnings;
}

export interface AugmentSummaryParts {
  readonly input: NonNullable<RunSummary['input']>;
  readonly columns: readonly ColumnPlan[];
  readonly unlabelledRows: number;
  readonly counts: readonly ClassCount[];
  readonly run: Pick<RunSummary, 'backend' | 'training' | 'copies' | 'privacy' | 'warnings'>;
  /** Options only one path has (e.g. streaming's per-class cap). */
  readonly extraOptions?: Readonly<Record<string, JsonValue>>;
}

export function augmentSummary(options: ResolvedAugmentOptions, parts: AugmentSummaryParts): RunSummary {
  const { run } = parts;
  return {
    tool: 'gan-augment',
    version: toolVersion(),
    command: 'augment',
    input: parts.input,
    output: null,
    modelDir: null,
    label: options.label,
    model: options.model,
    modelParams: options.modelParams,
    seed: options.seed,
    strategy: formatStrategy(options.strategy),
    minority: options.minority,
    backend: run.backend,
    classes: parts.counts.map((c) => ({ class: c.class, before: c.before, added: c.add, after: c.target })),
    columns: parts.columns,
    unlabelledRows: parts.unlabelledRows,
    training: run.training,
    copies: run.copies,
    ...(run.privacy ? { privacy: run.privacy } : {}),
    provenanceColumn: options.provenanceColumn,
    options: {
      ...fitOptionsSummary(options),
      keepCopies: options.keepCopies,
      privacyDistance: options.privacyDistance ? formatThreshold(options.privacyDistance) : null,
      format: options.format ?? null,
      ...parts.extraOptions,
    },
    warnings: run.warnings,
  };
}

/** '0.02' or 'q0.05', as the user writes it on the command line. */
export function formatThreshold(threshold: DistanceThreshold): string {
  return 'absolute' in threshold ? String(threshold.absolute) : `q${threshold.quantile}`;
}
