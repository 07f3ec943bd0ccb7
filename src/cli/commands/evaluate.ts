/**
 * `gan-augment evaluate`: cross-validate whether augmentation helps a classifier, print a table and
 * the verdicts on stdout, and optionally write the report as JSON (--json) and as one
 * self-contained HTML file (--report). Options are resolved once here, from the option table.
 */
import { GanAugmentError } from '../../errors.js';
import { checkMetric, evaluateWith } from '../../evaluate/index.js';
import { resolveEvaluateOptions, type EvaluateOptions } from '../../options/index.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { queueExecutor } from '../../queue/evaluate-jobs.js';
import { renderReportHtml } from '../../report/html.js';
import { reportToJson } from '../../report/json.js';
import { formatReportText } from '../../report/text.js';
import { printableLines } from '../../untrusted-text.js';
import type { CliIO } from '../terminal.js';
import { formatCommandHelp, parseCommandArgs, type CommandSpec } from '../parse-args.js';
import { createProgressBar } from '../progress-bar.js';
import { flagsFor, toRawOptions } from '../flags.js';
import { printEvaluatePlan } from '../dry-run.js';
import { writeFully } from '../../io/stdio.js';
import { resolve } from 'node:path';

export const EVALUATE_SPEC: CommandSpec = {
  name: 'evaluate',
  summary: 'Cross-validate whether augmentation helps a classifier, and say so plainly.',
  usage: 'evaluate --input FILE --label COLUMN [options]',
  flags: flagsFor('evaluate'),
  examples: [
    'gan-augment evaluate --input churn.csv --label churned --report report.html',
    'gan-augment evaluate --input train.parquet --label y --methods none,smote,ctgan --classifiers logistic,forest --epochs 100 --json report.json',
    'gan-augment evaluate --input /data/train.parquet --label y --redis redis://127.0.0.1:6379 --json report.json',
    'gan-augment evaluate --input churn.csv --label churned --dry-run   # folds x repeats x methods x classifiers, workers, a rough time',
  ],
};

export async function runEvaluate(args: string[], io: CliIO): Promise<number> {
  const values = parseCommandArgs(args, EVALUATE_SPEC);
  if (values.help) {
    io.stdout.write(formatCommandHelp(EVALUATE_SPEC));
    return 0;
  }
  const quiet = values.quiet === true;
  const raw = toRawOptions<EvaluateOptions>(values, 'evaluate');
  if (raw.input === '-') {
    throw new GanAugmentError('usage', "evaluate --input -: the evaluator reads a file, not standard input.", { hint: 'Save the data to a CSV, Parquet or Arrow file and pass its path.' });
  }
  // Fail fast on bad flags, before reading anything.
  const resolved = resolveEvaluateOptions({ ...raw, input: typeof raw.input === 'string' ? resolve(io.cwd, raw.input) : '' });
  checkMetric(resolved.metric);
  const input = resolved.input as string;
  const jsonPath = typeof values.json === 'string' ? values.json : undefined;
  const htmlPath = typeof values.report === 'string' ? values.report : undefined;
  // `--json -`: the JSON on stdout, the text table on stderr.
  const jsonToStdout = jsonPath === '-';
  const bar = createProgressBar(io, { quiet });
  if (values['dry-run'] === true) {
    const outputs = [...(jsonPath !== undefined && !jsonToStdout ? [{ what: 'JSON report', path: jsonPath }] : []), ...(htmlPath !== undefined ? [{ what: 'HTML report', path: htmlPath }] : [])];
    try {
      await printEvaluatePlan(io, { ...resolved, quiet: false, progress: bar.sink }, { json: jsonToStdout, quiet, outputs });
    } finally {
      bar.finish();
    }
    return 0;
  }
  let report: Awaited<ReturnType<typeof evaluateWith>>;
  try {
    // --redis: the units go to the queue's workers instead of this machine's.
    const queue = typeof values.redis === 'string' ? await queueExecutor(resolved, { redis: values.redis, ...(typeof values.queue === 'string' ? { queue: values.queue } : {}), ...(typeof values.attempts === 'string' ? { attempts: values.attempts } : {}) }) : undefined;
    report = await evaluateWith({ ...resolved, quiet: false, progress: bar.sink }, queue);
  } finally {
    bar.finish();
  }
  if (jsonPath !== undefined && !jsonToStdout) await writeFileAtomic(resolve(io.cwd, jsonPath), reportToJson(report), { protect: [input] });
  if (htmlPath !== undefined) await writeFileAtomic(resolve(io.cwd, htmlPath), renderReportHtml(report), { protect: [input] });
  // The report names classes and columns from the input: escaped like every other human text.
  const text = printableLines(formatReportText(report));
  if (jsonToStdout) {
    await writeFully(io.stdout, new TextEncoder().encode(reportToJson(report)), 'standard output (--json -)');
    if (!quiet) io.stderr.write(text);
  } else {
    io.stdout.write(text);
  }
  if (!quiet) {
    if (jsonPath !== undefined && !jsonToStdout) io.stderr.write(`Wrote ${jsonPath}\n`);
    if (htmlPath !== undefined) io.stderr.write(`Wrote ${htmlPath}\n`);
  }
  return 0;
}
