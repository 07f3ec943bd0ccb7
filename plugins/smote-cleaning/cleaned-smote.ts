/**
 * SMOTE followed by a cleaning rule (SMOTE-ENN, SMOTE-Tomek), within gan-augment's contract that
 * the input's rows come out unchanged: the rule judges only the synthetic rows, each against the
 * training rows plus the synthetic rows of its draw (as imbalanced-learn's cleaning sees them), and
 * a synthetic row it would remove is dropped and drawn again. Rows kept in a round stay kept.
 *
 * The first draw uses the caller's stream unchanged, so its rows are exactly the rows `smote`
 * gives for the same seed; the rule then removes what imbalanced-learn's cleaning would remove of them.
 */
import type { Dataset, JsonValue } from '../../src/contracts.js';
import { concatRows, stackRows, takeRows } from '../../src/dataset.js';
import { GanAugmentError } from '../../src/errors.js';
import type { ProgressSink } from '../../src/progress.js';
import type { Rng } from '../../src/random.js';
import { requestedCounts } from '../random/requested-counts.js';
import { allRowsMatrix } from '../smote/all-rows.js';
import { SmoteSynthesizer } from '../smote/smote-synthesizer.js';
import type { CleaningRule } from './rules.js';

/** The first draw plus this many redraws for rows the rule removed. */
export const MAX_CLEANING_ROUNDS = 10;

export class CleanedSmote extends SmoteSynthesizer {
  constructor(
    params: { readonly k_neighbors: number },
    name: string,
    config: Readonly<Record<string, JsonValue>>,
    private readonly rule: CleaningRule,
    /** How the rule is named in errors, e.g. 'ENN (n_neighbors=3)'. */
    private readonly ruleName: string,
  ) {
    super(params, name, config);
  }

  override async sample(counts: ReadonlyMap<number, number>, rng: Rng, progress?: ProgressSink): Promise<Dataset> {
    const data = this.fitted();
    const remaining = new Map(requestedCounts(counts, data, this.name));
    const total = [...remaining.values()].reduce((s, n) => s + n, 0);
    let kept = stackRows([], data);
    let drawn = 0;
    for (let round = 0; round < MAX_CLEANING_ROUNDS && [...remaining.values()].some((n) => n > 0); round++) {
      // After a round that lost rows, over-draw by the observed keep rate (bounded).
      const keepRate = drawn === 0 ? 1 : Math.max(0.1, kept.rowCount / drawn);
      const request = new Map(
        [...remaining].filter(([, n]) => n > 0).map(([c, n]) => [c, round === 0 ? n : Math.min(n * 10, Math.ceil((n / keepRate) * 1.1))] as [number, number]),
      );
      const batch = await super.sample(request, round === 0 ? rng : rng.fork(`clean:${round}`));
      drawn += batch.rowCount;
      const pool = concatRows(concatRows(data, kept), batch);
      const offset = data.rowCount + kept.rowCount;
      const removed = this.rule(allRowsMatrix(pool), pool.labels, Int32Array.from({ length: batch.rowCount }, (_, i) => offset + i));
      const survivors: number[] = [];
      for (let i = 0; i < batch.rowCount; i++) {
        const c = batch.labels[i]!;
        const left = remaining.get(c)!;
        if (removed[i] === 1 || left === 0) continue;
        survivors.push(i);
        remaining.set(c, left - 1);
      }
      kept = concatRows(kept, takeRows(batch, survivors));
      progress?.({ phase: 'sample', done: kept.rowCount, total, unit: 'rows' });
    }
    const short = [...remaining].filter(([, n]) => n > 0);
    if (short.length > 0) {
      const [c, n] = short[0]!;
      throw new GanAugmentError(
        'data',
        `${this.name}: ${this.ruleName} removed the synthetic rows of class '${data.classes[c]}' again and again: after ${MAX_CLEANING_ROUNDS} draws it is still ${n} row${n === 1 ? '' : 's'} short of ${counts.get(c)}.`,
        { hint: 'The class overlaps the others almost everywhere: use --model smote (no cleaning), or ask for fewer rows with --strategy.' },
      );
    }
    // Ascending class order, as every sampler here returns.
    const order = Array.from({ length: kept.rowCount }, (_, i) => i).sort((a, b) => kept.labels[a]! - kept.labels[b]! || a - b);
    return takeRows(kept, order);
  }
}
