/**
 * `ensemble: N`: N independent fits (the first with the run's own seed, the others with forks of
 * it), whose rows are pooled in equal shares. Row j of a class comes from member j mod N, so every
 * prefix of the rows (what `--amount` or a filter's surplus keeps) draws evenly from all members.
 * Saved as one model: the first member as before, each further member's config under `members` and
 * its arrays under `member<m>/`.
 */
import type { CategoricalFeature, Feature, JsonValue, ModelArtifacts, NumericFeature } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';
import { MAX_ENSEMBLE } from './params.js';

/** Rows member m of `members` makes of `n`: rows m, m + members, ... */
export function memberShare(n: number, members: number, m: number): number {
  return Math.ceil((n - m) / members);
}

/** One class's rows from every member (parts[m] has memberShare rows), interleaved: row j from member j mod N. */
export function interleaveMembers(parts: readonly Feature[][], n: number): Feature[] {
  const members = parts.length;
  return parts[0]!.map((first, ci): Feature => {
    if (first.kind === 'numeric') {
      const values = new Float64Array(n);
      for (let j = 0; j < n; j++) values[j] = (parts[j % members]![ci] as NumericFeature).values[Math.floor(j / members)]!;
      return { ...first, values };
    }
    if (first.kind === 'categorical') {
      const codes = new Int32Array(n);
      for (let j = 0; j < n; j++) codes[j] = (parts[j % members]![ci] as CategoricalFeature).codes[Math.floor(j / members)]!;
      return { ...first, codes };
    }
    return first;
  });
}

const PREFIX = (m: number): string => `member${m}/`;

/** Members' artifacts (each as modelToArtifacts writes one) as one model's. */
export function joinMembers(members: readonly ModelArtifacts[]): ModelArtifacts {
  const [first, ...rest] = members;
  if (rest.length === 0) return first!;
  const arrays: Record<string, Float32Array> = { ...first!.arrays };
  rest.forEach((a, i) => {
    for (const [name, data] of Object.entries(a.arrays)) arrays[`${PREFIX(i + 1)}${name}`] = data;
  });
  const config = first!.config as Record<string, JsonValue>;
  return { config: { ...config, members: rest.map((a) => a.config) }, arrays };
}

/** The inverse of joinMembers: one artifacts object per member, the first with the top-level config. */
export function splitMembers(artifacts: ModelArtifacts): ModelArtifacts[] {
  const config = artifacts.config;
  if (config === null || typeof config !== 'object' || Array.isArray(config) || config['members'] === undefined) return [artifacts];
  const extra = config['members'];
  if (!Array.isArray(extra) || extra.length + 1 > MAX_ENSEMBLE || extra.some((c) => c === null || typeof c !== 'object' || Array.isArray(c))) {
    throw new GanAugmentError('model', 'ctgan model: the saved model is corrupt (members).', { hint: 'Re-train the model; saved models must not be edited.' });
  }
  const { members: _members, ...base } = config;
  const out: Array<{ config: JsonValue; arrays: Record<string, Float32Array> }> = [{ config: base, arrays: {} }, ...extra.map((c) => ({ config: c, arrays: {} }))];
  for (const [name, data] of Object.entries(artifacts.arrays)) {
    const m = /^member(\d+)\//.exec(name);
    const member = m ? out[Number(m[1])] : undefined;
    // An array of no listed member stays in the first member's arrays under its full name, and its check refuses it.
    if (m && member && Number(m[1]) > 0) member.arrays[name.slice(m[0].length)] = data;
    else out[0]!.arrays[name] = data;
  }
  return out;
}
