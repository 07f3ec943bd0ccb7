/**
 * The doc-test's running half: one docs command through the CLI in this process (src/cli/main.ts,
 * as the other CLI tests run it), in the doc's temporary folder, its file names given the small
 * data of doc-commands-fixtures.ts and its training made short (SPEED below); then what it wrote
 * checked against what the command says it writes (docs/testing.md).
 */
import { createReadStream, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { captureIO } from '../../src/cli/terminal.js';
import { main } from '../../src/cli/main.js';
import { OPTIONS, type Scope } from '../../src/options/table.js';
import { ganAugmentArgs, type DocCommand } from './doc-commands-extract.js';
import { fixtureFor } from './doc-commands-fixtures.js';

/**
 * What the doc-test changes in a command so the whole file runs in well under two minutes on two
 * cores: GAN training of 1 epoch; in evaluate 2 folds x 1 repeat and, unless the command names its
 * classifiers, logistic and forest (the default's mlp took half of every evaluate's time); at most
 * 200 sampled rows per class (with blocks of 8 rows when sharded, so every shard still gets rows);
 * at most 2 workers. Everything else runs as written.
 */
export const SPEED = {
  epochs: '1',
  folds: '2',
  repeats: '1',
  classifiers: 'logistic,forest',
  maxCount: 200,
  shardBlockRows: '8',
  maxWorkers: 2,
} as const;

/** The flags whose value is a file or folder the command writes, per subcommand (`-`: stdout). */
const OUTPUT_FLAGS: Readonly<Record<string, readonly string[]>> = {
  augment: ['output', 'summary'],
  fit: ['model-dir', 'summary'],
  sample: ['output', 'summary', 'grid'],
  evaluate: ['json', 'report'],
  demo: ['output-dir'],
};
/** Outputs written without a flag saying so. */
const DEFAULT_OUTPUTS: Readonly<Record<string, { readonly flag: string; readonly path: string }>> = {
  demo: { flag: 'output-dir', path: 'gan-augment-demo' },
};

/** The value of `--name V` or `--name=V` (the last one given), if any. */
export function flagValue(args: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}`) value = args[i + 1];
    else if (args[i]!.startsWith(`--${name}=`)) value = args[i]!.slice(name.length + 3);
  }
  return value;
}

/** `args` with `--name` set to `value`: replaced where given, else appended. */
function withFlag(args: readonly string[], name: string, value: string): string[] {
  const out: string[] = [];
  let found = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}`) {
      out.push(args[i]!, value);
      i++;
      found = true;
    } else if (args[i]!.startsWith(`--${name}=`)) {
      out.push(`--${name}=${value}`);
      found = true;
    } else {
      out.push(args[i]!);
    }
  }
  return found ? out : [...out, `--${name}`, value];
}

const takes = (option: keyof typeof OPTIONS, command: string): boolean => (OPTIONS[option].scopes as readonly Scope[]).includes(command as Scope);

/** The command's arguments with SPEED applied. */
export function fastArgs(args: readonly string[]): string[] {
  const command = args[0] ?? '';
  if (args.includes('--help')) return [...args];
  let out = [...args];
  if (takes('epochs', command)) out = withFlag(out, 'epochs', SPEED.epochs);
  if (takes('folds', command)) out = withFlag(out, 'folds', SPEED.folds);
  if (takes('repeats', command)) out = withFlag(out, 'repeats', SPEED.repeats);
  if (takes('classifiers', command) && flagValue(out, 'classifiers') === undefined) out = withFlag(out, 'classifiers', SPEED.classifiers);
  for (const name of ['count', 'counts']) {
    const counts = flagValue(out, name);
    if (counts !== undefined) out = withFlag(out, name, counts.replace(/=(\d+)/g, (_, n: string) => `=${Math.min(Number(n), SPEED.maxCount)}`));
  }
  if (flagValue(out, 'shards') !== undefined && flagValue(out, 'block-rows') === undefined) out = withFlag(out, 'block-rows', SPEED.shardBlockRows);
  const workers = flagValue(out, 'workers');
  if (workers !== undefined && Number(workers) > SPEED.maxWorkers) out = withFlag(out, 'workers', String(SPEED.maxWorkers));
  return out;
}

/** How a command's pipeline maps onto one in-process CLI run. */
export interface RunShape {
  readonly args: readonly string[];
  /** `cat FILE |` or `< FILE`. */
  readonly stdinFile?: string;
  readonly stdoutFile?: string;
  /** `| head [-n N]`: the lines head shows. */
  readonly headLines?: number;
}

/** The run a command is, or why it cannot be one (then it must be in NOT_RUN). */
export function runShape(command: DocCommand): RunShape | { readonly cannot: string } {
  if (command.problem) return { cannot: command.problem };
  const at = command.stages.findIndex((s) => ganAugmentArgs(s) !== null);
  if (at < 0) return { cannot: 'it does not run gan-augment' };
  const args = ganAugmentArgs(command.stages[at]!)!;
  if (args.includes('...')) return { cannot: "'...' stands for options the doc leaves out" };
  let stdinFile = command.stdinFile;
  if (at === 1 && command.stages[0]![0] === 'cat' && command.stages[0]!.length === 2) stdinFile = command.stages[0]![1];
  else if (at !== 0) return { cannot: `it pipes '${command.stages[0]!.join(' ')}' into gan-augment` };
  let headLines: number | undefined;
  for (const stage of command.stages.slice(at + 1)) {
    const n = stage[0] === 'head' ? (stage.length === 1 ? 10 : stage[1] === '-n' ? Number(stage[2]) : Number(stage[1]?.slice(1))) : NaN;
    if (!(n > 0) || stage.length > (stage[1] === '-n' ? 3 : 2)) return { cannot: `it pipes gan-augment into '${stage.join(' ')}'` };
    headLines = n;
  }
  return { args, ...(stdinFile !== undefined ? { stdinFile } : {}), ...(command.stdoutFile !== undefined ? { stdoutFile: command.stdoutFile } : {}), ...(headLines !== undefined ? { headLines } : {}) };
}

/** The files and folders the command says it writes, relative to its folder; '-' is stdout. */
export function documentedOutputs(args: readonly string[]): string[] {
  const command = args[0] ?? '';
  const outputs = (OUTPUT_FLAGS[command] ?? []).map((f) => flagValue(args, f)).filter((v): v is string => v !== undefined);
  const implicit = DEFAULT_OUTPUTS[command];
  if (implicit && flagValue(args, implicit.flag) === undefined) outputs.push(implicit.path);
  return outputs;
}

export interface DocRun {
  readonly argv: readonly string[];
  /** Each documented output's identity before the run (so one an earlier command wrote is told from a new one). */
  readonly before: ReadonlyMap<string, string>;
  readonly code: number;
  readonly stdout: Uint8Array;
  readonly stderr: string;
}

/**
 * Run `shape` in `dir`: the fixtures its words name are written first (unless an earlier command
 * of the doc made them), the working directory is `dir` for the run (vitest's forks pool allows
 * process.chdir), stdin and stdout are the pipeline's.
 */
export async function runInFolder(shape: RunShape, dir: string): Promise<DocRun> {
  const argv = fastArgs(shape.args);
  const outputs = new Set(documentedOutputs(argv));
  for (const word of [...argv.filter((w) => !outputs.has(w)), ...(shape.stdinFile !== undefined ? [shape.stdinFile] : [])]) {
    const fixture = fixtureFor(word);
    const dest = path.join(dir, word.replace(/\/+$/, ''));
    if (fixture && !existsSync(dest)) await fixture.write(dest);
  }
  const input = flagValue(argv, 'input') ?? shape.stdinFile;
  if (input !== undefined && input !== '-' && !existsSync(path.resolve(dir, input))) {
    throw new Error(`'${input}' is neither in the substitution table (FIXTURES in test/support/doc-commands-fixtures.ts) nor written by an earlier command of this doc: add it there`);
  }
  const before = new Map([...outputs].map((o) => [o, identity(dir, o)]));
  const stdin = shape.stdinFile !== undefined ? createReadStream(path.resolve(dir, shape.stdinFile)) : undefined;
  const io = captureIO({ cwd: dir, env: { ...process.env }, ...(stdin ? { stdin } : {}) });
  const cwd = process.cwd();
  process.chdir(dir);
  let code: number;
  try {
    code = await main([...argv], io);
  } finally {
    process.chdir(cwd);
    stdin?.destroy();
  }
  const stdout = io.stdoutBytes();
  if (shape.stdoutFile !== undefined) writeFileSync(path.join(dir, shape.stdoutFile), stdout);
  return { argv, before, code, stdout, stderr: io.stderrText() };
}

/** A file's or folder's inode, size and modification time ('' when absent): a rename into place or a rewrite changes it. */
function identity(dir: string, output: string): string {
  const full = path.resolve(dir, output);
  if (output === '-' || !existsSync(full)) return '';
  const s = statSync(full);
  return `${s.ino}:${s.size}:${s.mtimeMs}`;
}

/**
 * What is wrong with what a run left in `dir` (empty: nothing): every documented output exists
 * and is not empty and was written by this run (`-`: stdout got bytes), or, with --dry-run, none
 * was written; `| head` got lines; no temporary file was left behind.
 */
export function outputProblems(shape: RunShape, run: DocRun, dir: string): string[] {
  const problems: string[] = [];
  const dryRun = run.argv.includes('--dry-run');
  for (const output of documentedOutputs(run.argv)) {
    if (output === '-') {
      if (run.stdout.length === 0 && !dryRun) problems.push(`nothing was written to stdout (${output})`);
      continue;
    }
    const full = path.resolve(dir, output);
    const written = identity(dir, output) !== run.before.get(output);
    if (dryRun) {
      if (written) problems.push(`--dry-run wrote ${output}`);
    } else if (!existsSync(full)) {
      problems.push(`${output} was not written`);
    } else if (!written) {
      problems.push(`${output} is the one an earlier command wrote: this command did not write it`);
    } else if (statSync(full).isDirectory() ? readdirSync(full).length === 0 : statSync(full).size === 0) {
      problems.push(`${output} is empty`);
    }
  }
  if (shape.stdoutFile !== undefined && run.stdout.length === 0) problems.push(`nothing was written to ${shape.stdoutFile}`);
  if (shape.headLines !== undefined && Buffer.from(run.stdout).toString('utf8').split('\n').slice(0, shape.headLines).join('').trim() === '') problems.push('head shows nothing');
  const temps = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.tmp$|\.tmp[./]/.test(f));
  if (temps.length > 0) problems.push(`temporary files left behind: ${temps.join(', ')}`);
  return problems;
}
