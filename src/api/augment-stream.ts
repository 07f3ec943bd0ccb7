/**
 * The public `augmentStream`: resolve the options; with `model: 'auto'`, read the labelled rows in
 * one pass (within the per-class cap, stream/choice-rows.ts) and choose on them as `augment` does
 * (src/evaluate/choose-model.ts); then run the streaming stage (src/stream/augment-stream.ts).
 */
import { chooseAmount } from '../evaluate/choose-amount.js';
import { judgeSynthetic } from '../evaluate/choose-judge.js';
import { candidateParams, chooseForAugment } from '../evaluate/choose-model.js';
import { resolveStreamAugmentOptions, type StreamAugmentOptions } from '../options/index.js';
import { augmentStreamWith, openStreamAugment, type StreamAugmentResult } from '../stream/augment-stream.js';
import { rowsForModelChoice } from '../stream/choice-rows.js';

/**
 * Augment a file or folder bigger than memory into `output`.
 * @example await augmentStream({ input: 'big/', output: 'out.parquet', label: 'class' });
 * @example const { summary } = await augmentStream({ input: 'events.parquet', output: 'out.parquet', label: 'fraud', model: 'auto' }); // summary.options.auto
 */
export async function augmentStream(raw: StreamAugmentOptions): Promise<StreamAugmentResult> {
  // The evaluator's chooser behind `amount: 'auto'` and its judge, as augment() has them.
  const resolved = resolveStreamAugmentOptions({ amountChooser: chooseAmount, judge: judgeSynthetic, ...raw });
  if (resolved.model !== 'auto') return augmentStreamWith(resolved);
  // Bad outputs fail before the minutes of choosing.
  const opened = await openStreamAugment(resolved);
  // ... and bad candidate parameters before the reading pass.
  candidateParams(resolved.autoCandidates, resolved.modelParams);
  const progress = resolved.quiet ? undefined : resolved.progress;
  const rows = await rowsForModelChoice(opened.source, { label: resolved.label, perClass: resolved.trainingRowsPerClass, seed: resolved.seed, progress });
  return augmentStreamWith(await chooseForAugment(resolved, rows), opened);
}
