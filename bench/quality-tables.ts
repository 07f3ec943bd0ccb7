/**
 * The method-against-method tables of issue #13 from saved quality results (`bench/quality.ts
 * --tables DIR[,DIR2]`): per dataset (a) `threshold` against every other method, (b) `auto`
 * against the best single method, (c) whether the issue's targets hold. Runs made with the same
 * seed and folds pair across folders by the `splits[].split` key (every method forks its
 * randomness by name), so `auto` may come from a second run.
 */
import { comparePaired, type PairedComparison } from '../src/evaluate/compare.js';
import { Rng } from '../src/random.js';
import { f3, pv, signed, type SavedResult } from './quality-results.js';

type Metric = 'f1' | 'prAuc';
const METRICS: readonly { readonly key: Metric; readonly label: string }[] = [
  { key: 'f1', label: 'minority F1' },
  { key: 'prAuc', label: 'PR-AUC' },
];
/** The exact two-sided Wilcoxon test cannot reach p < 0.05 with fewer pairs. */
const MIN_PAIRS = 6;

/** One dataset's per-split values by method, merged over the runs (the first run with a method wins). */
interface DatasetSplits {
  readonly dataset: string;
  readonly methods: readonly string[];
  readonly values: ReadonlyMap<string, ReadonlyMap<string, { readonly f1: number; readonly prAuc: number }>>;
}

/** What the tables read of a saved result. */
export type SplitsOf = Pick<SavedResult, 'dataset' | 'splits'> & { readonly protocol: Pick<SavedResult['protocol'], 'methods'> };

export function mergeRuns(runs: readonly (readonly SplitsOf[])[]): DatasetSplits[] {
  const byDataset = new Map<string, { methods: string[]; values: Map<string, Map<string, { f1: number; prAuc: number }>> }>();
  for (const run of runs) {
    for (const result of run) {
      const entry = byDataset.get(result.dataset) ?? { methods: [] as string[], values: new Map<string, Map<string, { f1: number; prAuc: number }>>() };
      byDataset.set(result.dataset, entry);
      const fresh = new Set(result.protocol.methods.filter((m) => !entry.methods.includes(m)));
      for (const s of result.splits ?? []) {
        if (!fresh.has(s.method)) continue;
        const splits = entry.values.get(s.method) ?? new Map<string, { f1: number; prAuc: number }>();
        splits.set(s.split, { f1: s.f1, prAuc: s.prAuc });
        entry.values.set(s.method, splits);
      }
      entry.methods.push(...fresh);
    }
  }
  return [...byDataset].sort(([a], [b]) => a.localeCompare(b)).map(([dataset, e]) => ({ dataset, methods: e.methods, values: e.values }));
}

/** `method` - `other` on `metric`, paired over the splits both have. */
function compare(d: DatasetSplits, method: string, other: string, metric: Metric): PairedComparison | undefined {
  const a = d.values.get(method);
  const b = d.values.get(other);
  if (!a || !b) return undefined;
  const keys = [...a.keys()].filter((k) => b.has(k)).sort();
  return comparePaired(keys.map((k) => a.get(k)![metric]), keys.map((k) => b.get(k)![metric]), new Rng(0).fork(`${d.dataset}:${method}:${other}:${metric}`));
}

type Outcome = 'better' | 'worse' | 'tie' | 'untestable' | 'n/a';

function outcome(c: PairedComparison | undefined, alpha: number): Outcome {
  if (!c || c.n === 0) return 'n/a';
  if (c.n < MIN_PAIRS) return 'untestable';
  return Number.isFinite(c.pValue) && c.pValue < alpha ? (c.meanDiff > 0 ? 'better' : 'worse') : 'tie';
}

function mean(d: DatasetSplits, method: string, metric: Metric): number {
  const values = [...(d.values.get(method)?.values() ?? [])].map((v) => v[metric]);
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The single method (not auto) with the highest mean, over every split it has. */
function bestSingle(d: DatasetSplits, metric: Metric): string | undefined {
  return d.methods
    .filter((m) => m !== 'auto' && Number.isFinite(mean(d, m, metric)))
    .sort((a, b) => mean(d, b, metric) - mean(d, a, metric) || a.localeCompare(b))[0];
}

const cells = (c: PairedComparison | undefined, words: Record<Outcome, string>, alpha: number): string =>
  c ? `${signed(c.meanDiff)} [${f3(c.ciLow)}, ${f3(c.ciHigh)}] | ${pv(c.pValue)} (${c.n}) | ${words[outcome(c, alpha)]}` : 'n/a | n/a | n/a';

/**
 * The three tables as markdown lines.
 * @example methodTables(mergeRuns([await loadSavedResults('bench/results/screen-full-v4'), await loadSavedResults('bench/results/screen-full-v4-auto')]))
 */
export function methodTables(datasets: readonly DatasetSplits[], alpha = 0.05): string[] {
  const vsThreshold: Record<Outcome, string> = { better: 'beats threshold', worse: 'loses to threshold', tie: 'tie', untestable: `untestable (< ${MIN_PAIRS} pairs)`, 'n/a': 'n/a' };
  const vsBest: Record<Outcome, string> = { better: 'auto better', worse: 'auto worse', tie: 'tie', untestable: `untestable (< ${MIN_PAIRS} pairs)`, 'n/a': 'n/a' };
  const lines: string[] = [
    `Paired two-sided Wilcoxon signed-rank tests over the same (repeat, fold) splits, at ${alpha}; each split's value is the mean over the classifiers. Differences are the row's method minus the other, with a 95% bootstrap interval; p is followed by the number of pairs.`,
    '',
    '#### (a) threshold against every other method',
    '',
    '| dataset | method | F1: method − threshold [95% CI] | p (pairs) | F1 result | PR-AUC: method − threshold [95% CI] | p (pairs) | PR-AUC result |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const d of datasets) {
    for (const m of d.methods.filter((x) => x !== 'threshold')) {
      lines.push(`| ${d.dataset} | ${m} | ${cells(compare(d, m, 'threshold', 'f1'), vsThreshold, alpha)} | ${cells(compare(d, m, 'threshold', 'prAuc'), vsThreshold, alpha)} |`);
    }
  }
  lines.push(
    '',
    '#### (b) auto against the best single method',
    '',
    'The best single method is the one with the highest mean on this very data, so the comparison favours it: the best of several noisy means is biased upwards, and a tie is what a method that chooses without seeing the test folds can hope for.',
    '',
    '| dataset | metric | best single method (mean) | auto (mean) | auto − best [95% CI] | p (pairs) | result |',
    '|---|---|---|---|---|---|---|',
  );
  for (const d of datasets) {
    for (const { key, label } of METRICS) {
      const best = bestSingle(d, key);
      const c = best ? compare(d, 'auto', best, key) : undefined;
      lines.push(`| ${d.dataset} | ${label} | ${best ? `${best} (${f3(mean(d, best, key))})` : 'n/a'} | ${f3(mean(d, 'auto', key))} | ${cells(c, vsBest, alpha)} |`);
    }
  }
  lines.push(
    '',
    '#### (c) the targets of issue #13, on minority F1 (the metric auto chooses by)',
    '',
    'Target 1: auto is never significantly worse than the best single method. Target 2: auto is significantly better than threshold wherever any other method is.',
    '',
    '| dataset | target 1: auto vs the best single method | methods significantly better than threshold | auto vs threshold | target 2 | both hold |',
    '|---|---|---|---|---|---|',
  );
  const failed: string[] = [];
  let judged = 0;
  for (const d of datasets) {
    const best = bestSingle(d, 'f1');
    const vsBestOutcome = outcome(best ? compare(d, 'auto', best, 'f1') : undefined, alpha);
    const first = vsBestOutcome === 'n/a' ? 'n/a' : vsBestOutcome === 'worse' ? `fails (${best} better)` : `holds (${vsBest[vsBestOutcome]})`;
    const beaters = d.methods.filter((m) => m !== 'threshold' && m !== 'auto' && outcome(compare(d, m, 'threshold', 'f1'), alpha) === 'better');
    const autoVs = outcome(compare(d, 'auto', 'threshold', 'f1'), alpha);
    const second = autoVs === 'n/a' ? 'n/a' : beaters.length === 0 ? 'holds (nothing beats threshold)' : autoVs === 'better' ? 'holds' : 'fails';
    const both = first === 'n/a' || second === 'n/a' ? 'n/a' : first.startsWith('holds') && second.startsWith('holds') ? 'yes' : 'no';
    if (both !== 'n/a') judged++;
    if (both === 'no') failed.push(d.dataset);
    lines.push(`| ${d.dataset} | ${first} | ${beaters.length > 0 ? beaters.join(', ') : '-'} | ${vsThreshold[autoVs]} | ${second} | ${both} |`);
  }
  lines.push('', `Both targets hold on ${judged - failed.length} of ${judged} datasets with an auto result${failed.length > 0 ? `; they fail on ${failed.join(', ')}` : ''}.`, '');
  return lines;
}
