/**
 * `evaluate --redis URL`: the run's job units (src/evaluate/units.ts) as 'evaluate-unit' jobs on
 * the queue, run by `gan-augment worker` processes, their results merged by the submitter exactly
 * as a local run merges them. A unit carries the input by absolute path and SHA-256 of its bytes
 * (not the data itself: one copy per unit would fill Redis with the same table many times), the
 * read options and the run's settings; a worker reads and encodes the file once per run (kept for
 * the run's next units) and refuses it when its bytes differ from what the submitter read. So, as
 * for sampling, workers must see the input at the same path (shared storage).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { initBackend } from '../backend/pick.js';
import type { JsonValue } from '../contracts.js';
import { hasImageFeature } from '../dataset.js';
import { GanAugmentError } from '../errors.js';
import { loadDataset, type DatasetSource } from '../evaluate/index.js';
import { runEvaluation } from '../evaluate/run.js';
import { UnitRunner } from '../evaluate/unit-runner.js';
import type { EvaluateUnit, UnitExecutorFactory, UnitResult, UnitSettings } from '../evaluate/units.js';
import { fromWire, toWire } from '../evaluate/wire.js';
import { registerJobHandler, type JobHandler } from './job-unit.js';
import { submitJobs, type SubmitOptions } from './submit.js';

export const EVALUATE_UNIT_JOB = 'evaluate-unit';

/** The input as a unit names it: where, which bytes, and how to read them. */
interface InputRef {
  readonly source: DatasetSource & { readonly input: string };
  readonly sha256: string;
}

interface UnitJobData {
  readonly input: InputRef;
  readonly settings: JsonValue;
  readonly unit: EvaluateUnit;
}

/** SHA-256 of a file's bytes, streamed. */
async function fileHash(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

// The last run's runner: a worker takes many units of one run in a row.
let cached: { key: string; runner: Promise<UnitRunner> } | undefined;

async function runnerFor(data: UnitJobData): Promise<UnitRunner> {
  const key = JSON.stringify([data.input, data.settings]);
  if (cached?.key !== key) {
    const start = async (): Promise<UnitRunner> => {
      const { source, sha256 } = data.input;
      const seen = await fileHash(source.input).catch((err: unknown) => {
        throw new GanAugmentError('input', `evaluate job: cannot read --input '${source.input}' on this worker (${(err as Error).message}).`, { hint: 'Queue workers must see the input at the path the submitter used (shared storage).' });
      });
      if (seen !== sha256) {
        throw new GanAugmentError('input', `evaluate job: --input '${source.input}' on this worker is not the file the run was submitted with (SHA-256 ${seen.slice(0, 12)}..., expected ${sha256.slice(0, 12)}...).`, {
          hint: 'Keep the input unchanged until the run ends, and give every worker the same copy.',
        });
      }
      const settings = fromWire<UnitSettings>(data.settings);
      const { dataset } = await loadDataset(source, undefined);
      await initBackend(settings.backend, { convolutions: hasImageFeature(dataset) });
      return new UnitRunner(dataset, settings, { inner: runEvaluation });
    };
    const entry = { key, runner: start() };
    cached = entry;
    // A failed start (an unreadable or changed file) is not kept: a retry reads the file again.
    entry.runner.catch(() => {
      if (cached === entry) cached = undefined;
    });
  }
  return cached.runner;
}

const evaluateUnitJob: JobHandler = async (raw, context) => {
  const data = raw as unknown as UnitJobData;
  const result = await (await runnerFor(data)).run(data.unit);
  context.progress(result.outcomes.length);
  return toWire(result);
};

/** Make this process able to run evaluate units (idempotent). */
export function registerEvaluateJobs(): void {
  registerJobHandler(EVALUATE_UNIT_JOB, evaluateUnitJob);
}

/**
 * The executor of `evaluate --redis`: every unit a job on the queue, the results back in order.
 * `source` is the resolved input (a file path) and read options the data was loaded with.
 * @example await evaluateWith(resolved, await queueExecutor(resolved, { redis: 'redis://127.0.0.1:6379' }));
 */
export async function queueExecutor(source: DatasetSource, queue: SubmitOptions): Promise<UnitExecutorFactory> {
  if (typeof source.input !== 'string' || !(await stat(source.input).then((s) => s.isFile(), () => false))) {
    throw new GanAugmentError('usage', `evaluate --redis: --input must be a file the workers can read (got ${typeof source.input === 'string' ? `'${source.input}'` : 'an in-memory table'}).`);
  }
  const file = path.resolve(source.input);
  const input: InputRef = {
    source: { input: file, label: source.label, delimiter: source.delimiter, naValues: source.naValues, keepDefaultNa: source.keepDefaultNa, categorical: source.categorical, numeric: source.numeric, ignore: source.ignore },
    sha256: await fileHash(file),
  };
  return ({ settings }) => {
    const wired = toWire(settings);
    return {
      async run(units, onResult) {
        const jobs = units.map((unit) => ({ kind: EVALUATE_UNIT_JOB, data: toWire({ input, settings: wired, unit }) }));
        // Progress as each job completes (its methods; the results themselves come all together).
        const onProgress = (i: number): void => onResult({ split: units[i]!.split, outcomes: units[i]!.methods.map((method) => ({ method })) });
        const results = await submitJobs(jobs, { ...queue, onProgress });
        return results.map((r) => fromWire<UnitResult>(r));
      },
      close: async () => undefined,
    };
  };
}
