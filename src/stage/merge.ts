/**
 * Merge: every input row unchanged and first, then the synthetic rows, plus a boolean provenance
 * column (false for input rows, true for synthetic ones). Input record batches are reused as they
 * are (no copy); the synthetic table must have the same columns and types.
 */
import { Bool, Field, RecordBatch, Schema, Struct, Table, makeData, vectorFromArray, type Data } from 'apache-arrow';
import { GanAugmentError } from '../errors.js';

/**
 * Refuse a provenance column name that is already a column of the input.
 * @example checkProvenanceColumn(table.schema.fields.map((f) => f.name), 'is_synthetic')
 */
export function checkProvenanceColumn(columns: readonly string[], name: string): void {
  if (columns.includes(name)) {
    throw new GanAugmentError('usage', `--provenance-column: the input already has a column named '${name}'.`, {
      hint: `Choose another name, for example --provenance-column ${name}_gan.`,
    });
  }
}

/**
 * Append `synthetic` to `input` with a provenance column named `column`.
 * @example const merged = mergeWithProvenance(input, synthetic, 'is_synthetic', metadata);
 */
export function mergeWithProvenance(input: Table, synthetic: Table, column: string, metadata: Map<string, string>): Table {
  checkProvenanceColumn(input.schema.fields.map((f) => f.name), column);
  const inFields = input.schema.fields;
  const synFields = synthetic.schema.fields;
  if (inFields.length !== synFields.length || inFields.some((f, i) => f.name !== synFields[i]!.name || String(f.type) !== String(synFields[i]!.type))) {
    throw new GanAugmentError('data', 'Internal: synthetic rows do not have the input\'s columns and types.');
  }
  const fields = inFields.map((f, i) => (f.nullable || !synFields[i]!.nullable ? f : new Field(f.name, f.type, true, f.metadata)));
  fields.push(new Field(column, new Bool(), false));
  const schema = new Schema(fields, metadata);
  const batches = [
    ...input.batches.map((b) => batch(schema, b.data.children, b.numRows, false)),
    ...synthetic.batches.map((b) => batch(schema, b.data.children, b.numRows, true)),
  ];
  return new Table(schema, batches);
}

/**
 * A table of samples (no input rows) with the provenance column set to true: what `sample` writes.
 */
export function withProvenance(synthetic: Table, column: string, metadata: Map<string, string>): Table {
  checkProvenanceColumn(synthetic.schema.fields.map((f) => f.name), column);
  const schema = new Schema([...synthetic.schema.fields, new Field(column, new Bool(), false)], metadata);
  return new Table(schema, synthetic.batches.map((b) => batch(schema, b.data.children, b.numRows, true)));
}

function batch(schema: Schema, children: readonly Data[], length: number, synthetic: boolean): RecordBatch {
  const flag = vectorFromArray(new Array<boolean>(length).fill(synthetic), new Bool()).data[0]!;
  const data = makeData({ type: new Struct(schema.fields), length, nullCount: 0, children: [...children, flag] });
  return new RecordBatch(schema, data);
}
