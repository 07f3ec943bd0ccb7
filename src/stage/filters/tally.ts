/**
 * What the post-generation filters did, summed over rounds, chunks and (in evaluate) folds, and
 * how the run summary and the evaluation report state it.
 */
import type { FilterRule, FilterRules } from '../../options/table.js';

/** Candidates drawn per row needed when a filter is on: room for each rule to drop and for the ranking to choose. */
export const FILTER_OVERSAMPLE = 3;

export interface FilterTally {
  readonly rules: FilterRules;
  readonly dropped: Record<FilterRule, number>;
  /** Candidates past every rule but beyond the rows needed (no critic ranked them out). */
  surplus: number;
  /**
   * Rows per class name the run could not fill because the rules kept dropping the candidates: the
   * output is capped at what passed (issue #12's "capped output and filtering") instead of failing.
   */
  readonly short: Record<string, number>;
}

/** The summary's and the evaluation report's entry: the rules that ran and what each dropped. */
export interface FilterSummary {
  readonly rules: readonly FilterRule[];
  readonly oversample: number;
  readonly dropped: Readonly<Partial<Record<FilterRule, number>>>;
  readonly surplus: number;
  /** Rows per class the filter left unfilled (absent: none). */
  readonly short?: Readonly<Record<string, number>>;
  readonly statement: string;
}

export const emptyFilterTally = (rules: FilterRules): FilterTally => ({ rules, dropped: { purity: 0, distance: 0, critic: 0 }, surplus: 0, short: {} });

/** Add `part` into `into` (same rules). */
export function addFilterTally(into: FilterTally, part: FilterTally): void {
  for (const rule of part.rules) into.dropped[rule] += part.dropped[rule];
  into.surplus += part.surplus;
  for (const [c, n] of Object.entries(part.short)) into.short[c] = (into.short[c] ?? 0) + n;
}

const RULE_TEXT: Readonly<Record<FilterRule, string>> = {
  distance: 'near-copies of a training row',
  purity: 'rows whose nearest training rows were mostly of another class',
  critic: 'rows the critic ranked below the ones kept',
};

/**
 * @example filterText(tally) // '--filter purity: of the candidates drawn, dropped 12 rows whose ..., 40 beyond the rows needed.'
 */
export function filterText(tally: FilterTally): string {
  const parts = tally.rules.map((r) => `${tally.dropped[r]} ${RULE_TEXT[r]}`);
  if (!tally.rules.includes('critic')) parts.push(`${tally.surplus} beyond the rows needed`);
  const short = Object.entries(tally.short).filter(([, n]) => n > 0);
  const capped = short.length === 0 ? '' : ` Too few candidates passed for ${short.map(([c, n]) => `class '${c}' (${n} row${n === 1 ? '' : 's'} fewer than planned)`).join(', ')}: the output keeps only the rows that passed.`;
  return `--filter ${tally.rules.join(',')}: of the ${FILTER_OVERSAMPLE}x candidates drawn, dropped ${parts.join(', ')}.${capped}`;
}

export function filterSummary(tally: FilterTally): FilterSummary {
  return {
    rules: [...tally.rules],
    oversample: FILTER_OVERSAMPLE,
    dropped: Object.fromEntries(tally.rules.map((r) => [r, tally.dropped[r]])),
    surplus: tally.surplus,
    ...(Object.values(tally.short).some((n) => n > 0) ? { short: { ...tally.short } } : {}),
    statement: filterText(tally),
  };
}
