/**
 * Which CSV fields are missing values, as pandas' `read_csv` decides by default: an empty field
 * and the strings of pandas' default `na_values` list; `naValues` adds strings and
 * `keepDefaultNa: false` drops the defaults (pandas' `na_values` / `keep_default_na`). A quoted
 * empty field (`""`) is always the empty string, never missing: the one way to write one.
 */

/** pandas' default missing-value strings (`pandas._libs.parsers.STR_NA_VALUES`, pandas 2.x). */
export const PANDAS_NA_VALUES: readonly string[] = [
  '', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN',
  '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null',
];

export interface CsvNullOptions {
  /** More strings read as missing (pandas' `na_values`). */
  naValues?: readonly string[];
  /** Also the default strings (PANDAS_NA_VALUES); default true (pandas' `keep_default_na`). */
  keepDefaultNa?: boolean;
}

/** The resolved rule: the missing-value strings, and whether an unquoted empty field is one. */
export interface CsvNulls {
  readonly tokens: ReadonlySet<string>;
  readonly empty: boolean;
}

/**
 * The rule for `options`.
 * @example csvNulls({ keepDefaultNa: false, naValues: ['-999'] }).tokens // Set { '-999' }
 */
export function csvNulls(options: CsvNullOptions = {}): CsvNulls {
  const tokens = new Set([...(options.keepDefaultNa === false ? [] : PANDAS_NA_VALUES), ...(options.naValues ?? [])]);
  return { tokens, empty: tokens.has('') };
}

/**
 * A field's value: null when missing, else its text. `raw` is null for an unquoted empty field
 * (what the readers collect), '' for a quoted one.
 * @example csvValue('NA', csvNulls()) // null
 */
export function csvValue(raw: string | null, nulls: CsvNulls): string | null {
  if (raw === null) return nulls.empty ? null : '';
  return raw !== '' && nulls.tokens.has(raw) ? null : raw;
}
