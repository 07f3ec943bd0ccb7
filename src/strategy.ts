/**
 * How many synthetic rows each class needs: imbalanced-learn's `sampling_strategy` vocabulary
 * (auto / not majority / not minority / minority / all, a ratio, or per-class counts), optionally
 * restricted to the classes named in --minority. Every form gives a target *total* per class
 * after augmentation (as imbalanced-learn's dict form does); rows are only ever added.
 */
import { GanAugmentError } from './errors.js';

export const STRATEGY_NAMES = ['auto', 'not majority', 'not minority', 'minority', 'all'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

export type SamplingStrategy =
  | { readonly kind: StrategyName }
  | { readonly kind: 'ratio'; readonly ratio: number }
  | { readonly kind: 'counts'; readonly counts: Readonly<Record<string, number>> };

export interface ClassCount {
  readonly class: string;
  readonly before: number;
  /** Rows of this class after augmentation. */
  readonly target: number;
  /** Synthetic rows to generate: target - before. */
  readonly add: number;
}

const ALLOWED = `one of ${STRATEGY_NAMES.map((s) => `'${s}'`).join(', ')}, a ratio in (0, 1] such as 0.5, or per-class totals such as 'yes=500,maybe=200'`;

/**
 * Parse a strategy (or, with flag '--counts', per-class counts) given as CLI text ('auto', '0.5', 'yes=500,maybe=200'), a number, or a
 * `{ class: total }` record.
 * @example parseStrategy('minority'); parseStrategy(0.8); parseStrategy({ fraud: 2000 })
 */
export function parseStrategy(raw: unknown, flag = '--strategy'): SamplingStrategy {
  if (raw === undefined || raw === null || raw === '') return { kind: 'auto' };
  if (typeof raw === 'number') return ratio(raw, String(raw), flag);
  if (typeof raw === 'object' && !Array.isArray(raw)) {
    return counts(Object.entries(raw as Record<string, unknown>), JSON.stringify(raw), flag);
  }
  if (typeof raw !== 'string') throw usage(`${flag} must be ${ALLOWED}; got ${String(raw)}.`);
  const text = raw.trim();
  const name = text.toLowerCase().replace(/[-_]/g, ' ');
  if ((STRATEGY_NAMES as readonly string[]).includes(name)) return { kind: name as StrategyName };
  if (text.includes('=')) {
    const entries = text.split(',').filter((p) => p.trim() !== '').map((part): [string, unknown] => {
      const at = part.lastIndexOf('=');
      if (at <= 0) throw usage(`${flag}: '${part}' is not of the form class=count.`);
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    });
    return counts(entries, text, flag);
  }
  if (/^[0-9.eE+-]+$/.test(text)) return ratio(Number(text), text, flag);
  throw usage(`${flag} must be ${ALLOWED}; got '${text}'.`);
}

/**
 * Per-class targets for the given class sizes.
 * @example planClassCounts(['no', 'yes'], [900, 100], { kind: 'auto' }) // yes: add 800
 */
export function planClassCounts(
  classes: readonly string[],
  before: readonly number[],
  strategy: SamplingStrategy,
  minority?: readonly string[],
): ClassCount[] {
  const index = new Map(classes.map((c, i) => [c, i]));
  const known = `Classes in the label column: ${classes.map((c) => `'${c}'`).join(', ')}.`;
  if (minority && minority.length > 0) {
    for (const name of minority) {
      if (!index.has(name)) throw usage(`--minority: class '${name}' is not in the label column.`, known);
    }
    if (strategy.kind === 'minority') {
      throw usage("--strategy minority picks the smallest class itself and cannot be combined with --minority.", 'Use --strategy auto with --minority, or drop --minority.');
    }
  }
  const allowed = (i: number): boolean => !minority || minority.length === 0 || minority.includes(classes[i]!);
  let majority = 0;
  let smallest = 0;
  before.forEach((n, i) => {
    if (n > before[majority]!) majority = i;
    if (n < before[smallest]!) smallest = i;
  });
  const top = before[majority]!;
  const targets = before.slice();

  switch (strategy.kind) {
    case 'auto':
    case 'not majority':
      before.forEach((_, i) => {
        if (i !== majority && allowed(i)) targets[i] = top;
      });
      break;
    case 'not minority':
      before.forEach((_, i) => {
        if (i !== smallest && allowed(i)) targets[i] = top;
      });
      break;
    case 'minority':
      targets[smallest] = top;
      break;
    case 'all':
      before.forEach((_, i) => {
        if (allowed(i)) targets[i] = top;
      });
      break;
    case 'ratio': {
      const goal = Math.floor(strategy.ratio * top);
      before.forEach((n, i) => {
        if (i === majority || !allowed(i)) return;
        if (goal < n) {
          throw usage(
            `--strategy ${strategy.ratio}: class '${classes[i]}' already has ${n} rows, more than ${strategy.ratio} x ${top} (the majority class '${classes[majority]}') = ${goal}; rows are only ever added.`,
            `Use a ratio of at least ${(n / top).toFixed(3)}${classes.length > 2 ? ', or restrict it with --minority' : ''}.`,
          );
        }
        targets[i] = goal;
      });
      break;
    }
    case 'counts':
      for (const [name, total] of Object.entries(strategy.counts)) {
        const i = index.get(name);
        if (i === undefined) throw usage(`--strategy: class '${name}' is not in the label column.`, known);
        if (!allowed(i)) throw usage(`--strategy names class '${name}', which is not in --minority.`, 'Add it to --minority or remove it from --strategy.');
        if (total < before[i]!) {
          throw usage(
            `--strategy: ${name}=${total} is below the ${before[i]} rows class '${name}' already has; the count is the total after augmentation and rows are only ever added.`,
            `Use ${name}=${before[i]} or more.`,
          );
        }
        targets[i] = total;
      }
      break;
  }
  return classes.map((c, i) => ({ class: c, before: before[i]!, target: targets[i]!, add: targets[i]! - before[i]! }));
}

/** A strategy as text again (for summaries and metadata). */
export function formatStrategy(strategy: SamplingStrategy): string {
  if (strategy.kind === 'ratio') return String(strategy.ratio);
  if (strategy.kind === 'counts') return Object.entries(strategy.counts).map(([k, v]) => `${k}=${v}`).join(',');
  return strategy.kind;
}

function ratio(value: number, text: string, flag: string): SamplingStrategy {
  if (!Number.isFinite(value) || value <= 0 || value > 1) {
    throw usage(`${flag}: a ratio must be in (0, 1] (minority rows / majority rows after augmentation); got ${text}.`, `Other forms: ${ALLOWED}.`);
  }
  return { kind: 'ratio', ratio: value };
}

function counts(entries: [string, unknown][], text: string, flag: string): SamplingStrategy {
  if (entries.length === 0) throw usage(`${flag}: no class=count pairs in '${text}'.`);
  const out: Record<string, number> = {};
  for (const [name, raw] of entries) {
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(n) || n < 0) {
      throw usage(`${flag}: the count for class '${name}' must be a non-negative integer, got '${String(raw)}'.`);
    }
    if (name in out) throw usage(`${flag}: class '${name}' is given twice.`);
    out[name] = n;
  }
  return { kind: 'counts', counts: out };
}

function usage(message: string, hint?: string): GanAugmentError {
  return new GanAugmentError('usage', message, hint ? { hint } : {});
}
