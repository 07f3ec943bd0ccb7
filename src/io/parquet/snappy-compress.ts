/**
 * Snappy compression whose output depends on its input only. hysnappy's WebAssembly compressor
 * keeps its match table in a C `static` array that is never cleared, so a page's bytes depended
 * on the pages compressed before it in the process (still valid snappy, but one shard written
 * after others differed from the same shard written alone). We run hysnappy's compiled module
 * with our own call: the table (the module's whole data segment, [__global_base, __data_end)) is
 * zeroed before every call, and the input is placed above the module's stack (hysnappy places it
 * at 68,000, inside the stack region 66,560-132,096).
 */
import { snappyCompressor } from 'hysnappy';

// The few WebAssembly JS API members used here (the project's lib settings carry no WebAssembly types).
interface WasmGlobal { readonly value: number | bigint }
interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
interface WasmInstance { readonly exports: object }
type WasmModule = object;
interface WasmApi {
  Instance: new (module: WasmModule, imports?: object) => WasmInstance;
  readonly Module: { exports(module: WasmModule): { name: string }[] };
}
interface SnappyExports {
  readonly memory: WasmMemory;
  readonly compress: (input: number, length: number, output: number) => number;
  readonly __global_base: WasmGlobal;
  readonly __data_end: WasmGlobal;
  readonly __heap_base: WasmGlobal;
}

const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const PAGE = 64 * 1024;
let compiled: WasmModule | undefined;

/**
 * A compressor: each call returns the same bytes for the same input, whatever was compressed before.
 * @example const compress = statelessSnappy(); compress(new TextEncoder().encode('aaaaaaaa'));
 */
export function statelessSnappy(): (input: Uint8Array) => Uint8Array {
  compiled ??= hysnappyModule();
  const exports = new wasm.Instance(compiled).exports as unknown as SnappyExports;
  const { memory, compress } = exports;
  const tableStart = Number(exports.__global_base.value);
  const tableEnd = Number(exports.__data_end.value);
  const inputStart = Number(exports.__heap_base.value);
  // 2^14 four-byte entries and nothing else: any other data would be constants we must not zero.
  if (tableEnd - tableStart !== 4 << 14) throw new Error(`hysnappy's data segment is ${tableEnd - tableStart} bytes, not its 64 KiB match table: the stateless snappy wrapper needs updating.`);
  return (input) => {
    const outputStart = inputStart + input.byteLength;
    // The snappy bound: n + n/6 + 32 bytes.
    const end = outputStart + input.byteLength + Math.floor(input.byteLength / 6) + 32;
    if (memory.buffer.byteLength < end) memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE));
    const bytes = new Uint8Array(memory.buffer);
    bytes.fill(0, tableStart, tableEnd);
    bytes.set(input, inputStart);
    const size = compress(inputStart, input.byteLength, outputStart);
    if (size < 0) throw new Error(`snappy compression failed (${size})`);
    return bytes.slice(outputStart, outputStart + size);
  };
}

/** hysnappy exports only a closure over its instance; its compiled module is taken as it instantiates. */
function hysnappyModule(): WasmModule {
  const Instance = wasm.Instance;
  let module: WasmModule | undefined;
  const capture = function (m: WasmModule, imports?: object): WasmInstance {
    module = m;
    return new Instance(m, imports);
  };
  wasm.Instance = capture as unknown as WasmApi['Instance'];
  try {
    snappyCompressor();
  } finally {
    wasm.Instance = Instance;
  }
  const names = module ? wasm.Module.exports(module).map((e) => e.name) : [];
  for (const name of ['memory', 'compress', '__global_base', '__data_end', '__heap_base']) {
    if (!names.includes(name)) throw new Error(`hysnappy's WebAssembly module has no '${name}' export: its layout changed, so the stateless snappy wrapper needs updating.`);
  }
  return module!;
}
