/**
 * Resolve options once at an entry point (arquero's `filter` -> `_filter`): every key is checked
 * against the table (table.ts), parsed, and defaulted; inner code then takes the typed result only.
 */
import { OPTIONS, type CliFlag, type OptionKey, type Scope } from './table.js';
import { usage } from './parse.js';

type Spec<K extends OptionKey> = (typeof OPTIONS)[K];
type ScopesOf<K extends OptionKey> = Spec<K>['scopes'][number];
type CliOnly<K extends OptionKey> = Spec<K> extends { readonly cliOnly: true } ? true : false;

/** The option keys an entry point takes (CLI-only flags included with `cli`). */
export type KeysOf<S extends Scope, Cli extends boolean = false> = {
  [K in OptionKey]: S extends ScopesOf<K> ? (Cli extends true ? K : CliOnly<K> extends true ? never : K) : never;
}[OptionKey];

/** The typed, defaulted options of an entry point. */
export type Resolved<S extends Scope> = { readonly [K in KeysOf<S>]: ReturnType<Spec<K>['parse']> };

/** How errors name an option: its main CLI flag, or the API key for API-only options. */
export function optionName(key: OptionKey): string {
  const spec: { readonly flags: readonly CliFlag[]; readonly named?: string } = OPTIONS[key];
  const name = spec.named ?? spec.flags[0]?.name;
  return name ? `--${name}` : key;
}

/** The API keys `scope` takes, in table order. */
export function keysOf(scope: Scope, cli = false): OptionKey[] {
  return (Object.keys(OPTIONS) as OptionKey[]).filter((k) => {
    const spec: { readonly scopes: readonly Scope[]; readonly cliOnly?: boolean } = OPTIONS[k];
    return spec.scopes.includes(scope) && (cli || !spec.cliOnly);
  });
}

/**
 * Check every key of `raw` against `scope`, then parse and default each option the scope takes.
 * @example resolveOptions('fit', { input: 'a.csv', label: 'y', modelDir: 'm', epochs: '50' }).epochs // 50
 */
export function resolveOptions<S extends Scope>(scope: S, raw: object): Resolved<S> {
  if (typeof raw !== 'object' || raw === null) throw usage('Options must be an object.');
  const allowed = keysOf(scope);
  for (const key of Object.keys(raw)) {
    if (!(allowed as string[]).includes(key)) throw usage(`Unknown option '${key}'.`, `Known options: ${allowed.join(', ')}.`);
  }
  const values = raw as Readonly<Record<string, unknown>>;
  const out: Record<string, unknown> = {};
  for (const key of allowed) out[key] = (OPTIONS[key].parse as (v: unknown, f: string) => unknown)(values[key], optionName(key));
  // Each value came from its own entry's parser, whose return type Resolved<S> names.
  return out as Resolved<S>;
}
