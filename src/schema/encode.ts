/**
 * Arrow table + column roles -> the encoded `Dataset` plugins learn from, plus the `TablePlan`
 * that lets a saved model decode its samples without the training data.
 */
import { DataType, type Table, type Vector } from 'apache-arrow';
import type { CategoricalFeature, Dataset, Feature, ImageFeature, NumericFeature } from '../contracts.js';
import { encodeImageColumn } from '../image/column.js';
import { isIntegerValued, isPlainNumber, toLevel, toNumber } from './arrow-values.js';
import type { ColumnRoles } from './infer.js';
import { PLAN_VERSION, schemaToBase64, type TablePlan } from './plan.js';

export interface EncodedTable {
  /** Rows with a label, features in column order (label and ignored columns left out). */
  readonly dataset: Dataset;
  readonly plan: TablePlan;
  /** The table row of each dataset row: rows whose label is missing are not in the dataset. */
  readonly rowIndex: Int32Array;
}

/**
 * Encode the columns of `table` by their roles. Class names and category levels are sorted
 * (numerically when every value is a number) so the same data gives the same encoding whatever
 * the row order.
 * @example const { dataset, plan } = encodeTable(table, inferRoles(table, { label: 'class' }));
 */
export function encodeTable(table: Table, roles: ColumnRoles): EncodedTable {
  const labelIndex = roles.columns.findIndex((c) => c.role === 'label');
  const labelPlan = roles.columns[labelIndex]!;
  const labelType = table.schema.fields[labelIndex]!.type;
  const labelColumn = table.getChildAt(labelIndex)!;

  const labelLevels: (string | null)[] = new Array(table.numRows);
  const rows: number[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const level = toLevel(labelColumn.get(i), labelType);
    labelLevels[i] = level;
    if (level !== null) rows.push(i);
  }
  const rowIndex = Int32Array.from(rows);
  const classes = sortLevels(new Set(rows.map((r) => labelLevels[r]!)));
  const classOf = new Map(classes.map((c, i) => [c, i]));
  const labels = Int32Array.from(rows, (r) => classOf.get(labelLevels[r]!)!);

  const features: Feature[] = [];
  const offsets = new Map<number, bigint>();
  roles.columns.forEach((column, index) => {
    if (column.role !== 'numeric' && column.role !== 'categorical' && column.role !== 'image') return;
    const type = table.schema.fields[index]!.type;
    const vector = table.getChildAt(index)!;
    if (column.role === 'image') {
      const all = encodeImageColumn(vector, column.image!);
      features.push(rows.length === table.numRows ? all : selectImages(all, rows));
    } else if (column.role === 'numeric') {
      const values = new Float64Array(rows.length);
      const offset = isBigInt64(type) ? smallest(vector, rows) : undefined;
      if (offset !== undefined) {
        // Exact beyond 2^53: each value as its distance from the smallest (plan.ts, `offset`).
        offsets.set(index, offset);
        for (let k = 0; k < rows.length; k++) {
          const v = vector.get(rows[k]!) as bigint | null;
          values[k] = v === null ? NaN : Number(v - offset);
        }
      } else if (isPlainNumber(type)) {
        // Fast path: primitive columns read from their typed array (nulls checked only if present).
        const array = vector.toArray() as ArrayLike<number>;
        const nulls = vector.nullCount > 0;
        for (let k = 0; k < rows.length; k++) values[k] = nulls && !vector.isValid(rows[k]!) ? NaN : array[rows[k]!]!;
      } else {
        for (let k = 0; k < rows.length; k++) values[k] = toNumber(vector.get(rows[k]!), type);
      }
      const feature: NumericFeature = { kind: 'numeric', name: column.name, values, integer: isIntegerValued(type) };
      features.push(feature);
    } else {
      const cells: (string | null)[] = new Array(rows.length);
      const seen = new Set<string>();
      for (let k = 0; k < rows.length; k++) {
        const level = toLevel(vector.get(rows[k]!), type);
        cells[k] = level;
        if (level !== null) seen.add(level);
      }
      const levels = sortLevels(seen);
      const codeOf = new Map(levels.map((l, i) => [l, i]));
      const codes = Int32Array.from(cells, (c) => (c === null ? -1 : codeOf.get(c)!));
      const feature: CategoricalFeature = { kind: 'categorical', name: column.name, codes, levels };
      features.push(feature);
    }
  });

  const plan: TablePlan = {
    version: PLAN_VERSION,
    label: labelPlan.name,
    columns: roles.columns.map((c, i) => (offsets.has(i) ? { ...c, offset: offsets.get(i)!.toString() } : { ...c })),
    classes,
    arrowSchema: schemaToBase64(table.schema),
  };
  return { dataset: { features, labels, classes, rowCount: rows.length }, plan, rowIndex };
}

/** Int64 and Uint64 columns, whose values are bigints. */
function isBigInt64(type: DataType): boolean {
  return DataType.isInt(type) && type.bitWidth === 64;
}

/** The smallest non-null value among `rows` (0n when every one is null). */
function smallest(vector: Vector, rows: readonly number[]): bigint {
  let min: bigint | undefined;
  for (const r of rows) {
    const v = vector.get(r) as bigint | null;
    if (v !== null && (min === undefined || v < min)) min = v;
  }
  return min ?? 0n;
}

/** Numeric order when every level is a number ('2' before '10'), else code-unit order. */
export function sortLevels(levels: Iterable<string>): string[] {
  const list = [...levels];
  const numeric = list.every((l) => l.trim() !== '' && Number.isFinite(Number(l)));
  return numeric ? list.sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0)) : list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function selectImages(feature: ImageFeature, rows: readonly number[]): ImageFeature {
  const size = feature.shape[0] * feature.shape[1] * feature.shape[2];
  const pixels = new Float32Array(rows.length * size);
  rows.forEach((r, k) => pixels.set(feature.pixels.subarray(r * size, (r + 1) * size), k * size));
  return { ...feature, pixels };
}
