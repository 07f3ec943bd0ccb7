/**
 * Ctrl-C, SIGTERM (a pipeline's scheduler stopping the job) and SIGHUP (the terminal went away)
 * during a long run. The first signal aborts training at the next step boundary (ctgan saves a
 * checkpoint there when --checkpoint-dir is set) or writing at the next batch, removes the
 * temporary files, and ends with 128 + the signal's number (130, 143, 129); a second signal quits
 * at once (temporary files are still removed: io/temp-files.ts). Without this, Node would die
 * mid-epoch, leave a `.tmp` beside the output and the spill folder behind, and a partly trained
 * model could never be resumed from its last state.
 */
import { closeOutputGate, openOutputGate } from '../io/stop-gate.js';
import { removeTrackedNow } from '../io/temp-files.js';
import type { ProgressSink } from '../progress.js';
import type { CliIO } from './terminal.js';

/** The signals handled, with their numbers: the exit status is 128 + the number. */
export const STOP_SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
export type StopSignal = keyof typeof STOP_SIGNALS;

/** The conventional exit status after SIGINT (128 + 2). */
export const INTERRUPTED_EXIT_CODE = 130;
/** The exit status after a signal. */
export function signalExitCode(signal: StopSignal): number {
  return 128 + STOP_SIGNALS[signal];
}

let runsListening = 0;
let defaultInstalled = false;

/**
 * Outside an interruptible run (reading stdin, writing stdout, evaluate), a stop signal ends the
 * process at once with 128 + its number, the temporary files removed by the exit hook. Installed
 * once by the real CLI (processIO); in-process tests do not install it.
 */
export function exitOnStopSignals(): void {
  if (defaultInstalled) return;
  defaultInstalled = true;
  for (const signal of Object.keys(STOP_SIGNALS) as StopSignal[]) {
    process.on(signal, () => {
      if (runsListening > 0) return;
      removeTrackedNow();
      process.exit(signalExitCode(signal));
    });
  }
}

/** Thrown from the progress sink once the user interrupted and training has stopped. */
export class InterruptedError extends Error {
  constructor() {
    super('interrupted');
    this.name = 'InterruptedError';
  }
}

export interface Interrupt {
  /** Passed to the stage as `signal`: training stops between steps once it fires. */
  readonly signal: AbortSignal;
  /**
   * Wraps a progress sink: after an interrupt, the first event outside training (sampling,
   * writing) throws, so a half-trained model never produces output.
   */
  guard(sink: ProgressSink): ProgressSink;
  readonly interrupted: boolean;
  /** The signal that stopped the run, once one did. */
  readonly stoppedBy: StopSignal | undefined;
  /** Remove the signal handlers (always call it, in a finally). */
  dispose(): void;
}

/**
 * @example
 * const interrupt = onInterrupt(io);
 * try { await augment({ ...options, signal: interrupt.signal, progress: interrupt.guard(bar.sink) }); }
 * catch (err) { if (interrupt.interrupted) return reportInterrupted(io, checkpointDir); throw err; }
 * finally { interrupt.dispose(); }
 */
export function onInterrupt(io: CliIO): Interrupt {
  const controller = new AbortController();
  let received: StopSignal | undefined;
  const handlers = (Object.keys(STOP_SIGNALS) as StopSignal[]).map((signal) => {
    const handler = (): void => {
      if (controller.signal.aborted) {
        removeTrackedNow();
        process.exit(signalExitCode(received ?? signal));
      }
      received = signal;
      closeOutputGate();
      const again = signal === 'SIGINT' ? 'press Ctrl-C again' : `send ${signal} again`;
      io.stderr.write(`\ngan-augment: ${signal === 'SIGINT' ? 'interrupted' : `received ${signal}`}; stopping at the next step (${again} to quit at once)\n`);
      controller.abort();
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  runsListening++;
  return {
    signal: controller.signal,
    guard: (sink) => (event) => {
      if (controller.signal.aborted && event.phase !== 'fit') throw new InterruptedError();
      sink(event);
    },
    get interrupted() {
      return controller.signal.aborted;
    },
    get stoppedBy() {
      return received;
    },
    dispose: () => {
      runsListening--;
      openOutputGate();
      for (const [signal, handler] of handlers) process.off(signal, handler);
    },
  };
}

/** The one line printed after an interrupted run; returns the exit code (128 + the signal). */
export function reportInterrupted(io: CliIO, checkpointDir: string | undefined, signal: StopSignal = 'SIGINT'): number {
  const resume = checkpointDir
    ? ` Training state is saved in ${checkpointDir}: run the same command again to resume.`
    : ' Use --checkpoint-dir DIR to be able to resume an interrupted training.';
  const what = signal === 'SIGINT' ? 'interrupted' : `stopped by ${signal}`;
  io.stderr.write(`gan-augment: ${what}; nothing was written.${resume}\n`);
  return signalExitCode(signal);
}

/** What the stage needs from the CLI to stop cleanly on Ctrl-C. */
export interface InterruptHooks {
  readonly progress: ProgressSink;
  readonly signal: AbortSignal;
}

/**
 * Run a training command under Ctrl-C handling, with the progress bar closed however it ends:
 * `{ value }` when it finished, `{ exitCode }` when the user interrupted it (already reported).
 * @example const run = await runInterruptible(io, bar, dir, (hooks) => fitModel({ ...options, ...hooks })); if ('exitCode' in run) return run.exitCode;
 */
export async function runInterruptible<T>(
  io: CliIO,
  bar: { readonly sink: ProgressSink; finish(): void },
  checkpointDir: string | undefined,
  run: (hooks: InterruptHooks) => Promise<T>,
): Promise<{ readonly value: T } | { readonly exitCode: number }> {
  const interrupt = onInterrupt(io);
  try {
    return { value: await run({ progress: interrupt.guard(bar.sink), signal: interrupt.signal }) };
  } catch (err) {
    if (!interrupt.interrupted) throw err;
    bar.finish();
    return { exitCode: reportInterrupted(io, checkpointDir, interrupt.stoppedBy) };
  } finally {
    interrupt.dispose();
    bar.finish();
  }
}
