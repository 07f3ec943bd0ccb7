/**
 * Compare one kernel implementation with the stock cpu kernel on the same inputs, calling both
 * kernel functions directly on their backends (no engine, no tape), so the check is about the
 * kernel alone. Used by the start-up self-test and by the tests.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import type { Rng } from '../../random.js';
import type { CustomKernel, KernelCase } from './custom-kernel.js';
import { callerFor } from './kernel-call.js';

export interface KernelComparison {
  /** Largest |ours − cpu| over all elements. */
  readonly maxAbsError: number;
  /** Largest |cpu| (at least 1), the magnitude the error is judged against. */
  readonly scale: number;
  readonly ok: boolean;
  readonly shape: readonly number[];
}

interface WritableBackend {
  write(values: Float32Array, shape: number[], dtype: 'float32'): object;
  readSync(dataId: object): ArrayLike<number>;
  disposeData(dataId: object, force?: boolean): boolean;
}

function backendOf(name: string): WritableBackend {
  const backend = tf.findBackend(name) as unknown as WritableBackend | null;
  if (backend === null || backend === undefined) throw new Error(`tfjs backend '${name}' is not initialised`);
  return backend;
}

function runOn(backendName: string, config: KernelConfig, kase: KernelCase, values: Map<string, Float32Array>): { data: Float32Array; shape: number[] } {
  const backend = backendOf(backendName);
  const written: TensorInfo[] = [];
  for (const [name, shape] of Object.entries(kase.inputs)) {
    written.push({ dataId: backend.write(values.get(name)!.slice(), [...shape], 'float32'), shape: [...shape], dtype: 'float32' });
  }
  // Variadic kernels (Concat) take their inputs as an array, as the engine passes them.
  const names = Object.keys(kase.inputs);
  const inputs: NamedTensorInfoMap = names.every((n) => /^\d+$/.test(n))
    ? (written as unknown as NamedTensorInfoMap)
    : Object.fromEntries(names.map((n, i) => [n, written[i]!]));
  const k = callerFor(backendName, backend);
  try {
    // Several outputs (SplitV) are compared as one: their values end to end, their shapes joined.
    const outs = k.runAll(config, inputs, { ...kase.attrs });
    const data = Float32Array.from(outs.flatMap((o) => Array.from(backend.readSync(o.dataId))));
    k.free(...outs);
    return { data, shape: outs.flatMap((o, i) => (i === 0 ? o.shape : [-1, ...o.shape])) };
  } finally {
    k.free(...written);
  }
}

/**
 * Run `config` on `backendName` and the stock cpu kernel of the same name on the same random
 * inputs; `ok` when max |difference| ≤ tolerance · max(1, max |cpu|).
 */
export function compareWithCpuKernel(config: KernelConfig, backendName: string, kase: KernelCase, rng: Rng, tolerance = 1e-4): KernelComparison {
  const reference = tf.getKernel(config.kernelName, 'cpu');
  if (reference === undefined) throw new Error(`no cpu kernel ${config.kernelName} to compare with`);
  const values = sampleInputs(kase, rng);
  return compareOutputs(runOn(backendName, config, kase, values), runOn('cpu', reference, kase, values), tolerance);
}

/**
 * For a fused kernel tfjs does not have: run `config` on `backendName` and `kernel.reference`
 * (stock ops through the engine, on the active backend) on the same inputs; `ok` as above.
 */
export function compareWithReference(config: KernelConfig, kernel: CustomKernel, backendName: string, kase: KernelCase, rng: Rng, tolerance = 1e-4): KernelComparison {
  const reference = kernel.reference;
  if (reference === undefined) throw new Error(`${kernel.id} has no reference`);
  const values = sampleInputs(kase, rng, kernel.sampleInput);
  const ours = runOn(backendName, config, kase, values);
  const ref = tf.tidy(() => {
    const inputs = Object.fromEntries(Object.entries(kase.inputs).map(([name, shape]) => [name, tf.tensor(values.get(name)!, [...shape], 'float32')]));
    const outs = reference(inputs, { ...kase.attrs });
    return { data: Float32Array.from(outs.flatMap((o) => Array.from(o.dataSync()))), shape: outs.flatMap((o, i) => (i === 0 ? o.shape : [-1, ...o.shape])) };
  });
  return compareOutputs(ours, ref, tolerance);
}

function sampleInputs(kase: KernelCase, rng: Rng, sample?: CustomKernel['sampleInput']): Map<string, Float32Array> {
  const values = new Map<string, Float32Array>();
  for (const [name, shape] of Object.entries(kase.inputs)) {
    if (sample) {
      values.set(name, sample(name, shape, rng));
      continue;
    }
    const size = shape.reduce((a, b) => a * b, 1);
    const v = new Float32Array(size);
    for (let i = 0; i < size; i++) v[i] = rng.normal();
    values.set(name, v);
  }
  return values;
}

function compareOutputs(ours: { data: Float32Array; shape: number[] }, ref: { data: Float32Array; shape: number[] }, tolerance: number): KernelComparison {
  if (ours.shape.join('x') !== ref.shape.join('x')) {
    return { maxAbsError: Infinity, scale: 1, ok: false, shape: ours.shape };
  }
  let maxAbsError = 0;
  let scale = 1;
  for (let i = 0; i < ref.data.length; i++) {
    const d = Math.abs(ours.data[i]! - ref.data[i]!);
    if (!(d <= maxAbsError)) maxAbsError = Number.isNaN(d) ? Infinity : d;
    scale = Math.max(scale, Math.abs(ref.data[i]!));
  }
  return { maxAbsError, scale, ok: maxAbsError <= tolerance * scale, shape: ours.shape };
}
