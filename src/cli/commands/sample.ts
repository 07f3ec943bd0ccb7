/**
 * `gan-augment sample`: generate rows per class from a model saved by `gan-augment fit`, and write
 * them (all marked synthetic) to --output; with sharding flags, the sharded form (scale-sample.ts).
 */
import { resolveSampleOptions, type SampleOptions } from '../../options/index.js';
import { sampleModelWith } from '../../stage/sample-model.js';
import { GanAugmentError } from '../../errors.js';
import type { CliIO } from '../terminal.js';
import { formatCommandHelp, parseCommandArgs, type CommandSpec } from '../parse-args.js';
import { createProgressBar } from '../progress-bar.js';
import { finishRun } from '../finish-run.js';
import { checkStdoutForData } from '../stdio-data.js';
import { flagsFor, toRawOptions, usesScope } from '../flags.js';
import { runShardedSample } from '../scale-sample.js';
import { takeStdoutSummary } from '../summary-stdout.js';

export const SAMPLE_SPEC: CommandSpec = {
  name: 'sample',
  summary: 'Generate rows per class from a model saved by `gan-augment fit`; every row is marked synthetic.',
  usage: 'sample --model-dir DIR --count CLASS=N[,CLASS=N...] --output FILE [options]',
  flags: flagsFor('sample'),
  examples: [
    'gan-augment sample --model-dir models/ctgan-label --count yes=500 --output synthetic.parquet --seed 3',
    'gan-augment sample --model-dir models/ctgan-label --count yes=500,maybe=200 --output - --format csv | head',
    'gan-augment sample --model-dir models/digits-dcgan --count 3=64 --grid samples.png',
    'gan-augment sample --model-dir models/fraud --count fraud=1000000 --shards 16 --shard 3 --output synthetic/',
  ],
};

export async function runSample(args: string[], io: CliIO): Promise<number> {
  const values = parseCommandArgs(args, SAMPLE_SPEC);
  if (values.help) {
    io.stdout.write(formatCommandHelp(SAMPLE_SPEC));
    return 0;
  }
  if (usesScope(values, 'sample-shards', 'sample')) {
    if (values.grid !== undefined) {
      throw new GanAugmentError('usage', '--grid cannot be combined with --shards: each shard process would draw its own grid.', { hint: 'Run a small unsharded `sample --count CLASS=N --grid FILE` for the picture.' });
    }
    return runShardedSample(values, io);
  }
  const started = performance.now();
  const quiet = values.quiet === true;
  const given = toRawOptions<SampleOptions>(values, 'sample');
  const { raw, summaryToStdout } = takeStdoutSummary(given, given.output === '-');
  const resolved = resolveSampleOptions(raw);
  if (resolved.output === undefined && resolved.gridPath === undefined) throw requiredOutput();
  const toStdout = resolved.output === '-';
  if (toStdout) checkStdoutForData(io);
  const bar = createProgressBar(io, { quiet });
  let result: Awaited<ReturnType<typeof sampleModelWith>>;
  try {
    result = await sampleModelWith({ ...resolved, quiet: false, output: toStdout ? undefined : resolved.output, progress: bar.sink });
  } finally {
    bar.finish();
  }
  await finishRun(io, result, { toStdout, format: resolved.format, quiet, started, summaryPath: resolved.summaryPath, summaryToStdout, backendShown: bar.backendShown, gridPath: resolved.gridPath });
  return 0;
}

/** The API may skip writing (it returns the table); on the command line that would be wasted work. */
function requiredOutput(): GanAugmentError {
  return new GanAugmentError('usage', '--output is required: a file path (.parquet, .arrow, .csv), or - for an Arrow IPC stream on stdout (with --grid alone, only the image grid is written).');
}
