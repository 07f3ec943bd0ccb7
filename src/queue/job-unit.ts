/**
 * The unit of work a queue carries: a `kind` naming its handler and plain JSON `data`, so one
 * queue and one worker fleet serve every job type (sampling shards now; the evaluator's
 * repeat/fold/method/classifier jobs can register their own kinds). Handlers are looked up by
 * kind in one registry; a worker refuses a kind it does not know instead of guessing.
 */
import type { JsonValue } from '../contracts.js';
import { GanAugmentError } from '../errors.js';

export interface JobUnit {
  readonly kind: string;
  readonly data: JsonValue;
}

export interface JobContext {
  /** Report progress (rows or any count the kind defines); forwarded to whoever waits on the job. */
  progress(done: number): void;
}

/** Runs one job unit; its JSON result goes back to the submitter. Must be safe to retry (same inputs, same bytes). */
export type JobHandler = (data: JsonValue, context: JobContext) => Promise<JsonValue>;

const handlers = new Map<string, JobHandler>();

/**
 * Register the handler of a job kind (idempotent for the same function).
 * @example registerJobHandler('sample-shard', async (data) => ({ rows: 10 }));
 */
export function registerJobHandler(kind: string, handler: JobHandler): void {
  const existing = handlers.get(kind);
  if (existing !== undefined && existing !== handler) throw new GanAugmentError('usage', `A job handler for kind '${kind}' is already registered.`);
  handlers.set(kind, handler);
}

/** The handler of `kind`, or a clear error naming the known kinds. */
export function jobHandler(kind: string): JobHandler {
  const handler = handlers.get(kind);
  if (!handler) {
    throw new GanAugmentError('usage', `No job handler for kind '${kind}' in this worker (known: ${[...handlers.keys()].join(', ') || 'none'}).`, { hint: 'Run a worker of the same gan-augment version as the submitter.' });
  }
  return handler;
}

/** Check that a value from the queue has the job-unit shape. */
export function isJobUnit(value: unknown): value is JobUnit {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string' && 'data' in value;
}
