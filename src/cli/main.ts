/**
 * The `gan-augment` command line: picks the subcommand from argv and dispatches through a table;
 * each subcommand lives in its own file under `commands/`. Errors are reported here, once, in one
 * line (see report-error.ts). `bin/gan-augment.js` calls `main` from the compiled `dist/`.
 *
 * @example
 * const code = await main(['augment', '--input', 'train.csv', '--label', 'label', '--output', 'out.parquet']);
 */
import { GanAugmentError } from '../errors.js';
import type { CommandEntry, CommandRun } from './command.js';
import { formatGeneralHelp } from './commands/help.js';
import { processIO, type CliIO } from './terminal.js';
import { packageVersion } from './package-root.js';
import { silenceTfjsConsole } from './quiet-tfjs.js';
import { reportError } from './report-error.js';

/**
 * A command whose module (and TensorFlow.js, which it pulls in) loads only when it runs, so
 * --help, --version and a mistyped command answer at once. The built-in plugins are registered
 * first (idempotent), and TensorFlow.js' console banner is silenced (quiet-tfjs.ts). Loading takes
 * seconds, so a terminal gets a first line before it rather than a blank screen.
 */
function lazy(name: string, load: () => Promise<CommandRun>): CommandRun {
  return async (args, io) => {
    if (io.isTTY && !args.some((a) => a === '--quiet' || a === '--help' || a === '-h')) io.stderr.write(`gan-augment ${name}: starting (loading TensorFlow.js and the synthesizers)\n`);
    const { registerBuiltins } = await import('../index.js');
    registerBuiltins();
    await silenceTfjsConsole();
    return (await load())(args, io);
  };
}

/** Subcommands by name. Each entry: `name: { run: (args, io) => Promise<exitCode>, summary }`. */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  augment: { run: lazy('augment', async () => (await import('./commands/augment.js')).runAugment), summary: 'Balance a dataset: fit a synthesizer on the minority classes and write original + synthetic rows.' },
  fit: { run: lazy('fit', async () => (await import('./commands/fit.js')).runFit), summary: 'Fit a synthesizer and save it to a folder (--model-dir) for later sampling.' },
  sample: { run: lazy('sample', async () => (await import('./commands/sample.js')).runSample), summary: 'Generate rows per class from a model saved by `fit`.' },
  evaluate: { run: lazy('evaluate', async () => (await import('./commands/evaluate.js')).runEvaluate), summary: 'Cross-validate whether augmentation helps a classifier, and say so plainly.' },
  worker: { run: lazy('worker', async () => (await import('./commands/worker.js')).runWorker), summary: 'Take jobs (shards of `sample --redis`, units of `evaluate --redis`) from a BullMQ queue in Redis until stopped.' },
  demo: { run: lazy('demo', async () => (await import('./commands/demo.js')).runDemo), summary: 'Augment a built-in imbalanced churn dataset end to end (no file needed).' },
  models: { run: lazy('models', async () => (await import('./commands/models.js')).runModels), summary: 'List every synthesizer and classifier with its parameters (type, default, range, meaning); --json for scripts.' },
  help: { run: runHelp, summary: 'Show help for gan-augment or for one command: gan-augment help augment.' },
};

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const verbose = argv.includes('--verbose');
  try {
    const [first, ...rest] = argv;
    if (first === undefined || first === '--help' || first === '-h') {
      io.stdout.write(formatGeneralHelp(COMMANDS));
      return 0;
    }
    if (first === '--version' || first === '-v' || first === '-V') {
      io.stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    const command = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
    if (!command) {
      const what = first.startsWith('-') ? `option '${first}' (options follow a command)` : `command '${first}'`;
      throw new GanAugmentError('usage', `unknown ${what}.`, {
        hint: `Commands: ${Object.keys(COMMANDS).join(', ')}. Run 'gan-augment --help'.`,
      });
    }
    return await command.run(rest, io);
  } catch (err) {
    return reportError(err, io, verbose);
  }
}

/** `gan-augment help [command]`: the general help, or the command's own --help. */
async function runHelp(args: string[], io: CliIO): Promise<number> {
  const name = args.find((a) => !a.startsWith('-'));
  if (name === undefined) {
    io.stdout.write(formatGeneralHelp(COMMANDS));
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command || name === 'help') {
    throw new GanAugmentError('usage', `help: unknown command '${name}'.`, { hint: `Commands: ${Object.keys(COMMANDS).join(', ')}.` });
  }
  return command.run(['--help'], io);
}
