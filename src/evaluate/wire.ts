/**
 * The evaluator's values as plain JSON and back, exactly: job units and their results cross a
 * process boundary (the local pool's IPC channel) or Redis (the queue), and the merged report must
 * be byte-identical to an in-process run. Plain JSON would lose typed arrays (probabilities,
 * encoded columns), NaN and infinities (fidelity of a constant column), -0 and `undefined` in
 * arrays (an untuned threshold), so those travel as tagged objects. Doubles keep every bit:
 * JSON writes the shortest text that reads back as the same number.
 */
import type { JsonValue } from '../contracts.js';
import { GanAugmentError } from '../errors.js';

const TYPED = { f32: Float32Array, f64: Float64Array, i32: Int32Array, u8: Uint8Array } as const;
type TypedName = keyof typeof TYPED;
type Typed = InstanceType<(typeof TYPED)[TypedName]>;

function typedName(value: unknown): TypedName | undefined {
  return (Object.keys(TYPED) as TypedName[]).find((name) => value instanceof TYPED[name]);
}

/**
 * @example JSON.stringify(toWire({ proba: new Float32Array([0.5]), t: [undefined], auc: NaN }))
 */
export function toWire(value: unknown): JsonValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value) && !Object.is(value, -0)) return value;
    return { $num: Object.is(value, -0) ? '-0' : String(value) };
  }
  if (value === undefined) return { $undefined: true };
  const typed = typedName(value);
  if (typed) {
    const t = value as Typed;
    return { [`$${typed}`]: Buffer.from(t.buffer, t.byteOffset, t.byteLength).toString('base64') };
  }
  if (Array.isArray(value)) return value.map(toWire);
  if (typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    // Undefined properties are left out, as JSON does: they read back as undefined.
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v);
    return out;
  }
  throw new GanAugmentError('usage', `An evaluation job cannot carry a ${typeof value} (only data: numbers, text, arrays, objects).`);
}

/** The inverse of `toWire`. */
export function fromWire<T>(value: JsonValue): T {
  return decode(value) as T;
}

function decode(value: JsonValue): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decode);
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const key = keys[0]!;
    const inner = value[key];
    if (key === '$num' && typeof inner === 'string') return inner === '-0' ? -0 : Number(inner);
    if (key === '$undefined') return undefined;
    const name = key.slice(1) as TypedName;
    if (key.startsWith('$') && Object.hasOwn(TYPED, name) && typeof inner === 'string') {
      const bytes = Buffer.from(inner, 'base64');
      // A copy on an aligned buffer of its own: a Node Buffer may sit at any offset of a shared pool.
      const copy = new Uint8Array(bytes.byteLength);
      copy.set(bytes);
      const Ctor = TYPED[name];
      return new Ctor(copy.buffer, 0, copy.byteLength / Ctor.BYTES_PER_ELEMENT);
    }
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = decode(value[k]!);
  return out;
}
