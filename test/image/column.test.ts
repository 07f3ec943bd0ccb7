import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { GanAugmentError } from '../../src/errors.js';
import {
  IMAGE_SHAPE_METADATA_KEY,
  decodeImageColumn,
  detectImageColumn,
  encodeImageColumn,
  imageField,
  parseImageShape,
  type ImageColumnInfo,
} from '../../src/image/column.js';
import { encodePng } from '../../src/image/png.js';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readTable, readTableFromBytes, tableToBytes, writeTable } from '../../src/io/index.js';

const SIZE = 24; // 4x6x1: non-square, so the shape must come from metadata or the option
const ROWS = 5;

function uint8Values(): Uint8Array {
  return Uint8Array.from({ length: ROWS * SIZE }, (_, i) => (i * 37) % 256);
}

function listVector(values: Uint8Array | Float32Array, child: arrow.Uint8 | arrow.Float32): arrow.Vector {
  const childData = arrow.makeData({ type: child as arrow.Float32, length: values.length, nullCount: 0, data: values as Float32Array });
  const type = new arrow.FixedSizeList(SIZE, new arrow.Field('item', child as arrow.Float32, true));
  return arrow.makeVector(arrow.makeData({ type, length: values.length / SIZE, nullCount: 0, child: childData }));
}

function pngVector(shape: readonly [number, number, number], rows = ROWS): arrow.Vector {
  const size = shape[0] * shape[1] * shape[2];
  const images = Array.from({ length: rows }, (_, r) => encodePng(Float32Array.from({ length: size }, (_, j) => ((r * 31 + j * 7) % 256) / 255), shape));
  return arrow.vectorFromArray(images, new arrow.Binary());
}

function withShape(name: string, vector: arrow.Vector, shape?: string): arrow.Table {
  const metadata = shape ? new Map([[IMAGE_SHAPE_METADATA_KEY, shape]]) : new Map<string, string>();
  const field = new arrow.Field(name, vector.type, false, metadata);
  const schema = new arrow.Schema([field, new arrow.Field('digit', new arrow.Int32(), false)]);
  const digits = arrow.makeVector(Int32Array.from({ length: vector.length }, (_, i) => i % 3));
  const batch = new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: vector.length, nullCount: 0, children: [vector.data[0]!, digits.data[0]!] }));
  return new arrow.Table([batch]);
}

function ipcRoundTrip(table: arrow.Table): arrow.Table {
  return arrow.tableFromIPC(arrow.tableToIPC(table, 'file'));
}

function roundTrip(table: arrow.Table, name: string): { info: ImageColumnInfo; before: arrow.Vector; after: arrow.Vector; pixels: Float32Array } {
  const field = table.schema.fields.find((f) => f.name === name)!;
  const before = table.getChild(name)!;
  const info = detectImageColumn(field, { vector: before })!;
  expect(info).toBeDefined();
  const feature = encodeImageColumn(before, info);
  const after = decodeImageColumn(feature, info);
  return { info, before, after, pixels: feature.pixels };
}

describe('image columns', () => {
  it('round-trips a uint8 FixedSizeList column (shape from metadata) through Arrow IPC', () => {
    const table = ipcRoundTrip(withShape('img', listVector(uint8Values(), new arrow.Uint8()), '4x6x1'));
    const { info, before, after, pixels } = roundTrip(table, 'img');
    expect(info).toMatchObject({ encoding: 'uint8-list', shape: [4, 6, 1], valueType: 'uint8', shapeSource: 'metadata' });
    expect(pixels[1]).toBeCloseTo(37 / 255, 6);
    expect(String(after.type)).toBe(String(before.type));
    expect(Array.from(after.data[0]!.children[0]!.values as Uint8Array)).toEqual(Array.from(uint8Values()));
    // The decoded column written through IPC again reads back identically.
    const out = new arrow.Table({ img: after });
    const back = ipcRoundTrip(out).getChild('img')!;
    expect(Array.from(back.data[0]!.children[0]!.values as Uint8Array)).toEqual(Array.from(uint8Values()));
  });

  it('round-trips a float32 FixedSizeList column (shape from --image-shape)', () => {
    const values = Float32Array.from(uint8Values(), (v) => v / 255);
    const table = ipcRoundTrip(withShape('img', listVector(values, new arrow.Float32())));
    const field = table.schema.fields[0]!;
    const info = detectImageColumn(field, { imageShape: [4, 6, 1] })!;
    expect(info).toMatchObject({ encoding: 'float-list', valueType: 'float32', shapeSource: 'option' });
    const feature = encodeImageColumn(table.getChild('img')!, info);
    expect(Array.from(feature.pixels)).toEqual(Array.from(values));
    const after = decodeImageColumn(feature, info);
    expect(after.type.toString()).toBe(field.type.toString());
    expect(Array.from(after.data[0]!.children[0]!.values as Float32Array)).toEqual(Array.from(values));
  });

  it('round-trips a Binary column of PNG bytes (shape from the PNG header)', () => {
    const table = ipcRoundTrip(withShape('png', pngVector([4, 6, 3])));
    const { info, before, after, pixels } = roundTrip(table, 'png');
    expect(info).toMatchObject({ encoding: 'png', shape: [4, 6, 3], shapeSource: 'png-header' });
    expect(pixels.length).toBe(ROWS * 72);
    expect(after.type.typeId).toBe(arrow.Type.Binary);
    // Re-decoding the written PNGs gives the same pixels (8-bit values survive exactly).
    const again = encodeImageColumn(after, info);
    expect(Array.from(again.pixels)).toEqual(Array.from(pixels));
    expect(encodeImageColumn(before, info).pixels).toEqual(pixels);
  });

  it('reads a single-channel square list with no metadata as the documented square default', () => {
    const values = new Uint8Array(2 * 64).fill(9);
    const childData = arrow.makeData({ type: new arrow.Uint8(), length: values.length, nullCount: 0, data: values });
    const vector = arrow.makeVector(arrow.makeData({ type: new arrow.FixedSizeList(64, new arrow.Field('item', new arrow.Uint8())), length: 2, nullCount: 0, child: childData }));
    const info = detectImageColumn(new arrow.Field('x', vector.type));
    expect(info).toMatchObject({ shape: [8, 8, 1], shapeSource: 'square-default' });
    // A non-square list without a shape is not taken for an image.
    expect(detectImageColumn(new arrow.Field('emb', new arrow.FixedSizeList(24, new arrow.Field('item', new arrow.Float32()))))).toBeUndefined();
    // Nor is an ordinary numeric column or a Binary column that is not PNG.
    expect(detectImageColumn(new arrow.Field('n', new arrow.Float64()))).toBeUndefined();
    expect(detectImageColumn(new arrow.Field('b', new arrow.Binary()), { vector: arrow.vectorFromArray([Uint8Array.of(1, 2, 3)], new arrow.Binary()) })).toBeUndefined();
  });

  it('handles sliced (multi-chunk) list vectors', () => {
    const table = withShape('img', listVector(uint8Values(), new arrow.Uint8()), '4x6x1');
    const vector = table.getChild('img')!;
    const sliced = vector.slice(2, 5);
    const info = detectImageColumn(table.schema.fields[0]!)!;
    const feature = encodeImageColumn(sliced, info);
    expect(feature.pixels[0]).toBeCloseTo(uint8Values()[2 * SIZE]! / 255, 6);
    expect(feature.pixels.length).toBe(3 * SIZE);
  });

  it('errors name the column and the expected shape', () => {
    const list = listVector(uint8Values(), new arrow.Uint8());
    const field = new arrow.Field('pixels', list.type);
    const err = catchError(() => detectImageColumn(field, { imageShape: [28, 28, 1] }));
    expect(err.code).toBe('schema');
    expect(err.message).toContain("'pixels'");
    expect(err.message).toContain('28x28x1');
    expect(err.message).toContain('24');

    const meta = new arrow.Field('pixels', list.type, false, new Map([[IMAGE_SHAPE_METADATA_KEY, '5x5x1']]));
    expect(catchError(() => detectImageColumn(meta)).message).toMatch(/'pixels'.*5x5x1/);
    expect(catchError(() => parseImageShape('28by28')).message).toContain('--image-shape');

    const floats = listVector(Float32Array.from({ length: ROWS * SIZE }, () => 3), new arrow.Float32());
    const finfo = detectImageColumn(new arrow.Field('f', floats.type), { imageShape: [4, 6, 1] })!;
    expect(catchError(() => encodeImageColumn(floats, finfo)).message).toMatch(/'f', row 0.*\[0, 1\].*4x6x1/);

    const pngs = pngVector([4, 6, 1], 2);
    const pinfo = detectImageColumn(new arrow.Field('p', new arrow.Binary()), { vector: pngs })!;
    const mixed = arrow.vectorFromArray([...Array.from({ length: 2 }, (_, i) => pngs.get(i) as Uint8Array), encodePng(new Float32Array(9), [3, 3, 1])], new arrow.Binary());
    expect(catchError(() => encodeImageColumn(mixed, pinfo)).message).toMatch(/'p', row 2.*3x3.*4x6x1/);
    const withNull = arrow.vectorFromArray([pngs.get(0) as Uint8Array, null], new arrow.Binary());
    expect(catchError(() => encodeImageColumn(withNull, pinfo)).message).toMatch(/'p', row 1.*missing/);
  });

  it('imageField records the shape in the field metadata so a written file is self-describing', () => {
    const info = detectImageColumn(new arrow.Field('img', new arrow.FixedSizeList(24, new arrow.Field('item', new arrow.Uint8()))), { imageShape: [4, 6, 1] })!;
    const field = imageField(info);
    expect(field.metadata.get(IMAGE_SHAPE_METADATA_KEY)).toBe('4x6x1');
    expect(detectImageColumn(field)).toMatchObject({ shape: [4, 6, 1], shapeSource: 'metadata' });
  });

  it('round-trips image columns through Parquet (src/io)', async () => {
    const uint8 = withShape('img', listVector(uint8Values(), new arrow.Uint8()), '4x6x1');
    const bytes = await tableToBytes(uint8, 'parquet');
    const { table } = await readTableFromBytes(bytes, 'images.parquet');
    const field = table.schema.fields[0]!;
    expect(field.type.toString()).toBe('FixedSizeList[24]<Uint8>');
    // src/io writes the Arrow schema (with field metadata) as ARROW:schema and restores the field
    // metadata on read, so the non-square shape comes back from the file alone, without --image-shape.
    expect(field.metadata.get(IMAGE_SHAPE_METADATA_KEY)).toBe('4x6x1');
    const info = detectImageColumn(field)!;
    expect(info).toMatchObject({ encoding: 'uint8-list', shape: [4, 6, 1], shapeSource: 'metadata' });
    const after = decodeImageColumn(encodeImageColumn(table.getChild('img')!, info), info);
    expect(Array.from(after.data[0]!.children[0]!.values as Uint8Array)).toEqual(Array.from(uint8Values()));

    // The same through files (writeTable / readTable).
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'image-parquet-')), 'images.parquet');
    await writeTable(uint8, file);
    const fromFile = (await readTable(file)).table.schema.fields[0]!;
    expect(detectImageColumn(fromFile)).toMatchObject({ shape: [4, 6, 1], shapeSource: 'metadata' });

    const png = withShape('png', pngVector([4, 6, 1]));
    const back = await readTableFromBytes(await tableToBytes(png, 'parquet'), 'png.parquet');
    const pngTrip = roundTrip(back.table, 'png');
    expect(pngTrip.info.encoding).toBe('png');
    expect(encodeImageColumn(pngTrip.after, pngTrip.info).pixels).toEqual(pngTrip.pixels);
  });
});

function catchError(f: () => unknown): GanAugmentError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(GanAugmentError);
    return err as GanAugmentError;
  }
  throw new Error('expected an error');
}
