/**
 * `snapshot: 'auto'`: how long to train, chosen on data rather than by the loss (a GAN's losses do
 * not say when its rows are most useful). The training rows are split in two stratified halves; on
 * each half the model is fitted once with snapshots of the generator at SNAPSHOT_SHARES of its
 * epochs, each snapshot's rows (enough to balance the half) are judged downstream on the other half
 * (FitOptions.judge: a logistic regression's minority F1, supplied by the core), and the share with
 * the best mean wins (ties: the longer training). The real fit then stops at that share of its
 * epochs, which is that snapshot of a full fit: every epoch draws from its own fork and nothing
 * is scheduled by the epoch count (except trainOn 'pretrain''s phase split, taken from the shorter run).
 */
import type { Dataset, SyntheticJudge } from '../../src/contracts.js';
import { countByClass, takeRows } from '../../src/dataset.js';
import { isGanAugmentError } from '../../src/errors.js';
import type { Rng } from '../../src/random.js';

/** Shares of the epochs at which snapshots are scored; 1 is today's fit. */
export const SNAPSHOT_SHARES: readonly number[] = [0.25, 0.5, 0.75, 1];

/** A fit on one half: rows of its snapshot `i` (of SNAPSHOT_SHARES), then release it. */
export interface SnapshotFit {
  sample(snapshot: number, counts: ReadonlyMap<number, number>, rng: Rng): Promise<Dataset>;
  dispose(): void;
}

export interface EpochShareChoice {
  /** The share of the fit's epochs to train. */
  readonly share: number;
  /** Mean validation score per share, in SNAPSHOT_SHARES order. */
  readonly scores: readonly number[];
}

/**
 * The share of the epochs to train, or a sentence saying why none could be chosen (then the fit
 * keeps every epoch). `fitHalf` fits this run's model on the rows given.
 *
 * @example const choice = await chooseEpochShare(data, judge, rng.fork('ctgan:snapshot'), fitHalf);
 */
export async function chooseEpochShare(data: Dataset, judge: SyntheticJudge, rng: Rng, fitHalf: (rows: Dataset, rng: Rng) => Promise<SnapshotFit>): Promise<EpochShareChoice | string> {
  const counts = countByClass(data);
  const tiny = counts.findIndex((c) => c === 1);
  if (tiny >= 0) return `class '${data.classes[tiny]}' has 1 training row, too few to split`;
  const halves = stratifiedHalves(data.labels, rng.fork('halves'));
  const sums = SNAPSHOT_SHARES.map(() => 0);
  for (let h = 0; h < 2; h++) {
    const train = takeRows(data, halves[h]!);
    const validation = takeRows(data, halves[1 - h]!);
    let fit: SnapshotFit;
    try {
      fit = await fitHalf(train, rng.fork(`half-${h}`));
    } catch (err) {
      // Half the rows may be too few for the model (an explicit batch larger than a half's class).
      if (isGanAugmentError(err) && (err.code === 'data' || err.code === 'usage')) return `the fit on half of the training rows failed (${err.message})`;
      throw err;
    }
    try {
      const needed = balancingCounts(train);
      for (let i = 0; i < SNAPSHOT_SHARES.length; i++) {
        const synthetic = await fit.sample(i, needed, rng.fork(`half-${h}:sample:${i}`));
        // The same judge seed for every snapshot of a half: the snapshots are compared on equal terms.
        sums[i]! += (await judge(train, synthetic, validation, rng.fork(`half-${h}:judge`))) / 2;
      }
    } finally {
      fit.dispose();
    }
  }
  let best = sums.length - 1;
  for (let i = sums.length - 2; i >= 0; i--) if (sums[i]! > sums[best]! + 1e-12) best = i;
  return { share: SNAPSHOT_SHARES[best]!, scores: sums };
}

/** Epochs of a share of a fit (at least one). */
export function shareOfEpochs(share: number, epochs: number): number {
  return Math.max(1, Math.round(share * epochs));
}

/** The summary's sentence about a choice for a fit of `epochs` epochs. */
export function snapshotNote(choice: EpochShareChoice | string, epochs: number): string {
  if (typeof choice === 'string') return `ctgan snapshot 'auto': ${choice}, so the fit kept all ${epochs} epochs.`;
  const chosen = shareOfEpochs(choice.share, epochs);
  const scores = SNAPSHOT_SHARES.map((s, i) => `${s}: ${choice.scores[i]!.toFixed(3)}`).join(', ');
  return `ctgan snapshot 'auto': trained ${chosen} of ${epochs} epochs (share ${choice.share}), the best validation minority F1 on a 2-fold split of the training rows (${scores}).`;
}

/** Rows per class that bring every class up to the largest (the default strategy), positive only. */
function balancingCounts(rows: Dataset): Map<number, number> {
  const counts = countByClass(rows);
  const most = Math.max(...counts);
  const out = new Map<number, number>();
  counts.forEach((c, k) => {
    if (c > 0 && c < most) out.set(k, most - c);
  });
  return out;
}

/** Row indexes of two halves, each class split as evenly as it goes (ascending within a half). */
function stratifiedHalves(labels: Int32Array, rng: Rng): [number[], number[]] {
  const byClass = new Map<number, number[]>();
  labels.forEach((l, r) => {
    const rows = byClass.get(l);
    if (rows) rows.push(r);
    else byClass.set(l, [r]);
  });
  const halves: [number[], number[]] = [[], []];
  for (const k of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = byClass.get(k)!;
    const order = rng.fork(`class-${k}`).permutation(rows.length);
    order.forEach((j, i) => halves[i % 2]!.push(rows[j]!));
  }
  return [halves[0].sort((a, b) => a - b), halves[1].sort((a, b) => a - b)];
}
