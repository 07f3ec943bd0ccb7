/**
 * Plugin parameters checked against their declarations (`ParamDeclarations` in contracts.ts): the
 * one validator every built-in plugin calls, the spellings it accepts (snake_case as in SDV and
 * imbalanced-learn, camelCase as in the typed API) and the words `gan-augment models`, docs/plugins.md
 * and the errors describe them with. Values may arrive as numbers or, from the CLI, as strings.
 */
import type { ParamDeclaration, ParamDeclarations } from './contracts.js';
import { GanAugmentError } from './errors.js';

type ValueOf<D> = D extends { readonly type: 'choice'; readonly choices: infer R } ? keyof R & string : D extends { readonly type: 'integer-list' } ? readonly number[] : number;

/** The validated parameters: every declared key, `undefined` where the plugin chooses (no `default`). */
export type ParsedParams<S extends ParamDeclarations> = {
  readonly [K in keyof S]: S[K] extends { readonly default: unknown } ? ValueOf<S[K]> : ValueOf<S[K]> | undefined;
};

/** @example snakeCase('embeddingDim') // 'embedding_dim' */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** @example camelCase('k_neighbors') // 'kNeighbors' */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The name the CLI and docs show: the declared snake_case name, else the key's snake_case. */
export function paramName(key: string, decl: ParamDeclaration): string {
  return decl.name ?? snakeCase(key);
}

/** Every spelling accepted for one parameter, its CLI name first. */
export function paramSpellings(key: string, decl: ParamDeclaration): string[] {
  const name = paramName(key, decl);
  return [...new Set([name, key, ...[name, key, ...(decl.aliases ?? [])].flatMap((s) => [s, snakeCase(s), camelCase(s)])])];
}

function spellingIndex(spec: ParamDeclarations): Map<string, string> {
  const index = new Map<string, string>();
  for (const [key, decl] of Object.entries(spec)) for (const s of paramSpellings(key, decl)) index.set(s, key);
  return index;
}

/**
 * `raw` with every declared parameter under its key (the form saved models and run summaries
 * store); undeclared names are kept as given, for the plugin to refuse.
 * @example canonicalParams(ctganFactory.params, { embedding_dim: 64 }) // { embeddingDim: 64 }
 */
export function canonicalParams<V>(spec: ParamDeclarations, raw: Readonly<Record<string, V>>): Record<string, V> {
  const index = spellingIndex(spec);
  const out: Record<string, V> = {};
  for (const [name, value] of Object.entries(raw)) out[index.get(name) ?? name] = value;
  return out;
}

/**
 * Validate `raw` against `spec`: each name in any accepted spelling, each value in its range,
 * defaults for what is absent. `ignore`: keys the stage passes every plugin (`trainOn` of
 * --train-on) that this one has no use for.
 * @example parseDeclaredParams('smote', { k_neighbors: { type: 'integer', default: 5, min: 1, help: '...' } }, { kNeighbors: '3' }) // { k_neighbors: 3 }
 */
export function parseDeclaredParams<S extends ParamDeclarations>(model: string, spec: S, raw: Readonly<Record<string, unknown>>, ignore: readonly string[] = []): ParsedParams<S> {
  const index = spellingIndex(spec);
  const skipped = new Set(ignore.flatMap((k) => [k, snakeCase(k), camelCase(k)]));
  const given = new Map<string, { spelled: string; value: unknown }>();
  for (const [spelled, value] of Object.entries(raw)) {
    if (value === undefined || (skipped.has(spelled) && !index.has(spelled))) continue;
    const key = index.get(spelled);
    if (key === undefined) throw unknownParam(model, spec, spelled);
    const before = given.get(key);
    if (before) {
      throw new GanAugmentError('usage', `${model}: parameter '${paramName(key, spec[key]!)}' is given twice, as '${before.spelled}' and '${spelled}'.`, { hint: 'Give it once.' });
    }
    given.set(key, { spelled, value });
  }
  const out: Record<string, unknown> = {};
  for (const [key, decl] of Object.entries(spec)) {
    const g = given.get(key);
    out[key] = g === undefined || isAuto(decl, g.value) ? decl.default : parseValue(model, g.spelled, g.value, decl);
  }
  return out as ParsedParams<S>;
}

/** `auto` stands for the plugin's own choice where there is no fixed default (ctgan's pac=auto). */
function isAuto(decl: ParamDeclaration, value: unknown): boolean {
  return decl.default === undefined && typeof value === 'string' && value.trim() === 'auto';
}

const NUMBER_TEXT = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?\s*$/i;

function toNumber(value: unknown): unknown {
  return typeof value === 'string' && NUMBER_TEXT.test(value) ? Number(value) : value;
}

function parseValue(model: string, spelled: string, raw: unknown, decl: ParamDeclaration): unknown {
  const ok = (value: unknown): unknown => {
    if (value === undefined) throw badValue(model, spelled, raw, decl);
    return value;
  };
  switch (decl.type) {
    case 'integer':
      return ok(integerIn(toNumber(raw), decl.min, decl.max, decl.multipleOf));
    case 'number': {
      const n = toNumber(raw);
      return ok(typeof n === 'number' && Number.isFinite(n) && inRange(n, decl) ? n : undefined);
    }
    case 'choice': {
      const text = typeof raw === 'number' || typeof raw === 'string' ? String(raw).trim() : undefined;
      const found = Object.entries(decl.choices).find(([name, aliases]) => text === name || (text !== undefined && aliases.includes(text)));
      return ok(found?.[0]);
    }
    case 'integer-list': {
      const list = typeof raw === 'string' ? raw.split(',') : typeof raw === 'number' ? [raw] : raw;
      if (!Array.isArray(list) || list.length === 0) return ok(undefined);
      const values = list.map((v: unknown) => integerIn(toNumber(v), decl.min, undefined, undefined));
      return ok(values.every((v) => v !== undefined) ? values : undefined);
    }
  }
}

function integerIn(n: unknown, min: number, max: number | undefined, multipleOf: number | undefined): number | undefined {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min || (max !== undefined && n > max)) return undefined;
  return multipleOf !== undefined && n % multipleOf !== 0 ? undefined : n;
}

function inRange(n: number, d: { readonly min: number; readonly minOpen?: boolean; readonly max?: number; readonly maxOpen?: boolean }): boolean {
  if (d.minOpen ? n <= d.min : n < d.min) return false;
  return d.max === undefined || (d.maxOpen ? n < d.max : n <= d.max);
}

function badValue(model: string, spelled: string, raw: unknown, decl: ParamDeclaration): GanAugmentError {
  const shown = typeof raw === 'string' ? raw : JSON.stringify(raw) ?? String(raw);
  return new GanAugmentError('usage', `${model} parameter '${spelled}' must be ${rangeText(decl)}, got '${shown}'.`, {
    hint: decl.default !== undefined ? `The default is ${formatValue(decl.default)}.` : `Leave it out for the default (${decl.auto ?? 'chosen by the model'}).`,
  });
}

function unknownParam(model: string, spec: ParamDeclarations, spelled: string): GanAugmentError {
  const names = Object.entries(spec).map(([key, decl]) => paramName(key, decl));
  if (names.length === 0) {
    return new GanAugmentError('usage', `${model}: unknown parameter '${spelled}': the '${model}' model takes no parameters.`, {
      hint: 'Remove the --model-param options, or choose a model that has them (e.g. --model smote).',
    });
  }
  return new GanAugmentError('usage', `${model}: unknown parameter '${spelled}'.`, { hint: `Known parameters: ${names.join(', ')} (gan-augment models lists them).` });
}

/** A default or value as the docs and errors show it: 0.0002, 256,256, borderline-1. */
function formatValue(value: number | string | readonly number[]): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

/** What a value must be, in words, for errors: 'a positive integer', "one of 'log', 'even'". */
function rangeText(decl: ParamDeclaration): string {
  switch (decl.type) {
    case 'integer':
      if (decl.multipleOf === 2) return `an even integer >= ${decl.min}`;
      if (decl.multipleOf !== undefined) return `a multiple of ${decl.multipleOf} >= ${decl.min}`;
      if (decl.max !== undefined) return `an integer from ${decl.min} to ${decl.max}`;
      return decl.min === 1 ? 'a positive integer' : `an integer >= ${decl.min}`;
    case 'number':
      if (decl.max !== undefined) return `a number in ${decl.minOpen ? '(' : '['}${decl.min}, ${decl.max}${decl.maxOpen ? ')' : ']'}`;
      if (decl.min === 0) return decl.minOpen ? 'a positive number' : 'a non-negative number';
      return `a number ${decl.minOpen ? '>' : '>='} ${decl.min}`;
    case 'choice':
      return `one of ${Object.keys(decl.choices).map((c) => `'${c}'`).join(', ')}`;
    case 'integer-list':
      return `a non-empty list of ${decl.min === 1 ? 'positive integers' : `integers >= ${decl.min}`}, such as ${formatValue(decl.default)}`;
  }
}

/** The range in a table cell: '>= 1', '(0, 1)', 'borderline-1 (or 1), borderline-2 (or 2)'. */
export function rangeCell(decl: ParamDeclaration): string {
  switch (decl.type) {
    case 'integer': {
      const base = decl.max !== undefined ? `${decl.min} to ${decl.max}` : `>= ${decl.min}`;
      return decl.multipleOf === undefined ? base : `${base}, ${decl.multipleOf === 2 ? 'even' : `multiple of ${decl.multipleOf}`}`;
    }
    case 'number':
      if (decl.max !== undefined) return `${decl.minOpen ? '(' : '['}${decl.min}, ${decl.max}${decl.maxOpen ? ')' : ']'}`;
      return `${decl.minOpen ? '>' : '>='} ${decl.min}`;
    case 'choice':
      return Object.entries(decl.choices)
        .map(([c, aliases]) => (aliases.length > 0 ? `${c} (or ${aliases.join(', ')})` : c))
        .join(', ');
    case 'integer-list':
      return `each >= ${decl.min}`;
  }
}

/** The default in a table cell: the value, or 'auto: ...' when the plugin chooses. */
export function defaultCell(decl: ParamDeclaration): string {
  return decl.default !== undefined ? formatValue(decl.default) : `auto: ${decl.auto ?? 'chosen by the model'}`;
}
