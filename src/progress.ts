/**
 * Progress reporting. Long jobs (training, streaming passes, folds) emit events to a sink;
 * the CLI renders them as a progress bar on stderr, the API lets callers log or ignore them.
 */
export type ProgressPhase = 'read' | 'fit' | 'sample' | 'guard' | 'write' | 'evaluate';

export interface ProgressEvent {
  readonly phase: ProgressPhase;
  /** Completed units (epochs, rows, folds) so far. */
  readonly done: number;
  /** Total units, when known. */
  readonly total?: number;
  /** Unit name for display: 'epoch', 'rows', 'fold'. */
  readonly unit?: string;
  /** Named scalars worth showing (losses, rows/s). */
  readonly metrics?: Readonly<Record<string, number>>;
  readonly message?: string;
}

export type ProgressSink = (event: ProgressEvent) => void;

