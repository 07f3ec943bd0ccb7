/**
 * Image columns in Arrow tables: detect them, encode them to an `ImageFeature` (pixels in [0, 1],
 * channels last) and decode synthetic pixels back to the column's own representation.
 *
 * Three representations are understood:
 * - `uint8-list`: FixedSizeList of integers 0..255 (uint8 is usual; any int8..uint32 child is read),
 * - `float-list`: FixedSizeList of float32/float64 values in [0, 1],
 * - `png`: a Binary column whose values are PNG files (detected by the PNG signature).
 *
 * A list's image shape comes from `--image-shape HxWxC`, else from the field metadata key
 * `gan_augment:image_shape` ("28x28x1"), else, for a list whose length is a perfect square of at
 * least 8x8, from the square single-channel default (784 values -> 28x28x1).
 */
import * as arrow from 'apache-arrow';
import type { ImageFeature } from '../contracts.js';
import { GanAugmentError } from '../errors.js';
import { decodePng, encodePng, isPng, rgbaToPixels, toByte } from './png.js';

export type ImageShape = readonly [height: number, width: number, channels: number];
export type ImageEncoding = 'uint8-list' | 'float-list' | 'png';
/** Arrow child types of image lists, by name (kept as a string so the info stays JSON). */
export type ImageValueType = 'uint8' | 'uint16' | 'uint32' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** Field metadata key that records an image column's shape as "HxWxC". */
export const IMAGE_SHAPE_METADATA_KEY = 'gan_augment:image_shape';

/** Smallest side for the square single-channel default (smaller square lists are not assumed to be images). */
const MIN_DEFAULT_SQUARE_SIDE = 8;

/** What decoding needs to rebuild a column exactly like the input. Plain JSON. */
export interface ImageColumnInfo {
  readonly name: string;
  readonly encoding: ImageEncoding;
  readonly shape: ImageShape;
  /** List child type; absent for PNG. */
  readonly valueType?: ImageValueType;
  /** List child field name and nullability, kept so the written type equals the read one. */
  readonly itemName?: string;
  readonly itemNullable?: boolean;
  /** Where the shape came from, for messages and the report. */
  readonly shapeSource: 'option' | 'metadata' | 'square-default' | 'png-header';
}

export interface DetectImageOptions {
  /** From `--image-shape HxWxC`. */
  readonly imageShape?: readonly [number, number, number];
  /** The column's values: needed to recognise a Binary column of PNG bytes. */
  readonly vector?: arrow.Vector;
}

/**
 * Parse "28x28x1" (or "28x28", meaning one channel) into [height, width, channels].
 *
 * @example parseImageShape('32x32x3') // [32, 32, 3]
 */
export function parseImageShape(text: string, option = '--image-shape'): [number, number, number] {
  const parts = text.trim().toLowerCase().split('x');
  const nums = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  if ((nums.length !== 2 && nums.length !== 3) || nums.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new GanAugmentError('usage', `${option} '${text}' is not an image shape.`, {
      hint: 'Write HEIGHTxWIDTHxCHANNELS with positive integers, e.g. 28x28x1 or 32x32x3.',
    });
  }
  const [h, w, c = 1] = nums as [number, number, number?];
  if (c > 4) {
    throw new GanAugmentError('usage', `${option} '${text}': ${c} channels; images hold 1 to 4 channels (grey, grey+alpha, RGB, RGBA).`);
  }
  return [h, w, c];
}

/** "28x28x1". */
function formatImageShape(shape: ImageShape): string {
  return `${shape[0]}x${shape[1]}x${shape[2]}`;
}

/**
 * Decide whether `field` is an image column and how to read it; `undefined` when it is not one.
 * Throws when the column is clearly meant as an image but its shape does not fit.
 *
 * @example detectImageColumn(table.schema.fields[0], { imageShape: [28, 28, 1], vector: table.getChildAt(0) })
 */
export function detectImageColumn(field: arrow.Field, options: DetectImageOptions = {}): ImageColumnInfo | undefined {
  const type = field.type;
  const metaText = field.metadata.get(IMAGE_SHAPE_METADATA_KEY);
  const metaShape = metaText === undefined ? undefined : parseMetadataShape(field.name, metaText);
  if (arrow.DataType.isFixedSizeList(type)) {
    const child = type.children[0]!;
    const valueType = valueTypeName(child.type);
    if (valueType === undefined) {
      if (options.imageShape || metaShape) {
        throw new GanAugmentError('schema', `Column '${field.name}' is a fixed-size list of ${String(child.type)}, which cannot hold pixels.`, {
          hint: 'Image lists must hold uint8 values 0-255 or float32/float64 values in [0, 1].',
        });
      }
      return undefined;
    }
    const size = type.listSize;
    let shape: ImageShape;
    let shapeSource: ImageColumnInfo['shapeSource'];
    if (options.imageShape) {
      shape = options.imageShape;
      shapeSource = 'option';
    } else if (metaShape) {
      shape = metaShape;
      shapeSource = 'metadata';
    } else {
      const side = Math.round(Math.sqrt(size));
      if (side * side !== size || side < MIN_DEFAULT_SQUARE_SIDE) return undefined;
      shape = [side, side, 1];
      shapeSource = 'square-default';
    }
    const expected = shape[0] * shape[1] * shape[2];
    if (expected !== size) {
      const from = shapeSource === 'option' ? `--image-shape ${formatImageShape(shape)}` : `its metadata ${IMAGE_SHAPE_METADATA_KEY}=${formatImageShape(shape)}`;
      throw new GanAugmentError('schema', `Column '${field.name}' holds lists of ${size} values, but ${from} needs ${expected}.`, {
        hint: `Pass the shape whose HxWxC product is ${size} with --image-shape (e.g. ${suggestShape(size)}).`,
      });
    }
    return {
      name: field.name,
      encoding: child.type.typeId === arrow.Type.Float ? 'float-list' : 'uint8-list',
      shape,
      valueType,
      itemName: child.name,
      itemNullable: child.nullable,
      shapeSource,
    };
  }
  if (arrow.DataType.isBinary(type)) {
    const first = options.vector ? firstNonNull(options.vector) : undefined;
    if (first === undefined) {
      if (!metaShape) return undefined;
      return { name: field.name, encoding: 'png', shape: options.imageShape ?? metaShape, shapeSource: options.imageShape ? 'option' : 'metadata' };
    }
    if (!isPng(first)) return undefined;
    let header: ReturnType<typeof decodePng>;
    try {
      header = decodePng(first);
    } catch (err) {
      throw new GanAugmentError('schema', `Column '${field.name}': its first image is not a readable PNG (${(err as Error).message}).`, { cause: err });
    }
    const shape: ImageShape = options.imageShape ?? metaShape ?? [header.height, header.width, header.channels];
    if (shape[0] !== header.height || shape[1] !== header.width) {
      throw new GanAugmentError('schema', `Column '${field.name}': its first PNG is ${header.height}x${header.width}, but the expected image shape is ${formatImageShape(shape)}.`, {
        hint: `Pass --image-shape ${header.height}x${header.width}x${header.channels}, or resize the images.`,
      });
    }
    return { name: field.name, encoding: 'png', shape, shapeSource: options.imageShape ? 'option' : metaShape ? 'metadata' : 'png-header' };
  }
  return undefined;
}

/**
 * Read an image column into pixels in [0, 1], channels last. Missing images and out-of-range
 * values throw, naming the column, the row and the expected shape.
 *
 * @example const feature = encodeImageColumn(table.getChild('image')!, info)
 */
export function encodeImageColumn(vector: arrow.Vector, info: ImageColumnInfo): ImageFeature {
  const [h, w, c] = info.shape;
  const size = h * w * c;
  const rows = vector.length;
  const pixels = new Float32Array(rows * size);
  if (info.encoding === 'png') {
    for (let row = 0; row < rows; row++) {
      const bytes = vector.get(row) as Uint8Array | null;
      if (bytes === null) throw missingImage(info, row);
      let png: ReturnType<typeof decodePng>;
      try {
        png = decodePng(bytes);
      } catch (err) {
        throw new GanAugmentError('schema', `Column '${info.name}', row ${row}: not a readable PNG (${(err as Error).message}).`, { cause: err });
      }
      if (png.height !== h || png.width !== w) {
        throw new GanAugmentError('schema', `Column '${info.name}', row ${row}: the PNG is ${png.height}x${png.width}, expected ${formatImageShape(info.shape)}.`, {
          hint: 'All images of a column must have the same size; resize them first.',
        });
      }
      rgbaToPixels(png.rgba, h * w, c, pixels, row * size);
    }
    return { kind: 'image', name: info.name, pixels, shape: [h, w, c] };
  }
  const integer = info.encoding === 'uint8-list';
  let row = 0;
  for (const chunk of vector.data) {
    const child = chunk.children[0];
    if (!child) throw new GanAugmentError('schema', `Column '${info.name}' is not a list column.`);
    // For FixedSizeList data, arrow slices the child together with the parent, so the child's
    // `values` start at this chunk's first row.
    const values = child.values as ArrayLike<number>;
    for (let i = 0; i < chunk.length; i++, row++) {
      if (!chunk.getValid(i)) throw missingImage(info, row);
      const base = i * size;
      const out = row * size;
      for (let j = 0; j < size; j++) {
        const v = values[base + j]!;
        if (integer) {
          if (!(v >= 0 && v <= 255)) throw outOfRange(info, row, v);
          pixels[out + j] = v / 255;
        } else {
          if (!(v >= 0 && v <= 1)) throw outOfRange(info, row, v);
          pixels[out + j] = v;
        }
      }
      if (child.nullCount > 0) {
        for (let j = 0; j < size; j++) {
          if (!child.getValid(base + j)) throw new GanAugmentError('schema', `Column '${info.name}', row ${row}: pixel ${j} is missing.`, { hint: 'Fill missing pixels (e.g. with 0) before augmenting.' });
        }
      }
    }
  }
  return { kind: 'image', name: info.name, pixels, shape: [h, w, c] };
}

/**
 * Turn pixels in [0, 1] back into the column's representation (same list child type, or PNG
 * bytes with the colour type matching the channel count). Values are clamped to the valid range.
 *
 * @example const vector = decodeImageColumn(synthetic, info)
 */
export function decodeImageColumn(feature: ImageFeature, info: ImageColumnInfo): arrow.Vector {
  const [h, w, c] = info.shape;
  const size = h * w * c;
  if (feature.shape[0] !== h || feature.shape[1] !== w || feature.shape[2] !== c) {
    throw new GanAugmentError('data', `Column '${info.name}': synthetic images are ${formatImageShape(feature.shape)}, expected ${formatImageShape(info.shape)}.`);
  }
  const rows = Math.floor(feature.pixels.length / size);
  if (info.encoding === 'png') {
    const encoded: Uint8Array[] = [];
    let total = 0;
    for (let row = 0; row < rows; row++) {
      const bytes = encodePng(feature.pixels.subarray(row * size, (row + 1) * size), info.shape);
      encoded.push(bytes);
      total += bytes.length;
    }
    const valueOffsets = new Int32Array(rows + 1);
    const data = new Uint8Array(total);
    let at = 0;
    encoded.forEach((bytes, row) => {
      data.set(bytes, at);
      at += bytes.length;
      valueOffsets[row + 1] = at;
    });
    return arrow.makeVector(arrow.makeData({ type: new arrow.Binary(), length: rows, nullCount: 0, valueOffsets, data }));
  }
  const valueType = info.valueType ?? (info.encoding === 'float-list' ? 'float32' : 'uint8');
  const childType = arrowValueType(valueType);
  const values = newTypedArray(valueType, rows * size);
  if (info.encoding === 'float-list') {
    for (let i = 0; i < values.length; i++) {
      const v = feature.pixels[i]!;
      values[i] = v > 0 ? (v < 1 ? v : 1) : 0;
    }
  } else {
    for (let i = 0; i < values.length; i++) values[i] = toByte(feature.pixels[i]!);
  }
  // The casts only narrow the child type for the compiler: at run time arrow dispatches on the
  // actual `childType` object, whose typed array `values` matches.
  const childData = arrow.makeData({ type: childType as arrow.Float32, length: rows * size, nullCount: 0, data: values as Float32Array });
  const listType = new arrow.FixedSizeList(size, new arrow.Field(info.itemName ?? 'item', childType as arrow.Float32, info.itemNullable ?? true));
  return arrow.makeVector(arrow.makeData({ type: listType, length: rows, nullCount: 0, child: childData }));
}

/** The Arrow field for an image column as written: same type as decoded, shape in the metadata. */
export function imageField(info: ImageColumnInfo, nullable = false): arrow.Field {
  const metadata = new Map([[IMAGE_SHAPE_METADATA_KEY, formatImageShape(info.shape)]]);
  if (info.encoding === 'png') return new arrow.Field(info.name, new arrow.Binary(), nullable, metadata);
  const childType = arrowValueType(info.valueType ?? (info.encoding === 'float-list' ? 'float32' : 'uint8'));
  const size = info.shape[0] * info.shape[1] * info.shape[2];
  const type = new arrow.FixedSizeList(size, new arrow.Field(info.itemName ?? 'item', childType, info.itemNullable ?? true));
  return new arrow.Field(info.name, type, nullable, metadata);
}

// ---------------------------------------------------------------------------------------------

function parseMetadataShape(column: string, text: string): ImageShape {
  try {
    return parseImageShape(text, `Column '${column}' metadata ${IMAGE_SHAPE_METADATA_KEY}`);
  } catch (err) {
    throw new GanAugmentError('schema', (err as Error).message, { hint: 'Fix the metadata or pass --image-shape HxWxC.', cause: err });
  }
}

function valueTypeName(type: arrow.DataType): ImageValueType | undefined {
  if (arrow.DataType.isInt(type)) {
    if (type.bitWidth === 64) return undefined;
    return `${type.isSigned ? 'int' : 'uint'}${type.bitWidth}` as ImageValueType;
  }
  if (arrow.DataType.isFloat(type)) {
    if (type.precision === arrow.Precision.SINGLE) return 'float32';
    if (type.precision === arrow.Precision.DOUBLE) return 'float64';
  }
  return undefined;
}

type PixelArray = Uint8Array | Uint16Array | Uint32Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

function arrowValueType(name: ImageValueType): arrow.Int | arrow.Float {
  switch (name) {
    case 'uint8': return new arrow.Uint8();
    case 'uint16': return new arrow.Uint16();
    case 'uint32': return new arrow.Uint32();
    case 'int8': return new arrow.Int8();
    case 'int16': return new arrow.Int16();
    case 'int32': return new arrow.Int32();
    case 'float32': return new arrow.Float32();
    case 'float64': return new arrow.Float64();
  }
}

function newTypedArray(name: ImageValueType, n: number): PixelArray {
  switch (name) {
    case 'uint8': return new Uint8Array(n);
    case 'uint16': return new Uint16Array(n);
    case 'uint32': return new Uint32Array(n);
    case 'int8': return new Int8Array(n);
    case 'int16': return new Int16Array(n);
    case 'int32': return new Int32Array(n);
    case 'float32': return new Float32Array(n);
    case 'float64': return new Float64Array(n);
  }
}

function firstNonNull(vector: arrow.Vector): Uint8Array | undefined {
  for (let i = 0; i < vector.length; i++) {
    const v = vector.get(i) as unknown;
    if (v instanceof Uint8Array) return v;
  }
  return undefined;
}

function missingImage(info: ImageColumnInfo, row: number): GanAugmentError {
  return new GanAugmentError('schema', `Column '${info.name}', row ${row}: the image (${formatImageShape(info.shape)}) is missing.`, {
    hint: 'Drop rows without an image before augmenting.',
  });
}

function outOfRange(info: ImageColumnInfo, row: number, value: number): GanAugmentError {
  const range = info.encoding === 'uint8-list' ? 'integers 0-255' : 'floats in [0, 1]';
  return new GanAugmentError('schema', `Column '${info.name}', row ${row}: pixel value ${value} is outside ${range} (image shape ${formatImageShape(info.shape)}).`, {
    hint: info.encoding === 'float-list' ? 'Scale float pixels to [0, 1], or store them as uint8 0-255.' : 'Store pixels as uint8 0-255.',
  });
}

/** A plausible HxWxC for a list of `size` values, for the error hint. */
function suggestShape(size: number): string {
  for (const c of [1, 3, 4]) {
    if (size % c !== 0) continue;
    const side = Math.round(Math.sqrt(size / c));
    if (side * side * c === size) return `${side}x${side}x${c}`;
  }
  return `1x${size}x1`;
}
