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

/** The slice of a tfjs backend that composed kernels need. */
export interface BackendHandle {
  disposeData(dataId: object, force?: boolean): boolean;
  readSync(dataId: object): unknown;
  write(values: Float32Array | Int32Array | Uint8Array, shape: number[], dtype: DataType): object;
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

  /** The float32 values of `x` (on wasm a view of the heap: read it before running another kernel). */
  values(x: TensorInfo): Float32Array {
    const v = this.backend.readSync(x.dataId);
    if (!(v instanceof Float32Array)) throw new Error(`expected float32 data, got ${x.dtype}`);
    return v;
  }

  /** A new tensor on this backend holding `values` (float32 unless `dtype` says otherwise). */
  fromValues(values: Float32Array | Int32Array | Uint8Array, shape: number[], dtype: DataType = 'float32'): TensorInfo {
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
