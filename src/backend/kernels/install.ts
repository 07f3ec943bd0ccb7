/**
 * Registers the custom kernels over the stock ones (and can put the stock ones back, which the
 * benchmark uses to compare "wasm stock" with "wasm patched").
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { fusedAdam } from './adam-update.js';
import { batchNormRelu, batchNormReluGrad, batchNormReluGradient } from './batch-norm-relu.js';
import { biasLeakyDropout, biasLeakyDropoutGrad, biasLeakyDropoutGradient } from './bias-leaky-dropout.js';
import type { CustomKernel } from './custom-kernel.js';
import { conv2dBackpropFilter } from './conv2d-backprop-filter.js';
import { conv2dBackpropInput } from './conv2d-backprop-input.js';
import { oneChannelConv2D } from './conv2d-one-channel.js';
import { sameTypeCast } from './cast.js';
import { columnSum } from './column-sum.js';
import { fastConcat } from './concat.js';
import { sharedIdentity } from './identity.js';
import { preluLeakyRelu } from './leaky-relu.js';
import { fastSlice } from './slice.js';
import { spanActivation, spanActivationGrad, spanActivationGradient } from './span-activation.js';
import { spanCrossEntropy, spanCrossEntropyGrad, spanCrossEntropyGradient } from './span-cross-entropy.js';
import { fastSplitV } from './split-v.js';
import { fastTile } from './tile.js';
import { blockTranspose } from './transpose.js';
import { transposedFusedMatMul, transposedMatMul } from './transposed-matmul.js';

/** Every custom kernel gan-augment knows, in the order they are installed. */
export const CUSTOM_KERNELS: readonly CustomKernel[] = [
  transposedMatMul,
  transposedFusedMatMul,
  conv2dBackpropFilter,
  conv2dBackpropInput,
  oneChannelConv2D,
  fastTile,
  blockTranspose,
  fastConcat,
  columnSum,
  fastSlice,
  fastSplitV,
  sharedIdentity,
  sameTypeCast,
  preluLeakyRelu,
  fusedAdam,
  spanActivation,
  spanActivationGrad,
  spanCrossEntropy,
  spanCrossEntropyGrad,
  batchNormRelu,
  batchNormReluGrad,
  biasLeakyDropout,
  biasLeakyDropoutGrad,
];

/** Gradients of the fused kernels (backend-independent; registered once, with the first install). */
const FUSED_GRADIENTS = [spanActivationGradient, spanCrossEntropyGradient, batchNormReluGradient, biasLeakyDropoutGradient];
let gradientsRegistered = false;

function registerFusedGradients(): void {
  if (gradientsRegistered) return;
  gradientsRegistered = true;
  for (const g of FUSED_GRADIENTS) if (tf.getGradient(g.kernelName) === undefined) tf.registerGradient(g);
}

interface Installed {
  readonly kernel: CustomKernel;
  readonly stock: KernelConfig | undefined;
  readonly config: KernelConfig;
}

const installed = new Map<string, Installed>();
const keyOf = (kernelName: string, backendName: string): string => `${backendName}/${kernelName}`;

/**
 * Register `kernels` (default: all that target `backendName`) for `backendName`, replacing the
 * stock kernel of the same name. Idempotent. Returns the ids of the kernels now installed there.
 *
 * @example
 * installCustomKernels('wasm'); // ['BatchMatMul(transposed->XNNPACK)', ...]
 */
export function installCustomKernels(backendName: string, kernels: readonly CustomKernel[] = CUSTOM_KERNELS): string[] {
  registerFusedGradients();
  for (const kernel of kernels) {
    if (!kernel.backends.includes(backendName)) continue;
    const key = keyOf(kernel.kernelName, backendName);
    if (installed.has(key)) continue;
    const stock = tf.getKernel(kernel.kernelName, backendName);
    const config = kernel.make(backendName, stock);
    if (stock !== undefined) tf.unregisterKernel(kernel.kernelName, backendName);
    tf.registerKernel(config);
    installed.set(key, { kernel, stock, config });
  }
  return installedKernelIds(backendName);
}

/** Put the stock kernel back (or leave none, if the backend had none). */
export function uninstallCustomKernel(kernel: CustomKernel, backendName: string): void {
  const key = keyOf(kernel.kernelName, backendName);
  const entry = installed.get(key);
  if (entry === undefined) return;
  tf.unregisterKernel(kernel.kernelName, backendName);
  if (entry.stock !== undefined) tf.registerKernel(entry.stock);
  installed.delete(key);
}

/** Restore every stock kernel of `backendName`. */
export function uninstallCustomKernels(backendName: string): void {
  for (const entry of [...installed.values()]) {
    if (entry.config.backendName === backendName) uninstallCustomKernel(entry.kernel, backendName);
  }
}

/** Ids of the custom kernels currently registered for `backendName`. */
export function installedKernelIds(backendName: string): string[] {
  return [...installed.values()].filter((e) => e.config.backendName === backendName).map((e) => e.kernel.id);
}

/** The custom kernels registered for `backendName`, with their configs (for the self-test). */
export function installedKernels(backendName: string): Array<{ kernel: CustomKernel; config: KernelConfig }> {
  return [...installed.values()].filter((e) => e.config.backendName === backendName).map(({ kernel, config }) => ({ kernel, config }));
}

/** The registered config of an installed custom kernel (for tests and the self-test). */
export function installedKernelConfig(kernel: CustomKernel, backendName: string): KernelConfig | undefined {
  return installed.get(keyOf(kernel.kernelName, backendName))?.config;
}
