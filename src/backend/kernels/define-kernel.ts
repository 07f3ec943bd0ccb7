/**
 * The two shapes a custom kernel takes, so each kernel file holds only its own arithmetic:
 * - `fastPathOrStock`: a fix for a stock kernel. It takes a fast path where it can and hands the
 *   call to the stock kernel it replaces otherwise (strings, channels-first, cases it does not cover).
 * - `ownKernel`: a kernel computed entirely by gan-augment (the fused kernels tfjs does not have, or
 *   one a backend lacks).
 * Both keep the replaced kernel's per-backend setup and disposal running when there was one.
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { CustomKernel } from './custom-kernel.js';
import { callerFor, type KernelCaller } from './kernel-call.js';

export type KernelArgs = Parameters<KernelFunc>[0];
type Outputs = TensorInfo | TensorInfo[];

/** What every custom kernel declares besides how it computes. */
type Description = Omit<CustomKernel, 'make' | 'backends'> & { readonly backends?: readonly string[] };

/**
 * A fix for the stock kernel `kernelName` on wasm (unless `backends` says otherwise). `fastPath`
 * returns the outputs, or undefined to let the stock kernel answer.
 *
 * @example
 * export const sharedIdentity = fastPathOrStock({ id: 'Identity(shared)', kernelName: 'Identity', selfTestCases: CASES,
 *   fastPath: (args) => (isString(args) ? undefined : share(args)) });
 */
export function fastPathOrStock(
  spec: Description & { readonly fastPath: (args: KernelArgs, k: KernelCaller, stock: KernelConfig) => Outputs | undefined },
): CustomKernel {
  const { fastPath, ...description } = spec;
  return {
    backends: ['wasm'],
    ...description,
    make: (backendName, stock) => {
      if (stock === undefined) throw new Error(`${spec.kernelName} has no stock kernel on ${backendName}`);
      return config(spec.kernelName, backendName, stock, (args) => fastPath(args, callerFor(backendName, args.backend), stock) ?? stock.kernelFunc(args));
    },
  };
}

/**
 * A kernel of gan-augment's own, on wasm and cpu unless `backends` says otherwise.
 *
 * @example
 * export const fusedAdam = ownKernel({ id: 'FusedAdam(one pass)', kernelName: FUSED_ADAM, selfTestCases: CASES,
 *   reference: adamReference, kernelFunc: (args, k) => step(args, k) });
 */
export function ownKernel(spec: Description & { readonly kernelFunc: (args: KernelArgs, k: KernelCaller) => Outputs }): CustomKernel {
  const { kernelFunc, ...description } = spec;
  return {
    backends: ['wasm', 'cpu'],
    ...description,
    make: (backendName, stock) => config(spec.kernelName, backendName, stock, (args) => kernelFunc(args, callerFor(backendName, args.backend))),
  };
}

function config(kernelName: string, backendName: string, stock: KernelConfig | undefined, kernelFunc: KernelFunc): KernelConfig {
  return { kernelName, backendName, setupFunc: stock?.setupFunc, disposeFunc: stock?.disposeFunc, kernelFunc };
}
