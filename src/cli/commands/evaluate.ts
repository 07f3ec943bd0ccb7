/**
 * `gan-augment evaluate`: cross-validate whether augmentation helps a classifier, print a table and
 * the verdicts on stdout, and optionally write the report as JSON (--json) and as one
 * self-contained HTML file (--report). The CLI only parses argv; src/evaluate/options.ts validates.
 */
import { GanAugmentError } from '../../errors.js';
import { evaluate, type EvaluateOptions } from '../../evaluate/index.js';
import { resolveEvaluateOptions } from '../../evaluate/options.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { renderReportHtml } from '../../report/html.js';
import { reportToJson } from '../../report/json.js';
import { formatReportText } from '../../report/text.js';
import type { CliIO } from '../terminal.js';
import { formatCommandHelp, parseCommandArgs, type CommandSpec, type FlagSpec } from '../parse-args.js';
import { createProgressBar } from '../progress-bar.js';
import { resolve } from 'node:path';

const FLAGS: readonly FlagSpec[] = [
  { name: 'input', type: 'string', value: 'FILE', description: 'Dataset to evaluate: CSV, Parquet or Arrow IPC. Required.' },
  { name: 'delimiter', type: 'string', value: 'CHAR', description: "CSV field separator: one character such as ';' or '|', or 'tab'.", default: ',' },
  { name: 'label', type: 'string', value: 'COLUMN', description: 'The class column. Required.' },
  { name: 'folds', type: 'string', value: 'K', description: 'Stratified folds.', default: '5' },
  { name: 'repeats', type: 'string', value: 'N', description: 'Repeats of the k-fold with different shuffles.', default: '3' },
  { name: 'seed', type: 'string', value: 'N', description: 'Seed for every random choice: same seed, same report.', default: '0' },
  { name: 'methods', type: 'string', value: 'a,b', description: "Methods to compare: none, balanced (class weights), or any synthesizer (random, smote, ctgan, ...). 'none' is always included.", default: 'none,balanced,random,smote,ctgan' },
  { name: 'classifiers', type: 'string', value: 'a,b', description: 'Classifiers trained on each fold.', default: 'logistic,mlp,forest' },
  { name: 'metric', type: 'string', value: 'NAME', description: 'Metric the verdict is about: minority_f1, minority_pr_auc, balanced_accuracy, macro_f1, ...', default: 'minority_f1' },
  { name: 'alpha', type: 'string', value: 'P', description: 'Significance level of the verdict.', default: '0.05' },
  { name: 'epochs', type: 'string', value: 'N', description: 'Synthesizer training epochs (GAN models).', default: "the model's own" },
  { name: 'strategy', type: 'string', value: 'S', description: 'How many rows each class should end with in each training fold (as for augment).', default: 'auto' },
  { name: 'minority', type: 'string', value: 'a,b', description: 'Only these classes get synthetic rows.' },
  { name: 'categorical', type: 'string', value: 'a,b', description: 'Treat these columns as categorical even if they hold numbers.' },
  { name: 'numeric', type: 'string', value: 'a,b', description: 'Treat these columns as numeric.' },
  { name: 'ignore', type: 'string', value: 'a,b', description: 'Leave these columns out.' },
  { name: 'backend', type: 'string', value: 'NAME', description: 'TensorFlow.js backend: auto|tensorflow-gpu|tensorflow|wasm|cpu.', default: 'auto' },
  { name: 'json', type: 'string', value: 'FILE', description: 'Also write the full report as JSON here (atomically).' },
  { name: 'report', type: 'string', value: 'FILE', description: 'Also write a self-contained HTML report here (charts inline, no network).' },
];

export const EVALUATE_SPEC: CommandSpec = {
  name: 'evaluate',
  summary: 'Cross-validate whether augmentation helps a classifier, and say so plainly.',
  usage: 'evaluate --input FILE --label COLUMN [options]',
  flags: FLAGS,
  examples: [
    'gan-augment evaluate --input churn.csv --label churned --report report.html',
    'gan-augment evaluate --input train.parquet --label y --methods none,smote,ctgan --classifiers logistic,forest --epochs 100 --json report.json',
  ],
};

export async function runEvaluate(args: string[], io: CliIO): Promise<number> {
  const values = parseCommandArgs(args, EVALUATE_SPEC);
  if (values.help) {
    io.stdout.write(formatCommandHelp(EVALUATE_SPEC));
    return 0;
  }
  const str = (name: string): string | undefined => {
    const v = values[name];
    return typeof v === 'string' ? v : undefined;
  };
  const quiet = values.quiet === true;
  const input = str('input');
  if (input === '-') {
    throw new GanAugmentError('usage', "evaluate --input -: the evaluator reads a file, not standard input.", { hint: 'Save the data to a CSV, Parquet or Arrow file and pass its path.' });
  }
  const options: EvaluateOptions = {
    input: input === undefined ? '' : resolve(io.cwd, input),
    ...defined({
      delimiter: str('delimiter'),
      label: str('label'),
      folds: str('folds'),
      repeats: str('repeats'),
      seed: str('seed'),
      methods: str('methods'),
      classifiers: str('classifiers'),
      metric: str('metric'),
      alpha: str('alpha'),
      epochs: str('epochs'),
      strategy: str('strategy'),
      minority: str('minority'),
      categorical: str('categorical'),
      numeric: str('numeric'),
      ignore: str('ignore'),
      backend: str('backend'),
    }),
  };
  resolveEvaluateOptions(options); // fail fast on bad flags, before reading anything
  const jsonPath = str('json');
  const htmlPath = str('report');
  const bar = createProgressBar(io, { quiet });
  let report: Awaited<ReturnType<typeof evaluate>>;
  try {
    report = await evaluate({ ...options, progress: bar.sink });
  } finally {
    bar.finish();
  }
  if (jsonPath !== undefined) await writeFileAtomic(resolve(io.cwd, jsonPath), reportToJson(report), { protect: input ? [resolve(io.cwd, input)] : [] });
  if (htmlPath !== undefined) await writeFileAtomic(resolve(io.cwd, htmlPath), renderReportHtml(report), { protect: input ? [resolve(io.cwd, input)] : [] });
  io.stdout.write(formatReportText(report));
  if (!quiet) {
    if (jsonPath !== undefined) io.stderr.write(`Wrote ${jsonPath}\n`);
    if (htmlPath !== undefined) io.stderr.write(`Wrote ${htmlPath}\n`);
  }
  return 0;
}

function defined<T extends Record<string, string | undefined>>(record: T): { [K in keyof T]?: string } {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record)) if (v !== undefined) out[k] = v;
  return out as { [K in keyof T]?: string };
}
