/**
 * The units' results merged in (repeat, fold, method, classifier) order, whatever order they
 * arrived in: the per-split records, the pooled out-of-fold predictions, the failures, `auto`'s
 * choices, and per synthesizer its fit times and the diagnostics of the first split it was fitted on.
 */
import type { Dataset } from '../contracts.js';
import type { Split } from './folds.js';
import { decide, minorityScores, scoreRows } from './metrics.js';
import { OutOfFoldStore } from './pooled.js';
import type { MethodFailure, RunRecord } from './report-types.js';
import type { FitDiagnostics, MethodOutcome, UnitResult } from './units.js';
import { addFilterTally, emptyFilterTally, type FilterTally } from '../stage/filters/tally.js';

export interface MergedRuns {
  readonly runs: RunRecord[];
  readonly failures: MethodFailure[];
  readonly oof: OutOfFoldStore;
  /** Per synthesizer, in the order first fitted. */
  readonly diagnostics: Map<string, FitDiagnostics | undefined>;
  readonly synthSeconds: Map<string, number[]>;
  /** Per synthesizer with filter rules: what each dropped, summed over the splits. */
  readonly filtered: Map<string, FilterTally>;
  /** Per synthesizer with --amount auto: the share chosen on each split, in split order. */
  readonly amounts: Map<string, number[]>;
  readonly autoChoices: string[];
  /** Synthesizers first fitted on a split whose units did not measure diagnostics (it failed on the first). */
  readonly pending: { readonly split: number; readonly base: string }[];
}

export function mergeResults(results: readonly UnitResult[], splits: readonly Split[], methods: readonly string[], classifiers: readonly string[], data: Dataset, minority: number): MergedRuns {
  const merged: MergedRuns = { runs: [], failures: [], oof: new OutOfFoldStore(data.rowCount, data.classes.length, minority), diagnostics: new Map(), synthSeconds: new Map(), filtered: new Map(), amounts: new Map(), autoChoices: [], pending: [] };
  const bySplit = splits.map(() => new Map<string, MethodOutcome>());
  for (const result of results) for (const o of result.outcomes) bySplit[result.split]!.set(o.method, o);
  splits.forEach((split, s) => {
    const testLabels = Int32Array.from(split.test, (row) => data.labels[row]!);
    // One record per (split, synthesizer): `auto` may run a fit another method of the split made.
    const fitted = new Set<string>();
    for (const method of methods) {
      const o = bySplit[s]!.get(method)!;
      if (method === 'auto') merged.autoChoices.push(o.chosen!);
      if (o.fit && !fitted.has(o.fit.base)) {
        fitted.add(o.fit.base);
        merged.synthSeconds.set(o.fit.base, [...(merged.synthSeconds.get(o.fit.base) ?? []), o.fit.seconds]);
        if (o.fit.filter) {
          if (!merged.filtered.has(o.fit.base)) merged.filtered.set(o.fit.base, emptyFilterTally(o.fit.filter.rules));
          addFilterTally(merged.filtered.get(o.fit.base)!, o.fit.filter);
        }
        if (o.fit.amount !== undefined) merged.amounts.set(o.fit.base, [...(merged.amounts.get(o.fit.base) ?? []), o.fit.amount]);
        if (!merged.diagnostics.has(o.fit.base)) {
          merged.diagnostics.set(o.fit.base, o.fit.diagnostics);
          if (!o.fit.diagnostics) merged.pending.push({ split: s, base: o.fit.base });
        }
      }
      if (o.failure !== undefined) {
        merged.failures.push({ repeat: split.repeat, fold: split.fold, method, message: o.failure });
        continue;
      }
      o.predictions!.forEach((prediction, ci) => {
        const classifier = classifiers[ci]!;
        const threshold = o.thresholds![ci];
        const predicted = decide(prediction.proba, data.classes.length, minority, threshold);
        merged.oof.record(split.repeat, method, classifier, split.test, predicted, prediction.proba);
        merged.runs.push({
          repeat: split.repeat,
          fold: split.fold,
          method,
          classifier,
          metrics: scoreRows({ truth: testLabels, predicted, scores: minorityScores(prediction.proba, data.classes.length, minority) }, data.classes.length, minority),
          trainRows: o.trainRows!,
          syntheticRows: o.trainRows! - o.realRows!,
          testRows: split.test.length,
          classifierSeconds: prediction.seconds,
          ...(threshold !== undefined ? { threshold } : {}),
        });
      });
    }
  });
  return merged;
}
