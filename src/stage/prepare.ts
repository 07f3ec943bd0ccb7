/**
 * The stage's first steps, shared by `augment` and `fitModel`: read the input (a path or an Arrow
 * Table), give columns their roles, encode the labelled rows, and check the synthesizer can learn
 * from what is there.
 */
import type { Table } from 'apache-arrow';
import type { Dataset, SynthesizerFactory } from '../contracts.js';
import { GanAugmentError } from '../errors.js';
import { adoptTable, readTable } from '../io/index.js';
import type { ReadOptions } from '../io/types.js';
import type { ResolvedFitInputOptions } from '../options/index.js';
import type { ProgressSink } from '../progress.js';
import { encodeTable } from '../schema/encode.js';
import { inferRoles, type RoleOptions } from '../schema/infer.js';
import type { TablePlan } from '../schema/plan.js';

export interface PreparedInput {
  readonly table: Table;
  /** The path read, or undefined for an in-memory table. */
  readonly path: string | undefined;
  readonly format: string;
  readonly metadata: ReadonlyMap<string, string>;
  readonly dataset: Dataset;
  readonly plan: TablePlan;
  readonly warnings: readonly string[];
}

/** The column-role options out of validated stage options. */
export function roleOptions(options: ResolvedFitInputOptions): RoleOptions {
  return {
    label: options.label,
    categorical: options.categorical,
    numeric: options.numeric,
    ignore: options.ignore,
    ...(options.imageShape ? { imageShape: options.imageShape } : {}),
  };
}

/**
 * How to read a CSV input: its delimiter and missing-value strings, and the columns read as text
 * whatever they hold (the label, so classes are told apart by their text, and --categorical
 * columns, so a zip code `01234` keeps its zero).
 */
export function readOptions(options: {
  readonly delimiter: string | undefined;
  readonly label?: string | undefined;
  readonly categorical?: readonly string[];
  readonly naValues?: readonly string[];
  readonly keepDefaultNa?: boolean;
}): ReadOptions {
  const textColumns = [...(options.label !== undefined ? [options.label] : []), ...(options.categorical ?? [])];
  return {
    csv: {
      ...(options.delimiter !== undefined ? { delimiter: options.delimiter } : {}),
      ...(options.naValues !== undefined ? { naValues: options.naValues } : {}),
      ...(options.keepDefaultNa !== undefined ? { keepDefaultNa: options.keepDefaultNa } : {}),
      textColumns,
    },
  };
}

/**
 * Read and encode the input.
 * @example const prepared = await prepareInput('train.csv', { label: 'class' });
 */
export async function prepareInput(input: string | Table, roles: RoleOptions, progress?: ProgressSink, read: ReadOptions = {}): Promise<PreparedInput> {
  progress?.({ phase: 'read', done: 0, message: typeof input === 'string' ? `reading ${input}` : 'reading the table' });
  const result =
    typeof input === 'string'
      ? await readTable(input, read)
      : { table: adoptTable(input), format: 'table', source: '(table)', metadata: input.schema.metadata };
  const { table } = result;
  if (table.numRows === 0) {
    throw noRowsError(typeof input === 'string' ? result.source : undefined, table.schema.fields.map((f) => f.name));
  }
  const inferred = inferRoles(table, roles);
  const { dataset, plan } = encodeTable(table, inferred);
  for (const w of inferred.warnings) progress?.({ phase: 'read', done: 1, message: `warning: ${w}` });
  progress?.({ phase: 'read', done: 1, total: 1, message: `${table.numRows} rows, ${table.numCols} columns` });
  return {
    table,
    path: typeof input === 'string' ? input : undefined,
    format: result.format,
    metadata: result.metadata,
    dataset,
    plan,
    warnings: inferred.warnings,
  };
}

/**
 * The error for an input with columns but no rows (`source` undefined: an in-memory table).
 * @example throw noRowsError('train.csv', ['x', 'label']);
 */
export function noRowsError(source: string | undefined, columns: readonly string[]): GanAugmentError {
  const where = source !== undefined ? `'${source}'` : 'the input table';
  const shown = `${columns.slice(0, 5).join(', ')}${columns.length > 5 ? ', ...' : ''}`;
  return new GanAugmentError('input', `Cannot use ${where}: it has columns (${shown}) but no rows.`, {
    hint: 'Give a table with labelled data rows (a CSV needs rows below its header line).',
  });
}

/**
 * Check that `factory` can model these features and learn each class in `classes` (by index).
 * @example checkCanLearn(factory, params, dataset, [1, 2], counts)
 */
export function checkCanLearn(
  factory: SynthesizerFactory,
  params: Readonly<Record<string, unknown>>,
  dataset: Dataset,
  classes: readonly number[],
  counts: readonly number[],
  flag = '--model',
): void {
  for (const f of dataset.features) {
    if (!factory.supports.includes(f.kind)) {
      throw new GanAugmentError('schema', `${flag} ${factory.name} cannot model ${f.kind} column '${f.name}'.`, {
        hint: `Use --ignore ${f.name}, or a model that supports ${f.kind} columns.`,
      });
    }
  }
  if (dataset.features.length === 0) {
    throw new GanAugmentError('schema', 'No feature columns are left to learn from (every column is the label or ignored).', {
      hint: 'Check --ignore and the warnings about ignored columns.',
    });
  }
  const min = factory.minRowsPerClass(params);
  for (const c of classes) {
    if (counts[c]! < min) {
      throw new GanAugmentError('data', `Class '${dataset.classes[c]}' has ${counts[c]} row${counts[c] === 1 ? '' : 's'}; ${flag} ${factory.name} needs at least ${min} per class it learns.`, {
        hint: tooFewRowsHint(factory.name, counts[c]!),
      });
    }
  }
}

/** What to do about a class too small for the model: never suggests the model that just refused. */
function tooFewRowsHint(model: string, rows: number): string {
  const others: string[] = [];
  if (model === 'smote' && rows >= 2) others.push(`--model-param k_neighbors=${rows - 1} (SMOTE needs k_neighbors + 1 rows)`);
  if (model !== 'smote' && rows >= 6) others.push('--model smote (needs k_neighbors + 1 rows; 6 by default)');
  if (model !== 'smote' && rows >= 2 && rows < 6) others.push(`--model smote --model-param k_neighbors=${rows - 1} (SMOTE needs k_neighbors + 1 rows)`);
  if (model !== 'random') others.push('--model random (needs 1 row)');
  return `Use ${others.join(', or ')}; or leave the class out with --minority.`;
}

/**
 * An explicit --batch-size larger than the rows the model trains on is a mistake (every step would
 * repeat rows); the plugins' default adapts to small classes, so say to leave it out.
 */
export function checkBatchSize(batchSize: number | undefined, counts: readonly number[], trainOn: string | undefined): void {
  if (batchSize === undefined) return;
  const total = counts.reduce((s, n) => s + n, 0);
  const rows = trainOn === 'minority' ? total - Math.max(...counts) : total;
  if (batchSize > rows) {
    throw new GanAugmentError('usage', `--batch-size ${batchSize} is larger than the ${rows} rows the model trains on${trainOn === 'minority' ? ' (--train-on minority)' : ''}.`, {
      hint: `Use --batch-size ${rows} or less, or leave it out: the default adapts to small classes.`,
    });
  }
}
