/**
 * Ctrl-C during a long run. The first SIGINT aborts training at the next step boundary (ctgan
 * saves a checkpoint there when --checkpoint-dir is set) and stops the run before anything is
 * written, exit code 130; a second SIGINT quits at once. Without this, Node would die mid-epoch
 * and a partly trained model could never be resumed from its last state.
 */
import type { ProgressSink } from '../progress.js';
import type { CliIO } from './terminal.js';

/** The conventional exit status after SIGINT (128 + 2). */
export const INTERRUPTED_EXIT_CODE = 130;

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
  /** Remove the SIGINT handler (always call it, in a finally). */
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
  const handler = (): void => {
    if (controller.signal.aborted) process.exit(INTERRUPTED_EXIT_CODE);
    io.stderr.write('\ngan-augment: interrupted; stopping at the next training step (press Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', handler);
  return {
    signal: controller.signal,
    guard: (sink) => (event) => {
      if (controller.signal.aborted && event.phase !== 'fit') throw new InterruptedError();
      sink(event);
    },
    get interrupted() {
      return controller.signal.aborted;
    },
    dispose: () => void process.off('SIGINT', handler),
  };
}

/** The one line printed after an interrupted run; returns the exit code. */
export function reportInterrupted(io: CliIO, checkpointDir: string | undefined): number {
  const resume = checkpointDir
    ? ` Training state is saved in ${checkpointDir}: run the same command again to resume.`
    : ' Use --checkpoint-dir DIR to be able to resume an interrupted training.';
  io.stderr.write(`gan-augment: interrupted; nothing was written.${resume}\n`);
  return INTERRUPTED_EXIT_CODE;
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
    return { exitCode: reportInterrupted(io, checkpointDir) };
  } finally {
    interrupt.dispose();
    bar.finish();
  }
}
