/**
 * The exact CSV text of input fields whose typed value would be written back differently
 * (`0.370` read as the double 0.37, `01` as the integer 1, `NA` as null, `2024-01-01 10:00:00`
 * as a timestamp), so that a CSV written from the input's rows holds their fields byte for byte.
 *
 * The text travels with the Arrow column chunk (`Data`) the CSV reader built, in a WeakMap: the
 * stage passes the input's chunks to the writer untouched (merge.ts, the streaming copy pass), so
 * nothing between reading and writing has to know about it, and a chunk that is rebuilt or sliced
 * on the way simply falls back to the canonical spelling of its values. Only differing fields are
 * stored: a CSV whose fields are already canonical costs nothing.
 */
import type { Data } from 'apache-arrow';

const KEPT = new WeakMap<Data, ReadonlyArray<string | undefined>>();

/**
 * Attach `fields` (the field as it must be written, by row of `data`; undefined where the
 * canonical spelling is right) to `data`.
 * @example keepFields(data, [undefined, '0.370']);
 */
export function keepFields(data: Data, fields: ReadonlyArray<string | undefined>): void {
  KEPT.set(data, fields);
}

/**
 * The kept fields of `data`, if the CSV reader made it and any of its fields differ.
 * @example const field = keptFields(data)?.[row] ?? csvFormatter(type)(value);
 */
export function keptFields(data: Data): ReadonlyArray<string | undefined> | undefined {
  return KEPT.get(data);
}
