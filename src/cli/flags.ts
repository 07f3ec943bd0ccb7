/**
 * The CLI's flags, built from the option table (src/options/table.ts): each command takes the
 * flags of its scopes (CLI_SCOPES), with the table's help and default text, so `--help` can never
 * list an option the API does not know or describe it differently. Values stay raw strings here;
 * the entry point's resolver validates them and names the flag.
 */
import { CLI_SCOPES, OPTIONS, keysOf, type Scope } from '../options/index.js';
import { textFor, type OptionKey, type OptionSpec } from '../options/table.js';
import type { FlagSpec, RawValues } from './parse-args.js';

export type CliCommand = keyof typeof CLI_SCOPES;

export interface StageFlag extends FlagSpec {
  /** Name of the API option this flag feeds ('batch-size' -> 'batchSize'). */
  readonly apiKey: OptionKey;
}

/**
 * The flags of `command`, in table order (`--quiet` is common to all commands: parse-args.ts).
 * @example flagsFor('fit').map((f) => f.name) // ['input', 'delimiter', 'label', 'model', ...]
 */
export function flagsFor(command: CliCommand): StageFlag[] {
  const scopes = CLI_SCOPES[command];
  const keys = new Set(scopes.flatMap((s) => keysOf(s, true)));
  const out: StageFlag[] = [];
  for (const key of Object.keys(OPTIONS) as OptionKey[]) {
    if (!keys.has(key) || key === 'quiet') continue;
    const spec: OptionSpec<unknown> = OPTIONS[key];
    const defaultText = textFor(spec.default, scopes);
    for (const f of spec.flags) {
      out.push({
        name: f.name,
        apiKey: key,
        type: f.value === undefined ? 'boolean' : 'string',
        ...(f.value !== undefined ? { value: f.value } : {}),
        ...(f.multiple ? { multiple: true } : {}),
        description: f.help ?? textFor(spec.help, scopes)!,
        ...(defaultText !== undefined && f.value !== undefined ? { default: defaultText } : {}),
      });
    }
  }
  return out;
}

/**
 * Raw CLI values -> the raw API options of `scope` (`{ batchSize: '64', modelParams: 'k_neighbors=5,foo=1' }`),
 * still unvalidated: the scope's resolver does that, naming the flag when a value is wrong. Absent
 * flags are left out so the table's defaults apply; CLI-only flags are not API options.
 */
export function toRawOptions<T extends object>(values: RawValues, scope: Scope): T {
  const keys = new Set<string>(keysOf(scope));
  const raw: Record<string, string | boolean> = {};
  for (const key of Object.keys(OPTIONS) as OptionKey[]) {
    if (!keys.has(key)) continue;
    for (const f of (OPTIONS[key] as OptionSpec<unknown>).flags) {
      const value = values[f.name];
      if (value === undefined) continue;
      const previous = raw[key];
      // Repeatable flags (and --model-param next to --model-params) join into one comma list,
      // which is the text form the parsers read.
      const joined = Array.isArray(value) ? value.join(',') : value;
      raw[key] = typeof previous === 'string' && typeof joined === 'string' ? `${previous},${joined}` : joined;
    }
  }
  // Typed as the API's options for the call; the table's parsers check every value at run time.
  return raw as T;
}

/** Whether any flag of `scope` alone (not shared with `base`) was given: e.g. a sharding flag on `sample`. */
export function usesScope(values: RawValues, scope: Scope, base: Scope): boolean {
  const shared = new Set(keysOf(base, true));
  return keysOf(scope, true).some((k) => !shared.has(k) && (OPTIONS[k] as OptionSpec<unknown>).flags.some((f) => values[f.name] !== undefined));
}
