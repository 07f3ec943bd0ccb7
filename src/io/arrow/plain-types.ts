/**
 * The plain Arrow type of each large and view type, for formats that have no such type (Parquet
 * stores only "string", "binary" and "list"): LargeUtf8 and Utf8View -> Utf8, LargeBinary and
 * BinaryView -> Binary, LargeList -> List, and a dictionary of any index width over them ->
 * Dictionary<Int32, plain>, recursively inside lists and structs. The values stay the same.
 */
import { Binary, DataType, Dictionary, FixedSizeList, Field, Int32, List, Schema, Struct, Utf8 } from 'apache-arrow';

/**
 * @example plainType(new LargeUtf8()) // Utf8
 */
export function plainType(type: DataType): DataType {
  if (DataType.isLargeUtf8(type) || DataType.isUtf8View(type)) return new Utf8();
  if (DataType.isLargeBinary(type) || DataType.isBinaryView(type)) return new Binary();
  if (DataType.isLargeList(type) || DataType.isList(type)) return new List(plainField(type.children[0]!));
  if (DataType.isFixedSizeList(type)) return new FixedSizeList(type.listSize, plainField(type.children[0]!));
  if (DataType.isStruct(type)) return new Struct(type.children.map(plainField));
  if (DataType.isDictionary(type)) {
    const values = plainType(type.dictionary);
    if (values === type.dictionary && type.indices.bitWidth === 32 && type.indices.isSigned) return type;
    return new Dictionary(values, new Int32(), type.id, type.isOrdered);
  }
  return type;
}

function plainField(f: Field): Field {
  const type = plainType(f.type);
  return type === f.type ? f : new Field(f.name, type, f.nullable, f.metadata);
}

/** `schema` with every field's type plain (metadata kept). */
export function plainSchema(schema: Schema): Schema {
  return new Schema(schema.fields.map(plainField), schema.metadata);
}
