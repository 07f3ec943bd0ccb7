/**
 * Column roles: decide, for every column of the input, whether it is the label, a numeric or
 * categorical feature, an image, or ignored (and why). Inference follows the Arrow type; the
 * user's --categorical / --numeric / --ignore lists override it. Everything a user can get wrong
 * here is a GanAugmentError('schema') naming the column and the fix.
 *
 * Rules (documented in docs/api.md):
 * - integers, floats, decimals, dates, timestamps, times, durations -> numeric. A numeric column
 *   with only a few distinct integer values (0/1 flags, ratings) stays numeric unless named in
 *   --categorical: guessing would silently change what the model learns.
 * - text, dictionary-encoded and boolean columns -> categorical.
 * - image columns (src/image/column.ts: fixed-size lists of pixels with a known shape, or PNG
 *   bytes) -> image. A fixed-size list of numbers whose shape is unknown is ignored with a warning
 *   suggesting --image-shape.
 * - anything else (nested lists, structs, maps, other binary) -> ignored with a warning; naming
 *   such a column in --categorical or --numeric is an error.
 */
import { DataType, type Table, type Vector } from 'apache-arrow';
import { GanAugmentError } from '../errors.js';
import { detectImageColumn } from '../image/column.js';
import { isCategoricalType, isImageType, isTextType, numericKind, toLevel, toNumber } from './arrow-values.js';
import type { ColumnPlan } from './plan.js';

export interface RoleOptions {
  /** The class column (--label). */
  readonly label: string;
  /** Columns to treat as categorical even when numeric (--categorical). */
  readonly categorical?: readonly string[];
  /** Columns to treat as numeric (--numeric); text columns cannot be. */
  readonly numeric?: readonly string[];
  /** Columns to leave out of the model; they are copied unchanged and null in synthetic rows (--ignore). */
  readonly ignore?: readonly string[];
  /** Image shape [height, width, channels] for fixed-size list columns (--image-shape). */
  readonly imageShape?: readonly [number, number, number];
}

export interface ColumnRoles {
  readonly columns: readonly ColumnPlan[];
  readonly warnings: readonly string[];
}

/** Most distinct levels a categorical column may have before we refuse (memory grows with levels). */
const MAX_CATEGORY_LEVELS = 1000;
/** Above this share of distinct values (tables of at least 50 rows) a column looks like an identifier. */
const MAX_UNIQUE_SHARE = 0.5;

/**
 * Give every column a role.
 * @example inferRoles(table, { label: 'class', categorical: ['zip'], ignore: ['id'] })
 */
export function inferRoles(table: Table, options: RoleOptions): ColumnRoles {
  const fields = table.schema.fields;
  const names = fields.map((f) => f.name);
  checkDuplicates(names);
  if (!names.includes(options.label)) {
    throw new GanAugmentError('schema', `--label: column '${options.label}' is not in the input.`, {
      hint: `Available columns: ${names.map((n) => `'${n}'`).join(', ')}.`,
    });
  }
  const categorical = new Set(options.categorical ?? []);
  const numeric = new Set(options.numeric ?? []);
  const ignore = new Set(options.ignore ?? []);
  checkNamed('--categorical', categorical, names);
  checkNamed('--numeric', numeric, names);
  checkNamed('--ignore', ignore, names);
  if (ignore.has(options.label)) {
    throw new GanAugmentError('usage', `--ignore: '${options.label}' is the label column and cannot be ignored.`, {
      hint: 'Remove it from --ignore or choose another --label.',
    });
  }
  if (numeric.has(options.label)) {
    throw new GanAugmentError('usage', `--numeric: '${options.label}' is the label column; the label is always treated as classes.`, {
      hint: 'Remove it from --numeric.',
    });
  }
  for (const name of categorical) {
    if (numeric.has(name)) throw conflict(name, '--categorical', '--numeric');
    if (ignore.has(name)) throw conflict(name, '--categorical', '--ignore');
  }
  for (const name of numeric) if (ignore.has(name)) throw conflict(name, '--numeric', '--ignore');

  const warnings: string[] = [];
  const columns = fields.map((field, index): ColumnPlan => {
    const type = field.type;
    const column = table.getChildAt(index)!;
    const base = { name: field.name, type: String(type) };
    if (field.name === options.label) {
      checkLabel(field.name, type, column);
      return { ...base, role: 'label' };
    }
    if (ignore.has(field.name)) return { ...base, role: 'ignored', reason: 'named in --ignore' };
    if (numeric.has(field.name)) {
      if (numericKind(type) === undefined) {
        const what = isTextType(type) || DataType.isDictionary(type) ? 'text' : `values of type ${String(type)}`;
        throw new GanAugmentError('schema', `--numeric: column '${field.name}' holds ${what}, which cannot be treated as numbers.`, {
          hint: `Remove it from --numeric (it will be ${isCategoricalType(type) ? 'categorical' : 'ignored'}), or convert it to numbers before augmenting.`,
        });
      }
      return numericColumn(base, type, column, 'named in --numeric', warnings);
    }
    if (categorical.has(field.name)) {
      if (numericKind(type) === undefined && !isCategoricalType(type)) {
        throw new GanAugmentError('schema', `--categorical: column '${field.name}' has type ${String(type)}, which cannot be used as categories.`, {
          hint: `Use --ignore ${field.name} to copy it unchanged (null in synthetic rows).`,
        });
      }
      return categoricalColumn(base, type, column, 'named in --categorical', warnings);
    }
    if (numericKind(type) !== undefined) return numericColumn(base, type, column, undefined, warnings);
    if (isCategoricalType(type)) return categoricalColumn(base, type, column, undefined, warnings);
    const image = detectImageColumn(field, { vector: column, ...(options.imageShape ? { imageShape: options.imageShape } : {}) });
    if (image) return { ...base, role: 'image', image };
    if (isImageType(type)) {
      warnings.push(`Column '${field.name}' (${String(type)}) looks like image pixels of unknown shape, so it is ignored (null in synthetic rows); pass --image-shape HxWxC to model it as an image.`);
      return { ...base, role: 'ignored', reason: 'image of unknown shape (use --image-shape)' };
    }
    const reason = DataType.isNull(type) ? 'every value is null' : `type ${String(type)} is not supported`;
    warnings.push(`Column '${field.name}' is ignored: ${reason}. It is copied unchanged and null in synthetic rows.`);
    return { ...base, role: 'ignored', reason };
  });
  return { columns, warnings };
}

function numericColumn(
  base: { name: string; type: string },
  type: DataType,
  column: Vector,
  reason: string | undefined,
  warnings: string[],
): ColumnPlan {
  let infinite = 0;
  let present = 0;
  for (let i = 0; i < column.length; i++) {
    const x = toNumber(column.get(i), type);
    if (Number.isNaN(x)) continue;
    present++;
    if (!Number.isFinite(x)) infinite++;
  }
  if (infinite > 0) {
    throw new GanAugmentError('schema', `Column '${base.name}' holds Infinity in ${infinite} row${infinite === 1 ? '' : 's'}; a model cannot learn from infinite values.`, {
      hint: `Replace them (for example with empty/null values) or use --ignore ${base.name}.`,
    });
  }
  if (present === 0) {
    warnings.push(`Column '${base.name}' is ignored: every value is missing. It is copied unchanged and null in synthetic rows.`);
    return { ...base, role: 'ignored', reason: 'every value is missing' };
  }
  return reason ? { ...base, role: 'numeric', reason } : { ...base, role: 'numeric' };
}

function categoricalColumn(
  base: { name: string; type: string },
  type: DataType,
  column: Vector,
  reason: string | undefined,
  warnings: string[],
): ColumnPlan {
  const levels = new Set<string>();
  let present = 0;
  for (let i = 0; i < column.length; i++) {
    const level = toLevel(column.get(i), type);
    if (level === null) continue;
    present++;
    levels.add(level);
    if (levels.size > MAX_CATEGORY_LEVELS) break;
  }
  const tooMany = levels.size > MAX_CATEGORY_LEVELS;
  if (tooMany || (present >= 50 && levels.size > MAX_UNIQUE_SHARE * present)) {
    const what = tooMany ? `more than ${MAX_CATEGORY_LEVELS} distinct values` : `${levels.size} distinct values in ${present} rows`;
    throw new GanAugmentError('schema', `Column '${base.name}' has ${what}: as a categorical column it looks like an identifier or free text, and would make the model's memory blow up.`, {
      hint: `Use --ignore ${base.name} to copy it unchanged (null in synthetic rows)${numericKind(type) !== undefined ? `, or --numeric ${base.name}` : ''}.`,
    });
  }
  if (present === 0) {
    warnings.push(`Column '${base.name}' is ignored: every value is missing. It is copied unchanged and null in synthetic rows.`);
    return { ...base, role: 'ignored', reason: 'every value is missing' };
  }
  return reason ? { ...base, role: 'categorical', reason } : { ...base, role: 'categorical' };
}

function checkLabel(name: string, type: DataType, column: Vector): void {
  if (numericKind(type) === undefined && !isCategoricalType(type)) {
    throw new GanAugmentError('schema', `--label: column '${name}' has type ${String(type)}, which cannot hold class labels.`, {
      hint: 'Choose a text, integer, boolean or dictionary column as --label.',
    });
  }
  const classes = new Set<string>();
  for (let i = 0; i < column.length && classes.size < 2; i++) {
    const level = toLevel(column.get(i), type);
    if (level !== null) classes.add(level);
  }
  if (classes.size === 0) {
    throw new GanAugmentError('schema', `--label: every value of column '${name}' is missing.`, {
      hint: 'Choose the column that holds the classes as --label.',
    });
  }
  if (classes.size === 1) {
    throw new GanAugmentError('schema', `--label: column '${name}' holds one class only ('${[...classes][0]}'); there is nothing to balance.`, {
      hint: 'Check that --label names the class column and that the input holds every class.',
    });
  }
}

function checkDuplicates(names: readonly string[]): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) {
      throw new GanAugmentError('schema', `The input has two columns named '${n}'; columns must have distinct names.`, {
        hint: 'Rename one of them in the input file.',
      });
    }
    seen.add(n);
  }
}

function checkNamed(option: string, named: ReadonlySet<string>, names: readonly string[]): void {
  for (const n of named) {
    if (!names.includes(n)) {
      throw new GanAugmentError('schema', `${option}: column '${n}' is not in the input.`, {
        hint: `Available columns: ${names.map((c) => `'${c}'`).join(', ')}.`,
      });
    }
  }
}

function conflict(name: string, a: string, b: string): GanAugmentError {
  return new GanAugmentError('usage', `Column '${name}' is named in both ${a} and ${b}.`, { hint: 'Name it in one of them only.' });
}
