/**
 * PNG bytes <-> pixels in [0, 1], channels last. Uses pngjs (a maintained pure-JS codec), so no
 * native addon or browser canvas is needed.
 */
import { PNG } from 'pngjs';

/** The eight bytes every PNG file starts with. */
const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** Whether `bytes` starts with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  if (bytes.length < PNG_SIGNATURE.length) return false;
  for (let i = 0; i < PNG_SIGNATURE.length; i++) if (bytes[i] !== PNG_SIGNATURE[i]) return false;
  return true;
}

export interface DecodedPng {
  readonly height: number;
  readonly width: number;
  /** Channels stored in the file: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA. */
  readonly channels: 1 | 2 | 3 | 4;
  /** 8-bit RGBA, as pngjs normalises every colour type and bit depth. */
  readonly rgba: Uint8Array;
}

/** Decode PNG bytes (any colour type / bit depth pngjs reads) to 8-bit RGBA plus the native channel count. */
export function decodePng(bytes: Uint8Array): DecodedPng {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const channels = png.color ? (png.alpha ? 4 : 3) : png.alpha ? 2 : 1;
  return { height: png.height, width: png.width, channels, rgba: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
}

/**
 * Write one image's RGBA pixels into `out` (at `offset`) as `channels` values in [0, 1].
 * A colour image asked for one channel becomes its luminance (ITU-R BT.601 weights).
 */
export function rgbaToPixels(rgba: Uint8Array, pixelCount: number, channels: number, out: Float32Array, offset: number): void {
  for (let p = 0; p < pixelCount; p++) {
    const r = rgba[4 * p]!;
    const g = rgba[4 * p + 1]!;
    const b = rgba[4 * p + 2]!;
    const a = rgba[4 * p + 3]!;
    const o = offset + p * channels;
    switch (channels) {
      case 1:
        out[o] = (r === g && g === b ? r : 0.299 * r + 0.587 * g + 0.114 * b) / 255;
        break;
      case 2:
        out[o] = (r === g && g === b ? r : 0.299 * r + 0.587 * g + 0.114 * b) / 255;
        out[o + 1] = a / 255;
        break;
      case 3:
        out[o] = r / 255;
        out[o + 1] = g / 255;
        out[o + 2] = b / 255;
        break;
      default:
        out[o] = r / 255;
        out[o + 1] = g / 255;
        out[o + 2] = b / 255;
        out[o + 3] = a / 255;
    }
  }
}

const COLOR_TYPE_FOR_CHANNELS = { 1: 0, 2: 4, 3: 2, 4: 6 } as const;

/**
 * Encode `height*width*channels` values in [0, 1] (channels last) as an 8-bit PNG whose colour
 * type matches the channel count (grey, grey+alpha, RGB, RGBA).
 *
 * @example encodePng(pixels.subarray(0, 784), [28, 28, 1])
 */
export function encodePng(pixels: ArrayLike<number>, shape: readonly [number, number, number]): Uint8Array {
  const [height, width, channels] = shape;
  if (channels < 1 || channels > 4) throw new RangeError(`PNG images hold 1 to 4 channels, got ${channels}`);
  const colorType = COLOR_TYPE_FOR_CHANNELS[channels as 1 | 2 | 3 | 4];
  const data = Buffer.alloc(height * width * channels);
  for (let i = 0; i < data.length; i++) data[i] = toByte(pixels[i]!);
  const png = new PNG({ width, height });
  png.data = data;
  const bytes = PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: channels === 2 || channels === 4, bitDepth: 8 });
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** [0, 1] -> 0..255, clamped and rounded (NaN becomes 0). */
export function toByte(v: number): number {
  if (!(v > 0)) return 0;
  if (v >= 1) return 255;
  return Math.round(v * 255);
}
