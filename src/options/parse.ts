/**
 * Value parsers of the option table (table.ts): CLI text or typed API values in, one typed value
 * out, and every error names the flag and what is allowed (`--epochs must be an integer from 1 to
 * 100000, got -3`). Each takes the value and the flag it came from, so one parser serves any option.
 *
 * Hand-written rather than a schema library: the rules are few, and the messages must name the
 * CLI flag, accept CLI text and typed values alike, and stay stable for the CLI's tests.
 */
import type { JsonValue } from '../contracts.js';
import { BACKEND_NAMES, resolveBackendRequest, type BackendName } from '../backend/names.js';
import { GanAugmentError } from '../errors.js';
import { parseImageShape } from '../image/column.js';
import type { DistanceThreshold } from '../privacy/privacy-filter.js';
import { parseStrategy, type SamplingStrategy } from '../strategy.js';

export type Parser<T> = (value: unknown, flag: string) => T;

/** The one seed rule: an integer from 0 to 2^32 - 1; the same default for every command. */
export const DEFAULT_SEED = 42;
export const MAX_SEED = 0xffffffff;

export const OUTPUT_FORMATS = ['parquet', 'arrow', 'arrow-stream', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function usage(message: string, hint?: string): GanAugmentError {
  return new GanAugmentError('usage', message, hint ? { hint } : {});
}

const absent = (value: unknown): boolean => value === undefined || value === null || value === '';
const shown = (value: unknown): string => (typeof value === 'string' ? `'${value}'` : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** Optional text: trimmed, empty as absent. */
export const text: Parser<string | undefined> = (value, flag) => {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw usage(`${flag} must be text, got ${typeof value}.`);
  const s = value.trim();
  return s === '' ? undefined : s;
};

/** Text with a default. */
export function textOr(fallback: string): Parser<string> {
  return (value, flag) => text(value, flag) ?? fallback;
}

/** Required text; `what` completes "--label is required: ...". */
export function required(what?: string): Parser<string> {
  return (value, flag) => {
    const s = text(value, flag);
    if (s === undefined) throw usage(`${flag} is required${what ? `: ${what}` : ''}.`);
    return s;
  };
}

/** One of a few names (case-insensitive), with aliases; absent gives `fallback`. */
export function oneOf<T extends string, F extends T | undefined>(names: readonly T[], fallback: F, aliases: Readonly<Record<string, T>> = {}): Parser<T | F> {
  return (value, flag) => {
    const s = text(value, flag)?.toLowerCase();
    if (s === undefined) return fallback;
    const name = aliases[s] ?? s;
    if (!(names as readonly string[]).includes(name)) throw usage(`${flag} must be one of ${names.join(', ')}; got '${s}'.`);
    return name as T;
  };
}

/** Lists come as arrays (API) or comma-separated text (CLI, repeated flags joined by the CLI); duplicates dropped. */
export const list: Parser<readonly string[]> = (value, flag) => {
  if (value === undefined || value === null) return [];
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
  if (!items || !items.every((v) => typeof v === 'string')) throw usage(`${flag} must be a comma-separated list of names.`);
  return [...new Set(items.map((v: string) => v.trim()).filter((v) => v !== ''))];
};

/**
 * The post-generation filter's rules: absent is undefined (the synthesizer's own default rules,
 * SynthesizerFactory.defaultFilter), 'none' no rule, else a comma-separated list (API: an array) of
 * known rules, in the order given, duplicates dropped.
 */
export function filterRules<T extends string>(rules: readonly T[]): Parser<readonly T[] | undefined> {
  return (value, flag) => {
    if (absent(value)) return undefined;
    const items = list(value, flag).map((r) => r.toLowerCase());
    if (items.length === 1 && items[0] === 'none') return [];
    const bad = items.filter((r) => !(rules as readonly string[]).includes(r));
    if (bad.length > 0) throw usage(`${flag} must be 'none' or a comma-separated list of ${rules.join(', ')}; got '${bad[0]}'.`, `e.g. ${flag} ${rules.slice(0, 2).join(',')}`);
    return items as T[];
  };
}

/**
 * A whole number in [min, max]. Text may be written as '1000', '+1000' or '1e3' (the same number
 * whatever the spelling, so `--epochs 1e9` meets the same limit as `--epochs=1000000000`); `max`
 * refuses absurd requests up front, with `why` saying what the limit protects.
 */
export function integer<F extends number | undefined>(min: number, max: number, fallback: F, why = ''): Parser<number | F> {
  return (value, flag) => {
    if (absent(value)) return fallback;
    const n = typeof value === 'string' && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?\s*$/i.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min) {
      throw usage(`${flag} must be ${min === 1 ? 'a positive integer' : `an integer of at least ${min}`}, got ${shown(value)}.`);
    }
    if (n > max) throw usage(`${flag} must be at most ${max}, got ${shown(value)}${why ? `: ${why}` : ''}.`);
    return n;
  };
}

/** A number strictly between 0 and 1. */
export function fraction(fallback: number): Parser<number> {
  return (value, flag) => {
    if (absent(value)) return fallback;
    const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
    if (!(n > 0 && n < 1)) throw usage(`${flag} must be a number between 0 and 1, got ${shown(value)}.`);
    return n;
  };
}

/** `--amount`: 'auto' or a share of the deficit in (0, 1]. */
export function amount(candidates: readonly number[]): Parser<number | 'auto'> {
  return (value, flag) => {
    if (absent(value)) return 1;
    if (typeof value === 'string' && value.trim().toLowerCase() === 'auto') return 'auto';
    const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
    if (!(n > 0 && n <= 1)) throw usage(`${flag} must be 'auto' or a share of the rows to add in (0, 1], got ${shown(value)}.`, `e.g. ${flag} ${candidates[1] ?? 0.5}, or ${flag} auto to choose among ${candidates.join(', ')} on the training rows.`);
    return n;
  };
}

/** The seed rule, the same for every command (see DEFAULT_SEED). */
export const seed: Parser<number> = (value, flag) => {
  if (absent(value)) return DEFAULT_SEED;
  const n = typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_SEED) {
    throw usage(`${flag} must be an integer from 0 to ${MAX_SEED}, got ${shown(value)}.`);
  }
  return n;
};

export const bool: Parser<boolean> = (value, flag) => {
  if (absent(value)) return false;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1' || value === 'yes') return true;
  if (value === 'false' || value === '0' || value === 'no') return false;
  throw usage(`${flag} must be true or false, got ${shown(value)}.`);
};

/** The backend request; absent: GAN_AUGMENT_BACKEND decides (validated there), else 'auto'. */
export const backend: Parser<BackendName> = (value, flag) => {
  const name = text(value, flag);
  if (name === undefined) return resolveBackendRequest(undefined);
  if (!(BACKEND_NAMES as readonly string[]).includes(name)) throw usage(`${flag} must be one of ${BACKEND_NAMES.join(', ')}; got '${name}'.`);
  return name as BackendName;
};

export const format: Parser<OutputFormat | undefined> = oneOf<OutputFormat, undefined>(OUTPUT_FORMATS, undefined, { feather: 'arrow', ipc: 'arrow' });

/**
 * The CSV field separator: European exports use ';', TSV files a tab (spelled 'tab' or '\\t' on a
 * command line, where a literal tab is awkward to type).
 */
export const delimiter: Parser<string | undefined> = (value, flag) => {
  if (absent(value)) return undefined;
  const named: Record<string, string> = { tab: '\t', '\\t': '\t' };
  const d = typeof value === 'string' ? (named[value] ?? value) : value;
  if (typeof d !== 'string' || d.length !== 1 || d === '"' || d === '\n' || d === '\r') {
    throw usage(`${flag} must be one character (such as ';' or '|') or 'tab'; got ${shown(value)}.`);
  }
  return d;
};

/**
 * CSV missing-value strings (pandas' `na_values`): kept as given but for the spaces after commas
 * in the text form; an empty item is the empty field.
 * @example naValues('-999, missing', '--na-values') // ['-999', 'missing']
 */
export const naValues: Parser<readonly string[]> = (value, flag) => {
  if (value === undefined || value === null) return [];
  const items = typeof value === 'string' ? value.split(',').map((v) => v.trim()) : Array.isArray(value) ? value : undefined;
  if (!items || !items.every((v) => typeof v === 'string')) throw usage(`${flag} must be a comma-separated list of strings, such as '-999,missing'.`);
  return [...new Set(items as string[])];
};

/** A boolean that is true unless given as false (pandas' `keep_default_na`). */
export const boolDefaultTrue: Parser<boolean> = (value, flag) => (absent(value) ? true : bool(value, flag));

export const imageShape: Parser<readonly [number, number, number] | undefined> = (value, flag) => {
  if (absent(value)) return undefined;
  const t = Array.isArray(value) ? value.join('x') : value;
  if (typeof t !== 'string') throw usage(`${flag} must be HEIGHTxWIDTHxCHANNELS, such as 28x28x1.`);
  return parseImageShape(t, flag);
};

export const strategy: Parser<SamplingStrategy> = (value, flag) => parseStrategy(value, flag);

/** Per-class row counts ('yes=500,maybe=200' or `{ yes: 500 }`), at least one given. */
export const counts: Parser<Readonly<Record<string, number>>> = (value, flag) => {
  if (absent(value)) throw usage(`${flag} is required: rows to generate per class, such as 'yes=500,maybe=200'.`);
  const parsed = parseStrategy(value, flag);
  if (parsed.kind !== 'counts') throw usage(`${flag} must list rows per class, such as 'yes=500,maybe=200'; got ${shown(value)}.`);
  return parsed.counts;
};

/**
 * --privacy-distance: '0.02' (absolute Gower distance, >= 0) or 'q0.05' (quantile in [0, 1] of the
 * training rows' nearest-neighbour distances); numbers and `{ absolute }` / `{ quantile }` from the API.
 */
export const privacyDistance: Parser<DistanceThreshold | undefined> = (value, flag) => {
  if (absent(value)) return undefined;
  const allowed = `a distance >= 0 such as 0.02, or a quantile of the real rows' nearest-neighbour distances such as q0.05`;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === 'absolute' && typeof v.absolute === 'number') return privacyDistance(v.absolute, flag);
    if (keys.length === 1 && keys[0] === 'quantile' && typeof v.quantile === 'number') return privacyDistance(`q${v.quantile}`, flag);
    throw usage(`${flag} must be ${allowed}; got ${JSON.stringify(value)}.`);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw usage(`${flag} must be ${allowed}; got ${value}.`);
    return { absolute: value };
  }
  if (typeof value !== 'string') throw usage(`${flag} must be ${allowed}; got ${typeof value}.`);
  const t = value.trim().toLowerCase();
  const number = /^[0-9.eE+-]+$/;
  if (t.startsWith('q') && number.test(t.slice(1))) {
    const q = Number(t.slice(1));
    if (!Number.isFinite(q) || q < 0 || q > 1) throw usage(`${flag}: the quantile in '${value}' must be between 0 and 1, such as q0.05.`);
    return { quantile: q };
  }
  if (number.test(t)) {
    const d = Number(t);
    if (!Number.isFinite(d) || d < 0) throw usage(`${flag} must be ${allowed}; got '${value}'.`);
    return { absolute: d };
  }
  throw usage(`${flag} must be ${allowed}; got '${value}'.`);
};

/**
 * Plugin parameters. Text is 'key=value,key2=value2' (values read as numbers or booleans when they
 * look like one; a list as 'key=128,128'), JSON objects, or both: the CLI joins --model-param and
 * --model-params with commas, so `{"generator_dim":[128,128]},epochs=5` is one record (a later key
 * wins). Records pass through when their values are JSON.
 */
export const modelParams: Parser<Readonly<Record<string, JsonValue>>> = (value, flag) => {
  if (absent(value)) return {};
  if (typeof value === 'string') {
    const out: Record<string, JsonValue> = {};
    let rest = value.replace(/^[\s,]+/, '');
    let listKey: string | undefined;
    while (rest !== '') {
      if (rest.startsWith('{')) {
        const end = jsonObjectEnd(rest);
        let parsed: unknown;
        try {
          parsed = JSON.parse(rest.slice(0, end));
        } catch (err) {
          throw usage(`${flag} is not valid JSON: ${(err as Error).message}.`);
        }
        Object.assign(out, modelParams(parsed, flag));
        listKey = undefined;
        rest = rest.slice(end);
      } else {
        const comma = rest.indexOf(',');
        const part = comma < 0 ? rest : rest.slice(0, comma);
        rest = comma < 0 ? '' : rest.slice(comma);
        const at = part.indexOf('=');
        if (at < 0 && listKey !== undefined) {
          // 'generator_dim=128,128': a word without '=' continues the list value before it.
          out[listKey] = `${String(out[listKey])},${part.trim()}`;
        } else {
          if (at <= 0) throw usage(`${flag}: '${part}' is not of the form key=value.`);
          const v = part.slice(at + 1).trim();
          listKey = part.slice(0, at).trim();
          out[listKey] = v === 'true' ? true : v === 'false' ? false : v !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
        }
      }
      rest = rest.replace(/^[\s,]+/, '');
    }
    return out;
  }
  if (typeof value !== 'object' || Array.isArray(value) || !isJson(value)) {
    throw usage(`${flag} must be a record of JSON values or 'key=value,...' text.`);
  }
  return { ...(value as Record<string, JsonValue>) };
};

/** Where the JSON object that `text` starts with ends (past its closing brace), strings and escapes skipped; the text's length when unclosed. */
function jsonObjectEnd(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if ((c === '}' || c === ']') && --depth === 0) return i + 1;
  }
  return text.length;
}

/** Per-name parameter records (`{ smote: { k_neighbors: 3 } }`), API only. */
export const paramsByName: Parser<Readonly<Record<string, Readonly<Record<string, JsonValue>>>>> = (value, flag) => {
  if (absent(value)) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw usage(`${flag} must be a record of parameter records, such as { smote: { k_neighbors: 3 } }.`);
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([name, params]) => [name, modelParams(params, `${flag}.${name}`)]));
};

function isJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJson);
  if (typeof value === 'object') return Object.values(value as object).every(isJson);
  return false;
}

/** A function (progress sink), API only. */
export function callback<T>(what: string): Parser<T | undefined> {
  return (value) => {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'function') throw usage(`${what} must be a function.`);
    return value as T;
  };
}

export const signal: Parser<AbortSignal | undefined> = (value) => {
  if (value === undefined) return undefined;
  if (!(value instanceof AbortSignal)) throw usage('signal must be an AbortSignal.');
  return value;
};
