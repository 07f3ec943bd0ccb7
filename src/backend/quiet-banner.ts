/**
 * TensorFlow.js' pure-JS cpu backend prints a banner ("Hi, looks like you are running TensorFlow.js
 * in Node.js ... install our node backend") the first time it stores a tensor in Node. gan-augment
 * chooses the backend itself, says which in the run summary, and uses cpu on purpose (the kernel
 * self-tests compare against it; `--backend cpu`), so the banner is noise for library users as
 * much as on the command line. Only that banner goes: the cpu backend's first-use flag is cleared
 * before anything is stored; tfjs' other warnings and its 'PROD' flag stay the user's.
 */
import * as tf from '@tensorflow/tfjs';

export function silenceCpuBanner(): void {
  // findBackend creates the cpu backend if needed; `firstUse` is the flag its banner waits on.
  const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (cpu !== null && typeof cpu.firstUse === 'boolean') cpu.firstUse = false;
}
