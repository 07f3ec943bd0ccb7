/**
 * A method name that carries filter rules, as evaluate's `--methods` and `--model auto`'s choice
 * spell them: 'ctgan+purity', 'smote+purity+distance'. The rules go to `--filter`, so a filtered
 * synthesizer is compared like any other method.
 */
import { GanAugmentError } from '../../errors.js';
import { FILTER_RULES, type FilterRule, type FilterRules } from '../../options/table.js';

/**
 * The synthesizer and the rules of a method name; `fallback` (the run's --filter; undefined: the
 * synthesizer's own default rules) when it names none.
 * @example splitMethod('ctgan+purity+distance', []) // { model: 'ctgan', rules: ['purity', 'distance'] }
 */
export function splitMethod<F extends FilterRules | undefined>(method: string, fallback: F): { model: string; rules: FilterRules | F } {
  const [model, ...suffixes] = method.split('+') as [string, ...string[]];
  if (suffixes.length === 0) return { model, rules: fallback };
  const bad = suffixes.find((s) => !(FILTER_RULES as readonly string[]).includes(s));
  if (bad !== undefined) {
    throw new GanAugmentError('usage', `--methods: '${method}': '+${bad}' is not a filter rule; a method name may add ${FILTER_RULES.map((r) => `'+${r}'`).join(', ')}.`, { hint: `Write ${model} or, e.g., ${model}+purity.` });
  }
  return { model, rules: [...new Set(suffixes as FilterRule[])] };
}
