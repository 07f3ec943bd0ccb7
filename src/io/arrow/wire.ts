/**
 * Arrow column data across a worker_threads boundary. apache-arrow's Data objects do not survive
 * structured cloning (their types are class instances), so a worker sends the buffers and shape
 * only, with the buffers transferred (not copied), and the receiver puts them back under the Arrow
 * type it already knows from the file's schema.
 */
import { Data, DataType, Vector } from 'apache-arrow';

type Buffer = ArrayBufferView | undefined;

/** The structure-cloneable form of one Data (and its children and dictionary). */
export interface WireData {
  offset: number;
  length: number;
  nullCount: number;
  /** valueOffsets, values, nullBitmap, typeIds (apache-arrow's BufferType order). */
  buffers: [Buffer, Buffer, Buffer, Buffer];
  variadic: Uint8Array[];
  children: WireData[];
  /** The dictionary's chunks, for dictionary-encoded data. */
  dictionary: WireData[] | undefined;
}

/**
 * `data` as a WireData plus the ArrayBuffers to transfer. A typed array that is a view into a
 * larger buffer is copied first, so transferring never ships (or detaches) bytes it does not own.
 * @example const { wire, transfer } = toWire(columns); parentPort.postMessage(wire, transfer);
 */
export function toWire(columns: readonly Data[]): { wire: WireData[]; transfer: ArrayBuffer[] } {
  const transfer = new Set<ArrayBuffer>();
  const own = <T extends ArrayBufferView | undefined>(view: T): T => {
    if (!view) return view;
    const whole = view.byteOffset === 0 && view.byteLength === view.buffer.byteLength && view.buffer instanceof ArrayBuffer && !transfer.has(view.buffer);
    const mine = whole ? view : ((view as unknown as { slice(): T }).slice() as T);
    transfer.add(mine!.buffer as ArrayBuffer);
    return mine;
  };
  const one = (d: Data): WireData => ({
    offset: d.offset,
    length: d.length,
    nullCount: d.nullCount,
    buffers: [own(d.valueOffsets as Buffer), own(d.values as Buffer), own(d.nullBitmap as Buffer), own(d.typeIds as Buffer)],
    variadic: (d.variadicBuffers ?? []).map((b) => own(b)),
    children: d.children.map(one),
    dictionary: d.dictionary ? d.dictionary.data.map(one) : undefined,
  });
  const wire = columns.map(one);
  return { wire, transfer: [...transfer] };
}

/**
 * Data of `type` from its wire form (the inverse of `toWire`).
 * @example const data = fromWire(schema.fields[i].type, message.columns[i]);
 */
export function fromWire(type: DataType, w: WireData): Data {
  const children = w.children.map((c, i) => fromWire(type.children[i]!.type, c));
  const dictionary = w.dictionary && DataType.isDictionary(type) ? new Vector(w.dictionary.map((d) => fromWire(type.dictionary, d))) : undefined;
  return new Data(type, w.offset, w.length, w.nullCount, w.buffers as never, children, dictionary, w.variadic);
}
