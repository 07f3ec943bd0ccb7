/**
 * The public `augment`: resolve the options, choose the synthesizer first when `model` is 'auto'
 * (src/evaluate/choose-model.ts, as the CLI does), then run the in-memory stage (src/stage/augment.ts).
 */
import { chooseAmount } from '../evaluate/choose-amount.js';
import { judgeSynthetic } from '../evaluate/choose-judge.js';
import { chooseForAugment } from '../evaluate/choose-model.js';
import { resolveAugmentOptions, type AugmentOptions } from '../options/index.js';
import { augmentWith, checkAugmentTargets, type AugmentResult } from '../stage/augment.js';

/**
 * Balance a labelled table with synthetic rows.
 * @example
 * const { table, summary } = await augment({ input: 'train.csv', output: 'balanced.parquet', label: 'class', epochs: 100 });
 * console.log(summary.classes); // [{ class: 'no', before: 900, added: 0, after: 900 }, { class: 'yes', before: 100, added: 800, after: 900 }]
 * @example
 * const { autoChoice } = await augment({ input: 'train.csv', label: 'class', model: 'auto' });
 * console.log(autoChoice?.chosen ?? 'nothing beat the baselines: the input came back unchanged');
 */
export async function augment(raw: AugmentOptions): Promise<AugmentResult> {
  // The evaluator's validation split behind `amount: 'auto'` and its judge for plugins that choose on data (the stage cannot import the evaluator).
  const resolved = resolveAugmentOptions({ amountChooser: chooseAmount, judge: judgeSynthetic, ...raw });
  if (resolved.model !== 'auto') return augmentWith(resolved);
  checkAugmentTargets(resolved);
  return augmentWith(await chooseForAugment(resolved, resolved.input));
}
