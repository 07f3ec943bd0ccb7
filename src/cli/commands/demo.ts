/**
 * `gan-augment demo`: the whole job on a built-in example, with no file of the user's. It augments
 * the shipped `fixtures/demo-churn.csv` (1500 customers, 9% churned; see fixtures/generate-demo.ts)
 * with ctgan and writes `gan-augment-demo/demo-churn.augmented.parquet` plus its summary JSON.
 */
import path from 'node:path';
import { augment } from '../../index.js';
import type { CliIO } from '../terminal.js';
import { packageRoot } from '../package-root.js';
import { formatCommandHelp, parseCommandArgs, type CommandSpec } from '../parse-args.js';
import { createProgressBar } from '../progress-bar.js';
import { formatRunSummary } from '../summary-text.js';
import { flagsFor, toRawOptions } from '../flags.js';
import { DEMO_EPOCHS, resolveOptions } from '../../options/index.js';

export { DEMO_EPOCHS };

export const DEMO_LABEL = 'churned';
const DEMO_FILE = 'demo-churn.csv';

export const DEMO_SPEC: CommandSpec = {
  name: 'demo',
  summary: `Augment a built-in imbalanced churn dataset (${DEMO_FILE}: 1500 rows, 9% churned) end to end and write the result to --output-dir.`,
  usage: 'demo [--output-dir DIR] [options]',
  flags: flagsFor('demo'),
  examples: ['gan-augment demo', 'gan-augment demo --model smote --output-dir /tmp/demo'],
};

/** Path of the shipped demo CSV. */
export function demoCsvPath(): string {
  return path.join(packageRoot(), 'fixtures', DEMO_FILE);
}

export async function runDemo(args: string[], io: CliIO): Promise<number> {
  const values = parseCommandArgs(args, DEMO_SPEC);
  if (values.help) {
    io.stdout.write(formatCommandHelp(DEMO_SPEC));
    return 0;
  }
  const started = performance.now();
  const quiet = values.quiet === true;
  const demo = resolveOptions('demo', toRawOptions(values, 'demo'));
  const outDir = path.resolve(io.cwd, typeof values['output-dir'] === 'string' ? values['output-dir'] : 'gan-augment-demo');
  const output = path.join(outDir, 'demo-churn.augmented.parquet');
  const summaryPath = path.join(outDir, 'demo-churn.summary.json');
  const input = demoCsvPath();
  const model = demo.model;
  if (!quiet) {
    io.stderr.write(`gan-augment demo: balancing ${input} (1500 customers, label '${DEMO_LABEL}') with ${model}\n`);
  }
  const { mkdir } = await import('node:fs/promises');
  await mkdir(outDir, { recursive: true });
  const bar = createProgressBar(io, { quiet });
  let result: Awaited<ReturnType<typeof augment>>;
  try {
    result = await augment({
      model,
      epochs: demo.epochs ?? (model === 'ctgan' ? DEMO_EPOCHS : undefined),
      seed: demo.seed,
      backend: demo.backend,
      input,
      label: DEMO_LABEL,
      output,
      summaryPath,
      progress: bar.sink,
    });
  } finally {
    bar.finish();
  }
  if (!quiet) {
    io.stderr.write(
      formatRunSummary(result.summary, {
        seconds: (performance.now() - started) / 1000,
        outputPath: shortPath(io.cwd, output),
        outputBytes: result.summary.output?.bytes,
        summaryPath: shortPath(io.cwd, summaryPath),
        backendShown: bar.backendShown,
      }),
    );
    io.stderr.write(
      [
        '',
        'Synthetic rows have is_synthetic = true. To see whether they help a classifier on this data (5 folds x 3 repeats; about 10 minutes on 2 cores):',
        `  gan-augment evaluate --input ${input} --label ${DEMO_LABEL} --methods none,smote,ctgan --epochs ${DEMO_EPOCHS} --report ${shortPath(io.cwd, path.join(outDir, 'report.html'))}`,
        '',
      ].join('\n'),
    );
  }
  return 0;
}

/** Relative to the current folder when inside it, else absolute. */
function shortPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}
