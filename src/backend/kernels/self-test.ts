/**
 * Start-up self-test: each installed custom kernel is run on a few small cases (milliseconds in
 * total) and compared with the stock cpu kernel. A kernel that errs or disagrees is unregistered
 * (the stock kernel comes back), so a tfjs change we did not foresee costs speed, not correctness.
 */
import { Rng } from '../../random.js';
import { installedKernels, uninstallCustomKernel } from './install.js';
import { compareWithCpuKernel, compareWithReference } from './reference-check.js';

export interface SelfTestResult {
  readonly passed: readonly string[];
  /** Kernels that failed and were removed, with why. */
  readonly removed: ReadonlyArray<{ readonly id: string; readonly reason: string }>;
}

/** Self-test every custom kernel installed on `backendName`; remove the ones that fail. */
export function selfTestCustomKernels(backendName: string, tolerance = 1e-4): SelfTestResult {
  const passed: string[] = [];
  const removed: Array<{ id: string; reason: string }> = [];
  const rng = new Rng(20240601);
  for (const { kernel, config } of installedKernels(backendName)) {
    let reason: string | undefined;
    for (const kase of kernel.selfTestCases) {
      try {
        const r = kernel.reference
          ? compareWithReference(config, kernel, backendName, kase, rng.fork(kernel.id), tolerance)
          : compareWithCpuKernel(config, backendName, kase, rng.fork(kernel.id), tolerance);
        if (!r.ok) reason = `max error ${r.maxAbsError.toExponential(2)} vs magnitude ${r.scale.toFixed(2)} on ${JSON.stringify(kase.inputs)}`;
      } catch (err) {
        reason = `threw ${(err as Error).message}`;
      }
      if (reason !== undefined) break;
    }
    if (reason === undefined) {
      passed.push(kernel.id);
    } else {
      uninstallCustomKernel(kernel, backendName);
      removed.push({ id: kernel.id, reason });
    }
  }
  return { passed, removed };
}
