/**
 * The `TablePlan`: everything needed to turn an encoded `Dataset` back into an Arrow table shaped
 * exactly like the input (column order, names, Arrow types, label type), without the training
 * data. It is plain JSON so a saved model carries it in its manifest.
 */
import { Schema, Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { GanAugmentError } from '../errors.js';
import { checkArrowFraming } from '../io/arrow/framing.js';
import type { ImageColumnInfo } from '../image/column.js';

/** What a column is used for. */
export type ColumnRole = 'label' | 'numeric' | 'categorical' | 'image' | 'ignored';

export interface ColumnPlan {
  readonly name: string;
  readonly role: ColumnRole;
  /** Arrow's own description of the type, for people reading the manifest or summary. */
  readonly type: string;
  /** Why a column is ignored (or how a role was chosen), for the summary. */
  readonly reason?: string;
  /** For image columns: how pixels are stored (list or PNG), their shape and value type. */
  readonly image?: ImageColumnInfo;
  /**
   * For numeric 64-bit integer columns: the value (a decimal integer) the encoded numbers count
   * from. Doubles are exact only up to 2^53, so an id of 2^60 + 3 is encoded as its distance from
   * the column's smallest value and decoded back exactly while the column spans less than 2^53.
   */
  readonly offset?: string;
}

export interface TablePlan {
  readonly version: 1;
  readonly label: string;
  readonly columns: readonly ColumnPlan[];
  /** Class names (strings) in label-index order; decoded back to the label column's type. */
  readonly classes: readonly string[];
  /**
   * The input's Arrow schema as a base64 Arrow IPC stream of an empty table. Decoding rebuilds
   * exact types from it (units, time zones, dictionary index types, nested types of ignored
   * columns) instead of re-deriving them from a hand-written description.
   */
  readonly arrowSchema: string;
}

export const PLAN_VERSION = 1;

/** Serialise a schema (without data) for the plan. */
export function schemaToBase64(schema: Schema): string {
  const bytes = tableToIPC(new Table(schema), 'stream');
  return Buffer.from(bytes).toString('base64');
}

/** Rebuild the schema stored in a plan; refuses anything that is not an Arrow IPC stream. */
export function schemaFromPlan(plan: TablePlan): Schema {
  try {
    const bytes = new Uint8Array(Buffer.from(plan.arrowSchema, 'base64'));
    // An edited manifest must not send apache-arrow into an endless loop (io/arrow-framing.ts).
    checkArrowFraming(bytes, 'the table plan', 'arrow-stream');
    return tableFromIPC(bytes).schema;
  } catch (err) {
    throw new GanAugmentError('model', 'The table plan holds no readable Arrow schema.', {
      hint: 'The model directory may be damaged; fit the model again.',
      cause: err,
    });
  }
}

/** A structural check of a plan read from JSON (a saved model's manifest). */
export function validatePlan(value: unknown, where: string): TablePlan {
  const fail = (what: string): never => {
    throw new GanAugmentError('model', `${where}: the table plan is invalid (${what}).`, {
      hint: 'The model directory was edited or written by an incompatible version; fit the model again.',
    });
  };
  if (typeof value !== 'object' || value === null) return fail('not an object');
  const p = value as Record<string, unknown>;
  if (p.version !== PLAN_VERSION) fail(`version ${String(p.version)}, expected ${PLAN_VERSION}`);
  if (typeof p.label !== 'string') fail('label is not a string');
  if (typeof p.arrowSchema !== 'string') fail('arrowSchema is not a string');
  if (!Array.isArray(p.classes) || !p.classes.every((c) => typeof c === 'string')) fail('classes is not a list of strings');
  const roles: readonly string[] = ['label', 'numeric', 'categorical', 'image', 'ignored'];
  if (
    !Array.isArray(p.columns) ||
    !p.columns.every(
      (c: unknown) =>
        typeof c === 'object' &&
        c !== null &&
        typeof (c as ColumnPlan).name === 'string' &&
        typeof (c as ColumnPlan).type === 'string' &&
        roles.includes((c as ColumnPlan).role) &&
        ((c as ColumnPlan).offset === undefined || /^-?\d{1,20}$/.test(String((c as ColumnPlan).offset))) &&
        ((c as ColumnPlan).role !== 'image' || validImageInfo((c as ColumnPlan).image)),
    )
  ) {
    fail('columns is not a list of {name, role, type} (with image info for image columns)');
  }
  const plan = value as TablePlan;
  const schema = schemaFromPlan(plan);
  if (schema.fields.length !== plan.columns.length || schema.fields.some((f, i) => f.name !== plan.columns[i]!.name)) {
    fail('the Arrow schema does not match the column list');
  }
  return plan;
}

function validImageInfo(info: unknown): boolean {
  if (typeof info !== 'object' || info === null) return false;
  const i = info as Partial<ImageColumnInfo>;
  return (
    typeof i.name === 'string' &&
    (i.encoding === 'uint8-list' || i.encoding === 'float-list' || i.encoding === 'png') &&
    Array.isArray(i.shape) &&
    i.shape.length === 3 &&
    i.shape.every((d) => Number.isSafeInteger(d) && d > 0)
  );
}
