/**
 * Once the CLI is told to stop (Ctrl-C, SIGTERM, SIGHUP), no output is renamed into place, even
 * when the signal arrives after the last progress event (while a file is flushed, or between
 * writing the data and its summary): the run then ends as stopped with nothing written, as it says.
 * Process-wide because signals are; the CLI closes the gate (cli/interrupt.ts), the library never
 * does. Every final rename of ours (io/atomic.ts, the model folder, the dataset folder) passes here.
 */
import { GanAugmentError } from '../errors.js';

let stopping = false;

/** Called by the CLI's signal handler: from now on, outputs stay temporary and are removed. */
export function closeOutputGate(): void {
  stopping = true;
}

/** Called when the interruptible run is over (in-process callers run again afterwards). */
export function openOutputGate(): void {
  stopping = false;
}

/** Throws when a stop was asked for; call just before renaming `dest` into place. */
export function checkOutputGate(dest: string): void {
  if (stopping) {
    throw new GanAugmentError('output', `Not writing '${dest}': the run was asked to stop.`, { hint: 'Run the command again to write it.' });
  }
}
