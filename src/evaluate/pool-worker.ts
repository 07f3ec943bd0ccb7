/**
 * A worker process of `evaluate --workers N` (started through src/cli/evaluate-worker-entry.ts):
 * takes the run's data and settings once, then runs the units its parent hands it one at a time,
 * in this process, and sends back each result. It exits when the parent says 'end' or goes away
 * (the IPC channel closes), so a killed parent never leaves it running.
 */
import type { Serializable } from 'node:child_process';
import { initBackend } from '../backend/pick.js';
import { hasImageFeature } from '../dataset.js';
import { isGanAugmentError } from '../errors.js';
import { listClassifiers, listSynthesizers } from '../registry.js';
import { isMessage, type ParentMessage, type WireError, type WorkerMessage } from './pool-messages.js';
import { runEvaluation } from './run.js';
import { UnitRunner } from './unit-runner.js';
import type { EvaluationJob } from './units.js';
import { fromWire, toWire } from './wire.js';

/** An error as the parent rebuilds it: a GanAugmentError keeps its code and hint. */
export function wireError(err: unknown): WireError {
  if (isGanAugmentError(err)) {
    const message = err.hint ? err.message.slice(0, err.message.length - err.hint.length - 1) : err.message;
    return { code: err.code, message, ...(err.hint ? { hint: err.hint } : {}) };
  }
  return { message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}

/** Serve the parent until it ends the run. */
export function serveEvaluateUnits(): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('serveEvaluateUnits: not started with an IPC channel (evaluate --workers starts it).');
  const post = (m: WorkerMessage): void => void send(m as unknown as Serializable);
  let runner: Promise<UnitRunner> | undefined;
  process.on('disconnect', () => process.exit(0));
  process.on('message', (m: unknown) => {
    if (!isMessage<ParentMessage>(m, ['init', 'unit', 'end'])) return;
    if (m.type === 'end') return process.disconnect();
    if (m.type === 'init') {
      const job = fromWire<EvaluationJob>(m.job);
      runner = initBackend(job.settings.backend, { convolutions: hasImageFeature(job.data) }).then(() => new UnitRunner(job.data, job.settings, { inner: runEvaluation }));
      runner.then(
        () => post({ type: 'ready', synthesizers: listSynthesizers().map((f) => f.name), classifiers: listClassifiers().map((f) => f.name) }),
        (err: unknown) => post({ type: 'error', id: null, error: wireError(err) }),
      );
      return;
    }
    const { id, unit } = m;
    void (async () => {
      try {
        const result = await (await runner!).run(unit);
        post({ type: 'result', id, result: toWire(result) });
      } catch (err) {
        post({ type: 'error', id, error: wireError(err) });
      }
    })();
  });
}
