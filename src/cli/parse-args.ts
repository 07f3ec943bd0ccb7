/**
 * argv -> raw option values, with Node's built-in `util.parseArgs` (no dependency needed). The CLI
 * only *parses* here: values stay strings and go to the entry point's resolver (src/options), shared
 * with the API, which validates them and names the flag in its errors. This file also turns the flag
 * table into `--help` text, so the help can never list an option the parser does not know.
 */
import { parseArgs } from 'node:util';
import { GanAugmentError } from '../errors.js';

export interface FlagSpec {
  /** Long name without dashes: 'batch-size'. */
  readonly name: string;
  readonly type: 'string' | 'boolean';
  /** May be given more than once (collected in order). */
  readonly multiple?: boolean;
  /** Placeholder shown in help: 'FILE', 'N', 'a,b'. */
  readonly value?: string;
  readonly description: string;
  /** Shown as "(default: ...)"; purely informational, options.ts owns the real default. */
  readonly default?: string;
  /** Left out of --help (test-only knobs). */
  readonly hidden?: boolean;
}

export interface CommandSpec {
  /** 'augment' */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Usage line after 'gan-augment ': 'augment --input FILE --label COL [options]'. */
  readonly usage: string;
  readonly flags: readonly FlagSpec[];
  /** Example command lines shown at the end of --help. */
  readonly examples?: readonly string[];
}

export type RawValue = string | boolean | string[];
export type RawValues = Record<string, RawValue | undefined>;

/** Flags every command accepts. */
export const COMMON_FLAGS: readonly FlagSpec[] = [
  { name: 'quiet', type: 'boolean', description: 'Print nothing on stderr except errors (no progress, no summary).', default: 'false' },
  { name: 'verbose', type: 'boolean', description: 'Print the stack trace when an error occurs.', default: 'false' },
  { name: 'help', type: 'boolean', description: 'Show this help and exit.' },
];

/**
 * Parse `args` (the words after the subcommand) against `spec`. Returns values keyed by the flag's
 * long name ('batch-size'); unknown flags, missing values and stray words are usage errors that name
 * the offending word and point at --help.
 *
 * @example
 * parseCommandArgs(['--input', 'a.csv', '--seed', '7'], augmentSpec)  // { input: 'a.csv', seed: '7' }
 */
export function parseCommandArgs(args: readonly string[], spec: CommandSpec): RawValues {
  const flags = [...spec.flags, ...COMMON_FLAGS];
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  for (const f of flags) options[f.name] = { type: f.type, ...(f.multiple ? { multiple: true } : {}) };
  try {
    // '-h' is the one short flag, as most tools accept it.
    const words = args.map((a) => (a === '-h' ? '--help' : a));
    const { values } = parseArgs({ args: words, options, strict: true, allowPositionals: false });
    return values as RawValues;
  } catch (err) {
    throw toUsageError(err, spec, flags);
  }
}

function toUsageError(err: unknown, spec: CommandSpec, flags: readonly FlagSpec[]): GanAugmentError {
  const help = `Run 'gan-augment ${spec.name} --help' to list the options.`;
  const code = (err as { code?: string }).code;
  const message = (err as Error).message ?? String(err);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'([^']+)'/.exec(message)?.[1] ?? '?';
    const guess = closestFlag(flag.replace(/^-+/, '').replace(/=.*$/, ''), flags);
    return new GanAugmentError('usage', `unknown option '${flag}' for 'gan-augment ${spec.name}'.`, {
      hint: guess ? `Did you mean '--${guess}'? ${help}` : help,
    });
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = /'(--[a-z-]+)/.exec(message)?.[1] ?? '?';
    const spec2 = flags.find((f) => `--${f.name}` === flag);
    const what = spec2?.type === 'boolean' ? 'takes no value' : `needs a value${spec2?.value ? ` (${spec2.value})` : ''}`;
    const dash = message.includes('ambiguous') ? ` To pass a value that starts with '-', write ${flag}=VALUE.` : '';
    return new GanAugmentError('usage', `option '${flag}' ${what}.${dash}`, { hint: help });
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const word = /'([^']*)'/.exec(message)?.[1] ?? '?';
    return new GanAugmentError('usage', `unexpected argument '${word}' for 'gan-augment ${spec.name}' (every value follows a --flag).`, {
      hint: help,
    });
  }
  return new GanAugmentError('usage', `${message.split('\n')[0]}`, { hint: help });
}

/** The known flag nearest to `word` by edit distance, when it is close enough to be a typo. */
export function closestFlag(word: string, flags: readonly FlagSpec[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const f of flags) {
    if (f.hidden) continue;
    const d = editDistance(word, f.name);
    if (d < bestDistance) {
      best = f.name;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

// Hand-written: a dozen lines of edit distance (with adjacent swaps, so '--lable' finds '--label')
// are not worth a dependency.
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** `--help` text for one command: usage, every flag with a one-line description and default, examples. */
export function formatCommandHelp(spec: CommandSpec): string {
  const flags = [...spec.flags, ...COMMON_FLAGS].filter((f) => !f.hidden);
  const left = flags.map((f) => `  --${f.name}${f.type === 'string' ? ` ${f.value ?? 'VALUE'}` : ''}`);
  const width = Math.min(34, Math.max(...left.map((l) => l.length)) + 2);
  const lines = [`Usage: gan-augment ${spec.usage}`, '', spec.summary, '', 'Options:'];
  flags.forEach((f, i) => {
    const l = left[i]!;
    const extra = [f.multiple ? 'repeatable' : '', f.default !== undefined ? `default: ${f.default}` : ''].filter(Boolean);
    const text = `${f.description}${extra.length ? ` (${extra.join('; ')})` : ''}`;
    lines.push(l.length + 1 > width ? `${l}\n${' '.repeat(width)}${text}` : `${l.padEnd(width)}${text}`);
  });
  if (spec.examples?.length) {
    lines.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
  }
  return `${lines.join('\n')}\n`;
}
