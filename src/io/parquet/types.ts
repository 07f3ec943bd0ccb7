/**
 * Which Arrow type a Parquet column becomes on read. Faithful by design: INT64 stays Int64
 * (bigint), timestamps keep their unit and time zone, DECIMAL becomes an exact Decimal128, and a
 * dictionary-encoded string column becomes Dictionary<Utf8> so a categorical stays categorical.
 * The Arrow schema that Arrow writers embed (ARROW:schema) is used as a hint for what Parquet
 * cannot say itself (dictionary, fixed-size list, time-zone name).
 */
import {
  Binary,
  Bool,
  DataType,
  DateDay,
  Decimal,
  Dictionary,
  Field,
  FixedSizeBinary,
  FixedSizeList,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  Int8,
  List,
  Map_,
  Struct,
  TimeMicrosecond,
  TimeMillisecond,
  TimeNanosecond,
  Timestamp,
  TimeUnit,
  Uint16,
  Uint32,
  Uint64,
  Uint8,
  Utf8,
} from 'apache-arrow';
import type { ColumnChunk, SchemaElement, SchemaTree } from 'hyparquet';

/** A Parquet feature we refuse, named for the error message. */
export class UnsupportedParquetFeature extends Error {}

/** How the raw values hyparquet returns for a column must be turned into Arrow cells. */
export type ValueKind =
  | 'plain' // numbers, bigints, booleans, strings as they come
  | 'decimal-raw' // DECIMAL with its annotation stripped: unscaled int32/int64/bytes
  | 'bytes-or-utf8' // unannotated BYTE_ARRAY: Utf8 when it is valid UTF-8, else Binary
  | 'nested'; // lists and structs: leaves converted by convertNested

export interface ColumnPlan {
  name: string;
  field: Field;
  kind: ValueKind;
}

/** Decimals up to this precision fit Decimal128 exactly; wider ones become Float64. */
const MAX_DECIMAL128_PRECISION = 38;

/** Plan one top-level column: its Arrow field and how to convert its values. */
export function planColumn(node: SchemaTree, chunks: ColumnChunk[], hint: Field | undefined): ColumnPlan {
  const { element } = node;
  const name = element.name;
  if (node.children.length === 0 && element.repetition_type !== 'REPEATED') {
    if (isDecimal(element) && (element.precision ?? 0) <= MAX_DECIMAL128_PRECISION) {
      return { name, kind: 'decimal-raw', field: new Field(name, new Decimal(element.scale ?? 0, element.precision ?? 0, 128), true) };
    }
    const unannotatedBytes = element.type === 'BYTE_ARRAY' && !isAnnotated(element);
    // An Arrow writer that said binary (ours, pyarrow) is believed over the UTF-8 guess.
    const saidBinary = unannotatedBytes && hint !== undefined && (DataType.isBinary(hint.type) || DataType.isLargeBinary(hint.type) || DataType.isBinaryView(hint.type));
    const type = saidBinary ? new Binary() : primitiveType(element, hint?.type);
    if (DataType.isUtf8(type) && wantsDictionary(chunks, hint)) {
      return { name, kind: 'plain', field: new Field(name, new Dictionary(new Utf8(), new Int32()), true) };
    }
    const kind: ValueKind = unannotatedBytes && !saidBinary ? 'bytes-or-utf8' : 'plain';
    return { name, kind, field: new Field(name, type, true) };
  }
  return { name, kind: 'nested', field: new Field(name, nestedType(node, hint?.type), true) };
}

function isDecimal(e: SchemaElement): boolean {
  return e.converted_type === 'DECIMAL' || e.logical_type?.type === 'DECIMAL';
}

function isAnnotated(e: SchemaElement): boolean {
  return e.converted_type !== undefined || e.logical_type !== undefined;
}

/**
 * Strings become Dictionary<Utf8> when the writer said so (ARROW:schema), or, without that, when
 * every data page of every row group is dictionary-encoded (the writer found few distinct values;
 * a writer that fell back to PLAIN pages found too many for a categorical).
 */
function wantsDictionary(chunks: ColumnChunk[], hint: Field | undefined): boolean {
  if (hint) return DataType.isDictionary(hint.type);
  if (chunks.length === 0) return false;
  return chunks.every(({ meta_data: md }) => {
    if (!md) return false;
    const isDict = (enc: string): boolean => enc.endsWith('_DICTIONARY');
    if (md.encoding_stats?.length) {
      return md.encoding_stats.every((s) => s.page_type === 'DICTIONARY_PAGE' || isDict(s.encoding));
    }
    return md.encodings.some(isDict) && !md.encodings.includes('PLAIN');
  });
}

function timeUnit(unit: string | undefined): TimeUnit {
  if (unit === 'NANOS') return TimeUnit.NANOSECOND;
  if (unit === 'MICROS') return TimeUnit.MICROSECOND;
  return TimeUnit.MILLISECOND;
}

/** The Arrow type of a primitive (leaf) column. */
function primitiveType(e: SchemaElement, hint?: DataType): DataType {
  const ct = e.converted_type;
  const lt = e.logical_type;
  switch (e.type) {
    case 'BOOLEAN':
      return new Bool();
    case 'INT32':
      if (ct === 'DATE' || lt?.type === 'DATE') return new DateDay();
      if (ct === 'TIME_MILLIS' || lt?.type === 'TIME') return new TimeMillisecond();
      if (isDecimal(e)) return new Float64();
      return intType(e, 32);
    case 'INT64': {
      if (lt?.type === 'TIMESTAMP' || ct === 'TIMESTAMP_MILLIS' || ct === 'TIMESTAMP_MICROS') {
        const unit = lt?.type === 'TIMESTAMP' ? timeUnit(lt.unit) : ct === 'TIMESTAMP_MILLIS' ? TimeUnit.MILLISECOND : TimeUnit.MICROSECOND;
        const utc = lt?.type === 'TIMESTAMP' ? lt.isAdjustedToUTC : true;
        const hintTz = hint && DataType.isTimestamp(hint) ? hint.timezone : null;
        return new Timestamp(unit, utc ? (hintTz ?? 'UTC') : null);
      }
      if (lt?.type === 'TIME') return lt.unit === 'NANOS' ? new TimeNanosecond() : new TimeMicrosecond();
      if (ct === 'TIME_MICROS') return new TimeMicrosecond();
      if (isDecimal(e)) return new Float64();
      return intType(e, 64);
    }
    case 'INT96':
      return new Timestamp(TimeUnit.NANOSECOND, null);
    case 'FLOAT':
      return new Float32();
    case 'DOUBLE':
      return new Float64();
    case 'BYTE_ARRAY':
      if (ct === 'BSON' || lt?.type === 'BSON') throw new UnsupportedParquetFeature(`BSON column '${e.name}'`);
      if (lt?.type === 'GEOMETRY' || lt?.type === 'GEOGRAPHY' || lt?.type === 'VARIANT') return new Binary();
      if (isDecimal(e)) return new Float64();
      if (ct === 'UTF8' || ct === 'ENUM' || ct === 'JSON' || lt?.type === 'STRING' || lt?.type === 'ENUM' || lt?.type === 'JSON') {
        return new Utf8();
      }
      return isAnnotated(e) ? new Binary() : new Utf8();
    case 'FIXED_LEN_BYTE_ARRAY':
      if (ct === 'INTERVAL' || lt?.type === 'INTERVAL') throw new UnsupportedParquetFeature(`INTERVAL column '${e.name}'`);
      if (lt?.type === 'FLOAT16') return new Float32();
      if (lt?.type === 'UUID') return new Utf8();
      if (isDecimal(e)) return new Float64();
      return new FixedSizeBinary(e.type_length ?? 0);
    default:
      throw new UnsupportedParquetFeature(`column '${e.name}' of physical type ${String(e.type)}`);
  }
}

function intType(e: SchemaElement, physicalBits: 32 | 64): DataType {
  const lt = e.logical_type;
  let bits: number = physicalBits;
  let signed = true;
  if (lt?.type === 'INTEGER') {
    bits = lt.bitWidth;
    signed = lt.isSigned;
  } else if (e.converted_type) {
    const m = /^(U?)INT_(8|16|32|64)$/.exec(e.converted_type);
    if (m) {
      signed = m[1] === '';
      bits = Number(m[2]);
    }
  }
  if (signed) return bits === 8 ? new Int8() : bits === 16 ? new Int16() : bits === 32 ? new Int32() : new Int64();
  return bits === 8 ? new Uint8() : bits === 16 ? new Uint16() : bits === 32 ? new Uint32() : new Uint64();
}

/** Lists (LIST-annotated, legacy two-level, bare repeated fields) and structs. */
function nestedType(node: SchemaTree, hint?: DataType): DataType {
  const e = node.element;
  if (e.converted_type === 'MAP' || e.converted_type === 'MAP_KEY_VALUE' || e.logical_type?.type === 'MAP') {
    return mapType(node);
  }
  if (e.logical_type?.type === 'VARIANT') throw new UnsupportedParquetFeature(`VARIANT column '${e.name}'`);
  if (e.repetition_type === 'REPEATED') {
    // A repeated field without a LIST annotation is a list of its (required) elements.
    const inner = node.children.length ? structOf(node, undefined) : primitiveType(e);
    return new List(new Field('element', inner, false));
  }
  if (e.converted_type === 'LIST' || e.logical_type?.type === 'LIST') {
    const repeated = node.children[0];
    if (!repeated || node.children.length !== 1) throw new UnsupportedParquetFeature(`malformed LIST column '${e.name}'`);
    const hintChild = hint && (DataType.isList(hint) || DataType.isFixedSizeList(hint)) ? hint.children[0]?.type : undefined;
    let elementNode: SchemaTree;
    // Spec backward-compatibility rules: the repeated group is itself the element when it has
    // several children or is named 'array' / '<list>_tuple'.
    if (repeated.children.length === 1 && repeated.element.name !== 'array' && repeated.element.name !== `${e.name}_tuple`) {
      elementNode = repeated.children[0]!;
    } else {
      elementNode = repeated;
    }
    const elementType =
      elementNode === repeated
        ? repeated.children.length
          ? structOf(repeated, hintChild)
          : primitiveType(repeated.element, hintChild)
        : elementNode.children.length || elementNode.element.repetition_type === 'REPEATED'
          ? nestedType(elementNode, hintChild)
          : leafType(elementNode.element, hintChild);
    const child = new Field(elementNode === repeated ? 'element' : elementNode.element.name, elementType, true);
    if (hint && DataType.isFixedSizeList(hint)) return new FixedSizeList(hint.listSize, child);
    return new List(child);
  }
  return structOf(node, hint);
}

/** MAP: a repeated key_value group of a primitive key and a value; keys are never null. */
function mapType(node: SchemaTree): Map_ {
  const e = node.element;
  const kv = node.children[0];
  if (!kv || node.children.length !== 1 || kv.children.length !== 2) {
    throw new UnsupportedParquetFeature(`MAP column '${e.name}' without a key and a value`);
  }
  const [keyNode, valueNode] = kv.children as [SchemaTree, SchemaTree];
  if (keyNode.children.length) throw new UnsupportedParquetFeature(`MAP column '${e.name}' with nested keys`);
  const keyType = leafType(keyNode.element);
  if (!DataType.isInt(keyType) && !DataType.isUtf8(keyType)) {
    throw new UnsupportedParquetFeature(`MAP column '${e.name}' with ${String(keyType)} keys`);
  }
  const valueType =
    valueNode.children.length || valueNode.element.repetition_type === 'REPEATED' ? nestedType(valueNode) : leafType(valueNode.element);
  const entries = new Struct([new Field('key', keyType, false), new Field('value', valueType, true)]);
  return new Map_(new Field('entries', entries, false));
}

function structOf(node: SchemaTree, hint: DataType | undefined): Struct {
  const hintFields = hint && DataType.isStruct(hint) ? hint.children : [];
  return new Struct(
    node.children.map((c) => {
      const h = hintFields.find((f) => f.name === c.element.name)?.type;
      const t = c.children.length || c.element.repetition_type === 'REPEATED' ? nestedType(c, h) : leafType(c.element, h);
      return new Field(c.element.name, t, true);
    }),
  );
}

/** Leaves inside nested columns: like primitiveType, but decimals arrive converted to numbers. */
function leafType(e: SchemaElement, hint?: DataType): DataType {
  return isDecimal(e) ? new Float64() : primitiveType(e, hint);
}
