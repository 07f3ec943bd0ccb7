/**
 * `gan-augment augment`: read a labelled dataset, synthesize rows for the minority classes, write
 * original + synthetic rows with a provenance column. Options are resolved once here (the option
 * table names the flag in every error) and the stage takes the resolved options.
 */
import { resolveStreamAugmentOptions, type StreamAugmentOptions } from '../../options/index.js';
import { candidateParams, chooseForAugment } from '../../evaluate/choose-model.js';
import { GanAugmentError } from '../../errors.js';
import type { CliIO } from '../terminal.js';
import { formatCommandHelp, parseCommandArgs, type CommandSpec } from '../parse-args.js';
import { createProgressBar } from '../progress-bar.js';
import { checkOutputEarly } from '../../stage/outputs.js';
import { runInterruptible } from '../interrupt.js';
import { requireImprovement } from '../require-improvement.js';
import { finishRun } from '../finish-run.js';
import { checkStdoutForData, readStdinTable } from '../stdio-data.js';
import { flagsFor, toRawOptions } from '../flags.js';
import { runAugmentStage, streamsAugment, type CliAugmentResult } from '../scale-augment.js';
import { chooseAmount } from '../../evaluate/choose-amount.js';
import { planAugment } from '../../stage/plan.js';
import { printRunPlan } from '../dry-run.js';
import { takeStdoutSummary } from '../summary-stdout.js';
import { judgeSynthetic } from '../../evaluate/choose-judge.js';
import { rowsForModelChoiceIn } from '../../stream/choice-rows.js';

export const AUGMENT_SPEC: CommandSpec = {
  name: 'augment',
  summary: 'Balance a labelled dataset: fit a synthesizer, add synthetic minority rows (marked in a provenance column), write the result.',
  usage: 'augment --input FILE --label COLUMN --output FILE [options]',
  flags: flagsFor('augment'),
  examples: [
    'gan-augment augment --input train.parquet --label label --output train.augmented.parquet --seed 7',
    'gan-augment augment --input churn.csv --label churned --output out.csv --model smote --model-param k_neighbors=5',
    'gan-augment augment --input fraud.parquet --label fraud --output - --strategy 0.5 | other-arrow-tool',
    'gan-augment augment --input train.parquet --label label --output out.parquet --dry-run   # the plan only',
  ],
};

export async function runAugment(args: string[], io: CliIO): Promise<number> {
  const values = parseCommandArgs(args, AUGMENT_SPEC);
  if (values.help) {
    io.stdout.write(formatCommandHelp(AUGMENT_SPEC));
    return 0;
  }
  const started = performance.now();
  const quiet = values.quiet === true;
  const dryRun = values['dry-run'] === true;
  // Validate everything before touching stdin or training (fails fast on a missing --label).
  // --amount auto chooses with the evaluator's validation split (the stage cannot import it).
  const given = toRawOptions<StreamAugmentOptions>(values, 'augment-stream');
  const { raw, summaryToStdout } = takeStdoutSummary(given, !dryRun && given.output === '-');
  const resolved = resolveStreamAugmentOptions({ ...raw, amountChooser: chooseAmount, judge: judgeSynthetic });
  if (resolved.output === undefined) throw requiredOutput();
  const toStdout = resolved.output === '-';
  if (toStdout && !dryRun) checkStdoutForData(io);
  const bar = createProgressBar(io, { quiet });
  const input = resolved.input === '-' ? await readStdinTable(io) : resolved.input;
  const metric = values['require-improvement'];
  if (dryRun) {
    // The stage's plan cannot see the evaluator's candidates: their parameters are checked here.
    if (resolved.model === 'auto') candidateParams(resolved.autoCandidates, resolved.modelParams);
    let plan;
    try {
      const perClass = streamsAugment({ ...resolved, input }) ? resolved.trainingRowsPerClass : Number.POSITIVE_INFINITY;
      plan = await planAugment(resolved, input, perClass, bar.sink);
    } finally {
      bar.finish();
    }
    const gate = typeof metric === 'string' ? [`--require-improvement ${metric}: first cross-validates the model against no augmentation (5 folds x 3 repeats); exits 10 without writing unless ${metric} improves significantly.`] : [];
    await printRunPlan(io, { ...plan, notes: [...plan.notes, ...gate] }, { json: summaryToStdout, quiet });
    return 0;
  }
  const auto = resolved.model === 'auto';
  if (auto || typeof metric === 'string') {
    // The evaluation takes minutes: refuse a bad --output or --summary before it, not after.
    checkOutputEarly(toStdout ? undefined : resolved.output, resolved.format, typeof input === 'string' ? [input] : [], resolved.summaryPath);
  }
  if (!auto && typeof metric === 'string') {
    let verdict: string;
    try {
      verdict = await requireImprovement(metric, input, resolved, bar.sink);
    } finally {
      bar.finish();
    }
    bar.note(`require-improvement: ${verdict}`);
  }
  const capGiven = values['training-rows-per-class'] !== undefined;
  const run = await runInterruptible<CliAugmentResult>(io, bar, resolved.checkpointDir, async (hooks) => {
    // --model auto: choose on the input's rows first (src/evaluate/choose-model.ts, as the API does).
    // A streamed input is chosen on its rows within the per-class cap, as augmentStream() does.
    const streamed = typeof input === 'string' && streamsAugment({ ...resolved, input });
    // The candidates check their parameters before the reading pass, not after it.
    if (auto) candidateParams(resolved.autoCandidates, resolved.modelParams);
    const choiceInput = auto && streamed ? await rowsForModelChoiceIn({ ...resolved, ...hooks, input }) : input;
    const chosen = auto ? await chooseForAugment({ ...resolved, ...hooks }, choiceInput, typeof metric === 'string' ? metric : undefined) : resolved;
    // --quiet is the progress bar's business; the stage keeps reporting so Ctrl-C can stop it.
    return runAugmentStage({ ...chosen, quiet: false, input, output: toStdout ? undefined : resolved.output, ...hooks }, capGiven);
  });
  if ('exitCode' in run) return run.exitCode;
  const result = run.value;
  await finishRun(io, result, { toStdout, format: resolved.format, quiet, started, summaryPath: resolved.summaryPath, summaryToStdout, backendShown: bar.backendShown });
  return 0;
}

/** The API may skip writing (it returns the table); on the command line that would be wasted work. */
function requiredOutput(): GanAugmentError {
  return new GanAugmentError('usage', '--output is required: a file path (.parquet, .arrow, .csv), or - for an Arrow IPC stream on stdout.');
}
