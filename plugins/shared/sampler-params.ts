/**
 * Parameters of the neighbour-based samplers (smote, borderline-smote, adasyn, smoten, smote-enn,
 * smote-tomek), declared once per plugin and validated here for `create`, `minRowsPerClass` and
 * `deserialize`. Names follow imbalanced-learn (snake_case); values may come from the CLI as strings
 * (`--model-param k_neighbors=3`) or from the API as numbers.
 */
import { GanAugmentError } from '../../src/errors.js';

export interface IntegerParam {
  readonly type: 'integer';
  readonly default: number;
  readonly min: number;
}

export interface ChoiceParam<C extends string = string> {
  readonly type: 'choice';
  readonly default: C;
  /** Each accepted value with its aliases (e.g. 'borderline-1' also as '1'). */
  readonly choices: Readonly<Record<C, readonly string[]>>;
}

export type ParamSpec = Readonly<Record<string, IntegerParam | ChoiceParam>>;

export type ParsedParams<S extends ParamSpec> = {
  readonly [K in keyof S]: S[K] extends { readonly choices: Readonly<Record<infer C, readonly string[]>> } ? C & string : number;
};

/**
 * Validate `raw` against `spec`, defaulting what is absent.
 * @example parseSamplerParams('smote', { k_neighbors: '3' }, { k_neighbors: { type: 'integer', default: 5, min: 1 } }) // { k_neighbors: 3 }
 */
export function parseSamplerParams<S extends ParamSpec>(model: string, raw: Readonly<Record<string, unknown>>, spec: S): ParsedParams<S> {
  const out: Record<string, number | string> = {};
  for (const [key, p] of Object.entries(spec)) out[key] = p.default;
  for (const [key, value] of Object.entries(raw)) {
    // The stage passes --train-on as `trainOn`; these samplers work per class, so either value is fine.
    if (key === 'trainOn') continue;
    const p = spec[key];
    if (!p) {
      throw new GanAugmentError('usage', `--model-param ${key}: unknown parameter for the '${model}' model.`, {
        hint: `${model} takes ${describeSpec(spec)}.`,
      });
    }
    out[key] = p.type === 'integer' ? parseInteger(key, value, p) : parseChoice(key, value, p);
  }
  return out as ParsedParams<S>;
}

/** One line listing the parameters with their ranges and defaults, for hints and descriptions. */
export function describeSpec(spec: ParamSpec): string {
  const parts = Object.entries(spec).map(([key, p]) =>
    p.type === 'integer'
      ? `${key} (${rangeText(p)}, default ${p.default})`
      : `${key} (${Object.keys(p.choices).join(' or ')}, default ${p.default})`,
  );
  return parts.length === 0 ? 'no parameters' : parts.join(', ');
}

function parseInteger(key: string, raw: unknown, p: IntegerParam): number {
  const value = typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < p.min) {
    throw new GanAugmentError('usage', `--model-param ${key}=${String(raw)}: ${key} must be ${rangeText(p)}.`, {
      hint: `Use e.g. --model-param ${key}=${p.default} (the default).`,
    });
  }
  return value;
}

function parseChoice(key: string, raw: unknown, p: ChoiceParam): string {
  const text = typeof raw === 'number' || typeof raw === 'string' ? String(raw).trim() : undefined;
  for (const [name, aliases] of Object.entries(p.choices) as Array<[string, readonly string[]]>) {
    if (text === name || (text !== undefined && aliases.includes(text))) return name;
  }
  throw new GanAugmentError('usage', `--model-param ${key}=${String(raw)}: ${key} must be ${Object.keys(p.choices).join(' or ')}.`, {
    hint: `Use e.g. --model-param ${key}=${p.default} (the default).`,
  });
}

function rangeText(p: IntegerParam): string {
  return p.min === 1 ? 'a positive integer' : `an integer >= ${p.min}`;
}
