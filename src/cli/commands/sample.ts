/**
 * `gan-augment sample`: generate rows per class from a model saved by `gan-augment fit`, and write
 * them (all marked synthetic) to --output.
 */
import { sampleModel } from '../../index.js';
import { resolveSampleOptions, type SampleOptions } from '../../options.js';
import { GanAugmentError } from '../../errors.js';
import type { CliIO } from '../terminal.js';
import { formatCommandHelp, parseCommandArgs, type CommandSpec } from '../parse-args.js';
import { createProgressBar } from '../progress-bar.js';
import { finishRun } from '../finish-run.js';
import { checkStdoutForData } from '../stdio-data.js';
import * as F from '../flags.js';
import { SHARD_SAMPLE_FLAGS } from '../scale-flags.js';
import { runShardedSample } from '../scale-sample.js';

const FLAGS: readonly F.StageFlag[] = [
  F.MODEL_DIR_SAMPLE, F.COUNT, F.COUNTS, F.OUTPUT, F.FORMAT, F.SEED, F.PROVENANCE, F.SUMMARY, F.BACKEND, F.GRID,
];

export const SAMPLE_SPEC: CommandSpec = {
  name: 'sample',
  summary: 'Generate rows per class from a model saved by `gan-augment fit`; every row is marked synthetic.',
  usage: 'sample --model-dir DIR --count CLASS=N[,CLASS=N...] --output FILE [options]',
  flags: [...FLAGS, ...SHARD_SAMPLE_FLAGS],
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
  if (SHARD_SAMPLE_FLAGS.some((f) => values[f.name] !== undefined)) {
    if (values[F.GRID.name] !== undefined) {
      throw new GanAugmentError('usage', '--grid cannot be combined with --shards: each shard process would draw its own grid.', { hint: 'Run a small unsharded `sample --count CLASS=N --grid FILE` for the picture.' });
    }
    return runShardedSample(values, FLAGS, io);
  }
  const started = performance.now();
  const quiet = values.quiet === true;
  const raw = F.toRawOptions<SampleOptions>(values, FLAGS);
  const resolved = resolveSampleOptions(raw);
  if (resolved.output === undefined && resolved.gridPath === undefined) throw requiredOutput();
  const toStdout = resolved.output === '-';
  if (toStdout) checkStdoutForData(io);
  const bar = createProgressBar(io, { quiet });
  let result: Awaited<ReturnType<typeof sampleModel>>;
  try {
    result = await sampleModel({ ...raw, output: toStdout ? undefined : resolved.output, progress: bar.sink });
  } finally {
    bar.finish();
  }
  await finishRun(io, result, { toStdout, format: resolved.format, quiet, started, summaryPath: resolved.summaryPath, backendShown: bar.backendShown });
  return 0;
}

/** The API may skip writing (it returns the table); on the command line that would be wasted work. */
function requiredOutput(): GanAugmentError {
  return new GanAugmentError('usage', '--output is required: a file path (.parquet, .arrow, .csv), or - for an Arrow IPC stream on stdout (with --grid alone, only the image grid is written).');
}
