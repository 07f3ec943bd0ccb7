/**
 * `gan-augment fit`: train a synthesizer on a labelled dataset and save it (JSON + binary weights,
 * loaded later without running code) for `gan-augment sample`.
 */
import { resolveFitModelOptions, type FitModelOptions } from '../../options/index.js';
import { candidateParams, chooseForFit } from '../../evaluate/choose-model.js';
import { judgeSynthetic } from '../../evaluate/choose-judge.js';
import { checkFitTargets, fitModelWith } from '../../stage/fit-model.js';
import type { CliIO } from '../terminal.js';
import { formatCommandHelp, parseCommandArgs, type CommandSpec } from '../parse-args.js';
import { createProgressBar } from '../progress-bar.js';
import { runInterruptible } from '../interrupt.js';
import { readStdinTable } from '../stdio-data.js';
import { formatRunSummary } from '../summary-text.js';
import { flagsFor, toRawOptions } from '../flags.js';
import { planFit } from '../../stage/plan.js';
import { printRunPlan } from '../dry-run.js';
import { takeStdoutSummary, writeStdoutSummary } from '../summary-stdout.js';

export const FIT_SPEC: CommandSpec = {
  name: 'fit',
  summary: 'Fit a synthesizer on a labelled dataset and save it to --model-dir, to generate rows later with `gan-augment sample`.',
  usage: 'fit --input FILE --label COLUMN --model-dir DIR [options]',
  flags: flagsFor('fit'),
  examples: [
    'gan-augment fit --input train.parquet --label label --model ctgan --epochs 300 --model-dir models/ctgan-label',
    'gan-augment fit --input train.parquet --label label --train-on all --model-dir models/every-class   # sample can then draw every class',
    'gan-augment fit --input train.parquet --label label --model auto --model-dir models/chosen   # exit 10 when nothing beats the baselines',
  ],
};

export async function runFit(args: string[], io: CliIO): Promise<number> {
  const values = parseCommandArgs(args, FIT_SPEC);
  if (values.help) {
    io.stdout.write(formatCommandHelp(FIT_SPEC));
    return 0;
  }
  const started = performance.now();
  const quiet = values.quiet === true;
  const { raw, summaryToStdout } = takeStdoutSummary(toRawOptions<FitModelOptions>(values, 'fit'), false);
  const resolved = resolveFitModelOptions({ ...raw, judge: judgeSynthetic });
  const bar = createProgressBar(io, { quiet });
  const input = resolved.input === '-' ? await readStdinTable(io) : resolved.input;
  if (values['dry-run'] === true) {
    // The stage's plan cannot see the evaluator's candidates: their parameters are checked here.
    if (resolved.model === 'auto') candidateParams(resolved.autoCandidates, resolved.modelParams);
    let plan;
    try {
      plan = await planFit(resolved, input, bar.sink);
    } finally {
      bar.finish();
    }
    await printRunPlan(io, plan, { json: summaryToStdout, quiet });
    return 0;
  }
  // --quiet is the progress bar's business; the stage keeps reporting so Ctrl-C can stop it.
  const run = await runInterruptible(io, bar, resolved.checkpointDir, async (hooks) => {
    // --model auto: choose on the input's rows first (src/evaluate/choose-model.ts, as the API does).
    let chosen = resolved;
    if (resolved.model === 'auto') {
      await checkFitTargets({ ...resolved, input });
      chosen = await chooseForFit({ ...resolved, ...hooks }, input);
    }
    return fitModelWith({ ...chosen, quiet: false, input, ...hooks });
  });
  if ('exitCode' in run) return run.exitCode;
  const result = run.value;
  if (summaryToStdout) await writeStdoutSummary(io, result.summary);
  if (!quiet) {
    io.stderr.write(
      formatRunSummary(result.summary, {
        seconds: (performance.now() - started) / 1000,
        summaryPath: summaryToStdout ? 'standard output' : resolved.summaryPath,
        backendShown: bar.backendShown,
      }),
    );
  }
  return 0;
}
