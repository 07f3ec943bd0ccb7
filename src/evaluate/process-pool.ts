/**
 * `evaluate --workers N`: N worker processes (src/cli/evaluate-worker-entry.ts), each started once
 * with the run's data and settings, handed units one at a time from one queue as each finishes its
 * last, so a fast worker takes more units and none waits on a static split. This process only
 * dispatches and merges (an idle parent answers a worker at once; a busy one would keep it waiting
 * a whole unit).
 *
 * Child processes rather than worker threads: each thread would still load its own module graph,
 * TensorFlow.js and its WebAssembly backend, so threads save only Node's own start-up (tens of
 * milliseconds against seconds of work per unit); a process keeps a crash or an out-of-memory to
 * itself, and it is the same unit a queue worker on another machine runs. The workers are detached
 * (a terminal's Ctrl-C reaches this process alone, which then stops them), are killed when this
 * process exits however it exits, and exit themselves when their IPC channel closes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { THREADS_ENV, defaultThreads, threadsPerProcess } from '../backend/threads.js';
import { cliChildCommand } from '../child-entry.js';
import { GanAugmentError, type ErrorCode } from '../errors.js';
import { listClassifiers, listSynthesizers } from '../registry.js';
import { isMessage, type ParentMessage, type WireError, type WorkerMessage } from './pool-messages.js';
import { augmenterOf, type EvaluateUnit, type EvaluationJob, type UnitExecutor, type UnitExecutorFactory, type UnitResult } from './units.js';
import { fromWire, toWire } from './wire.js';

interface Worker {
  readonly index: number;
  readonly child: ChildProcess;
  /** The unit it runs, if any. */
  unit: EvaluateUnit | undefined;
  ready: boolean;
  stderr: string;
}

/**
 * @example await runEvaluation(data, { executor: processPool(2) });
 */
export function processPool(workers: number, options: { readonly signal?: AbortSignal | undefined; readonly threads?: number } = {}): UnitExecutorFactory {
  return (job) => startPool(workers, job, options.signal, options.threads ?? defaultThreads());
}

function startPool(count: number, job: EvaluationJob, signal: AbortSignal | undefined, threads: number): UnitExecutor {
  const { args, cwd } = cliChildCommand('evaluate-worker-entry');
  const init: ParentMessage = { type: 'init', job: toWire(job) };
  const pool: Worker[] = [];
  let known: Extract<WorkerMessage, { type: 'ready' }> | undefined;
  let checked = false;
  let closing = false;
  // Set by run(): how a batch hears of workers, results and failures.
  let batch: { ready(w: Worker): void; result(w: Worker, id: number, result: UnitResult): void; fail(err: Error): void } | undefined;
  let failure: Error | undefined;
  const fail = (err: Error): void => {
    failure ??= err;
    batch?.fail(failure);
  };
  const killAll = (): void => {
    for (const w of pool) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  };
  process.on('exit', killAll);
  const onAbort = (): void => {
    fail(signal!.reason instanceof Error ? signal!.reason : new Error('aborted'));
    killAll();
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  for (let index = 0; index < count; index++) {
    // Each worker trains on its share of the threads, so that together they do not oversubscribe the cores.
    const env = { ...process.env, [THREADS_ENV]: String(threadsPerProcess(threads, count)) };
    const child = spawn(process.execPath, args, { cwd, env, detached: true, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const w: Worker = { index, child, unit: undefined, ready: false, stderr: '' };
    pool.push(w);
    child.stderr!.on('data', (chunk: Buffer) => {
      w.stderr = (w.stderr + chunk.toString()).slice(-4000);
    });
    child.on('message', (m: unknown) => {
      if (!isMessage<WorkerMessage>(m, ['ready', 'result', 'error'])) return;
      if (m.type === 'ready') {
        w.ready = true;
        known ??= m;
        batch?.ready(w);
      } else if (m.type === 'result') {
        w.unit = undefined;
        batch?.result(w, m.id, fromWire<UnitResult>(m.result));
      } else fail(rebuildError(m.error, w));
    });
    child.on('error', (err) => fail(crashError(w, err.message)));
    child.on('close', (code, sig) => {
      if (!closing) fail(crashError(w, sig ? `killed by ${sig}` : `exit code ${code}`));
    });
    child.send(init);
  }

  return {
    run(units, onResult) {
      if (failure) return Promise.reject(failure);
      return new Promise<UnitResult[]>((resolve, reject) => {
        const results: (UnitResult | undefined)[] = new Array(units.length);
        let next = 0;
        let finished = 0;
        const dispatch = (w: Worker): void => {
          if (!w.ready || w.unit !== undefined || next >= units.length || failure) return;
          w.unit = units[next];
          w.child.send({ type: 'unit', id: next, unit: units[next]! } satisfies ParentMessage);
          next++;
        };
        batch = {
          ready(w) {
            if (!checked) {
              checked = true;
              const missing = missingPlugins(units, job, known!);
              if (missing) return fail(missing);
            }
            dispatch(w);
          },
          result(w, id, result) {
            results[id] = result;
            finished++;
            onResult(result);
            if (finished === units.length) {
              batch = undefined;
              return resolve(results as UnitResult[]);
            }
            dispatch(w);
          },
          fail: reject,
        };
        if (failure) return reject(failure);
        if (units.length === 0) return resolve([]);
        for (const w of pool) if (w.ready) batch.ready(w);
      });
    },
    async close() {
      closing = true;
      batch = undefined;
      signal?.removeEventListener('abort', onAbort);
      const exits = pool.map((w) =>
        w.child.exitCode !== null || w.child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => w.child.once('close', () => resolve())),
      );
      for (const w of pool) if (w.child.connected) w.child.send({ type: 'end' } satisfies ParentMessage, () => undefined);
      // A worker still inside a unit (the run failed elsewhere) would finish it first: stop it now.
      if (failure) killAll();
      const timer = setTimeout(killAll, 10_000);
      await Promise.all(exits);
      clearTimeout(timer);
      process.off('exit', killAll);
    },
  };

  function crashError(w: Worker, why: string): GanAugmentError {
    const doing = w.unit === undefined ? (w.ready ? 'between units' : 'while starting') : `while running ${describeUnit(w.unit, job.settings.folds)}`;
    const tail = w.stderr.trim().split('\n').slice(-3).join(' / ');
    return new GanAugmentError('data', `evaluate --workers: worker process ${w.index + 1} died ${doing} (${why})${tail ? `: ${tail}` : ''}.`, {
      hint: 'Run with --workers 1 to see the error in this process; if memory ran out, use fewer workers.',
    });
  }
}

/** 'repeat 1 fold 3 (none, threshold)': splits are repeat-major. */
function describeUnit(unit: EvaluateUnit, folds: number): string {
  return `repeat ${Math.floor(unit.split / folds) + 1} fold ${(unit.split % folds) + 1} (${unit.methods.join(', ')})`;
}

/** A unit's error as the worker sent it: a GanAugmentError again, with its code (so its exit code); anything else a bug. */
function rebuildError(error: WireError, w: Worker): Error {
  if (error.code !== undefined) return new GanAugmentError(error.code as ErrorCode, error.message, error.hint !== undefined ? { hint: error.hint } : {});
  return new Error(`evaluate worker process ${w.index + 1}: ${error.message}`);
}

/**
 * Plugins registered in this process only (the API's registerSynthesizer) that the workers do not
 * know: they cannot run them. Names unknown here too fail in the unit with the usual error.
 */
function missingPlugins(units: readonly EvaluateUnit[], job: EvaluationJob, known: { synthesizers: string[]; classifiers: string[] }): GanAugmentError | undefined {
  const methods = new Set(units.flatMap((u) => u.methods));
  const here = { synthesizers: listSynthesizers().map((f) => f.name), classifiers: listClassifiers().map((f) => f.name) };
  const synthesizers = [...methods, ...(methods.has('auto') ? job.settings.autoCandidates : [])].map((m) => augmenterOf(m).split('+', 1)[0]!);
  const missing = [
    ...synthesizers.filter((s) => here.synthesizers.includes(s) && !known.synthesizers.includes(s)),
    ...job.settings.classifiers.filter((c) => here.classifiers.includes(c) && !known.classifiers.includes(c)),
  ];
  if (missing.length === 0) return undefined;
  return new GanAugmentError('usage', `--workers: ${missing.map((m) => `'${m}'`).join(', ')} is registered in this process only; worker processes have the built-in plugins.`, {
    hint: 'Use --workers 1 (workers: 1 in the API) for plugins registered in this process.',
  });
}
