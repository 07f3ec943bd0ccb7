/**
 * The public `fitModel`: resolve the options, choose the synthesizer first when `model` is 'auto'
 * (src/evaluate/choose-model.ts, as the CLI does), then fit and save it (src/stage/fit-model.ts).
 */
import { judgeSynthetic } from '../evaluate/choose-judge.js';
import { chooseForFit } from '../evaluate/choose-model.js';
import { resolveFitModelOptions, type FitModelOptions } from '../options/index.js';
import { checkFitTargets, fitModelWith, type FitModelResult } from '../stage/fit-model.js';

/**
 * Fit a synthesizer on every labelled row and save it. With `model: 'auto'` the choice is recorded
 * in the model folder; when no candidate beats the baselines it throws 'no-improvement' and saves nothing.
 * @example const { summary } = await fitModel({ input: 'train.csv', label: 'class', modelDir: 'models/fraud', epochs: 100 });
 */
export async function fitModel(raw: FitModelOptions): Promise<FitModelResult> {
  // The evaluator's judge for plugins that choose on data (ctgan's snapshot 'auto').
  const resolved = resolveFitModelOptions({ judge: judgeSynthetic, ...raw });
  if (resolved.model !== 'auto') return fitModelWith(resolved);
  await checkFitTargets(resolved);
  return fitModelWith(await chooseForFit(resolved, resolved.input));
}
