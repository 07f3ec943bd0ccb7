/**
 * What a custom kernel looks like to the installer and the start-up self-test.
 */
import type { KernelConfig, NamedAttrMap } from '@tensorflow/tfjs';

/** One input case for a self-test: named input shapes (values are generated) and attributes. */
export interface KernelCase {
  readonly inputs: Readonly<Record<string, readonly number[]>>;
  readonly attrs: NamedAttrMap;
}

export interface CustomKernel {
  /** Stable name shown in `BackendInfo.kernels`, e.g. `BatchMatMul(transposed->XNNPACK)`. */
  readonly id: string;
  /** The tfjs kernel it replaces or adds. */
  readonly kernelName: string;
  /** Backends it is registered for. */
  readonly backends: readonly string[];
  /**
   * Build the replacement config. `stock` is the kernel that was registered before (undefined
   * when the backend has none, e.g. `Conv2DBackpropFilter` on wasm).
   */
  make(backendName: string, stock: KernelConfig | undefined): KernelConfig;
  /** Small cases (ms-scale) checked against the stock cpu kernel at start-up. */
  readonly selfTestCases: readonly KernelCase[];
}
