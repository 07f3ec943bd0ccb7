/**
 * What a custom kernel looks like to the installer and the start-up self-test.
 */
import type * as tf from '@tensorflow/tfjs';
import type { KernelConfig, NamedAttrMap } from '@tensorflow/tfjs';
import type { Rng } from '../../random.js';

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
  /**
   * For a fused kernel that tfjs does not have (no stock cpu kernel to compare with): the same
   * outputs computed with stock tfjs ops, run through the engine on the active backend.
   */
  readonly reference?: (inputs: Readonly<Record<string, tf.Tensor>>, attrs: NamedAttrMap) => tf.Tensor[];
  /** Test input values for `name` (default: standard normal), e.g. probabilities or one-hots. */
  readonly sampleInput?: (name: string, shape: readonly number[], rng: Rng) => Float32Array;
}
