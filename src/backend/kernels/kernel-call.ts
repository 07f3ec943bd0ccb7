/**
 * Small helpers for writing a kernel out of other kernels of the same backend.
 *
 * Why by hand: tfjs has no public "compose kernels" API. Backend kernels call each other as plain
 * functions on `TensorInfo`s (no engine, no tape, no tensor tracking), and each intermediate must
 * be released with `backend.disposeData`. These helpers keep that bookkeeping in one place. They
 * touch tfjs internals, which is why tfjs is pinned to one exact version (4.22.0).
 */
import * as tf from '@tensorflow/tfjs';
import type { DataType, KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';

export type Numeric = Float32Array | Int32Array | Uint8Array;

/** tfjs-wasm's own allocation helpers (absent on other backends). */
interface WasmHeap {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(x: TensorInfo): Numeric;
}

/** The slice of a tfjs backend that composed kernels need. */
export interface BackendHandle {
  disposeData(dataId: object, force?: boolean): boolean;
  readSync(dataId: object): unknown;
  write(values: Numeric, shape: number[], dtype: DataType): object;
}

/** Calls kernels of one backend as functions and frees their intermediate outputs. */
export class KernelCaller {
  constructor(
    readonly backendName: string,
    readonly backend: BackendHandle,
  ) {}

  /** Run the kernel currently registered as `kernelName` (or the given config) on this backend. */
  run(kernel: string | KernelConfig, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const config = typeof kernel === 'string' ? tf.getKernel(kernel, this.backendName) : kernel;
    if (config === undefined) throw new Error(`kernel ${String(kernel)} is not registered for ${this.backendName}`);
    const out = config.kernelFunc({ inputs, backend: this.backend, attrs });
    if (Array.isArray(out)) throw new Error(`kernel ${config.kernelName} returned several outputs`);
    return out;
  }

  /** Like `run`, for kernels with several outputs (SplitV). */
  runAll(kernel: string | KernelConfig, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo[] {
    const config = typeof kernel === 'string' ? tf.getKernel(kernel, this.backendName) : kernel;
    if (config === undefined) throw new Error(`kernel ${String(kernel)} is not registered for ${this.backendName}`);
    const out = config.kernelFunc({ inputs, backend: this.backend, attrs });
    return Array.isArray(out) ? out : [out];
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  /**
   * The live values of `x`: on wasm a view of the heap (no copy), on cpu the stored array. Take
   * views only after the last `alloc` of a kernel: allocating can grow the wasm heap, which
   * detaches earlier views.
   */
  view(x: TensorInfo): Numeric {
    const b = this.backend as BackendHandle & Partial<WasmHeap>;
    const v = b.typedArrayFromHeap ? b.typedArrayFromHeap(x) : this.backend.readSync(x.dataId);
    if (!(v instanceof Float32Array || v instanceof Int32Array || v instanceof Uint8Array)) throw new Error(`no typed values for dtype ${x.dtype} (${Object.prototype.toString.call(v)})`);
    return v;
  }

  /** A new, writable tensor of `shape` (fill it through `view` before returning it). */
  alloc(shape: number[], dtype: DataType = 'float32'): TensorInfo {
    const b = this.backend as BackendHandle & Partial<WasmHeap>;
    // (The cpu backend has a `makeOutput` too, with another signature: test for the wasm heap.)
    if (b.makeOutput && b.typedArrayFromHeap) return b.makeOutput(shape, dtype);
    const size = shape.reduce((a, c) => a * c, 1);
    const values = dtype === 'int32' ? new Int32Array(size) : dtype === 'bool' ? new Uint8Array(size) : new Float32Array(size);
    return { dataId: this.backend.write(values, shape, dtype), shape, dtype };
  }

  /** Release intermediates (each `TensorInfo` returned by a kernel holds one reference). */
  free(...infos: Array<TensorInfo | undefined>): void {
    for (const info of infos) if (info !== undefined) this.backend.disposeData(info.dataId);
  }
}

/** A caller for the backend that is running the current kernel. */
export function callerFor(backendName: string, backend: object): KernelCaller {
  return new KernelCaller(backendName, backend as BackendHandle);
}

/**
 * Runs a chain of kernels and frees every intermediate at the end, except the tensors passed to
 * `keep` (a fused kernel's outputs). Use as: `const s = new KernelScope(k); try { ... } finally { s.free(); }`.
 */
export class KernelScope {
  private readonly temps: TensorInfo[] = [];
  private readonly kept = new Set<TensorInfo>();

  constructor(readonly k: KernelCaller) {}

  /** Run kernel `name` (registered on this backend) and track its output. */
  op(name: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const out = this.k.run(name, inputs, attrs);
    this.temps.push(out);
    return out;
  }

  /** A float32 scalar tensor (tracked). */
  scalar(value: number): TensorInfo {
    const t = this.k.alloc([]);
    this.k.view(t)[0] = value;
    this.temps.push(t);
    return t;
  }

  /** Mark outputs to survive `free`; returns them. */
  keep<T extends TensorInfo[]>(...outs: T): T {
    for (const o of outs) this.kept.add(o);
    return outs;
  }

  free(): void {
    this.k.free(...this.temps.filter((t) => !this.kept.has(t)));
    this.temps.length = 0;
  }
}
