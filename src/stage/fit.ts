/**
 * Create and fit a synthesizer: choose the TensorFlow.js backend first when the model needs one,
 * pass the plugin parameters through, stop cleanly on the signal, and time it.
 */
import type { Dataset, FitReport, Synthesizer, SynthesizerFactory, SyntheticJudge } from '../contracts.js';
import { backendForSynthesizer } from '../backend/for-synthesizer.js';
import { activeBackend } from '../backend/pick.js';
import { claimFolder } from '../io/owned-folder.js';
import type { ProgressSink } from '../progress.js';
import type { Rng } from '../random.js';
import type { FitSettings } from './resample.js';
import type { RunSummary } from './metadata.js';

export interface FitRun {
  readonly synthesizer: Synthesizer;
  readonly report: FitReport;
  readonly seconds: number;
}

/**
 * Create a synthesizer from `factory` and fit it on `data`.
 * @example const { synthesizer } = await fitSynthesizer(factory, params, dataset, { rng: rng.fork('fit') });
 */
export async function fitSynthesizer(
  factory: SynthesizerFactory,
  params: Readonly<Record<string, unknown>>,
  data: Dataset,
  options: { rng: Rng; epochs?: number | undefined; batchSize?: number | undefined; checkpointDir?: string | undefined; signal?: AbortSignal | undefined; judge?: SyntheticJudge | undefined },
  progress?: ProgressSink,
): Promise<FitRun> {
  // Checkpoints replace same-named files: only in a folder that is new, empty or already ours.
  if (options.checkpointDir !== undefined) await claimFolder(options.checkpointDir, 'checkpoints', '--checkpoint-dir');
  const synthesizer = factory.create(params);
  const started = performance.now();
  try {
    const report = await synthesizer.fit(
      data,
      {
        rng: options.rng,
        ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
        ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
        ...(options.checkpointDir !== undefined ? { checkpointDir: options.checkpointDir } : {}),
        ...(options.signal !== undefined ? { signal: options.signal } : {}),
        ...(options.judge !== undefined ? { judge: options.judge } : {}),
      },
      progress,
    );
    // A fit stopped by the signal returns a half-trained model: never sample from it.
    options.signal?.throwIfAborted();
    return { synthesizer, report, seconds: (performance.now() - started) / 1000 };
  } catch (err) {
    synthesizer.dispose();
    throw err;
  }
}

/** The last history entry: the losses worth keeping in the summary. */
export function finalMetrics(report: FitReport): Record<string, number> | null {
  const last = report.history[report.history.length - 1];
  return last ? { ...last } : null;
}

/** A fit as the commands run it: with the backend used and the run summary's training entry. */
export interface StageFit extends FitRun {
  readonly backend: string | null;
  readonly training: NonNullable<RunSummary['training']>;
}

/**
 * Start the backend the model needs, then fit with `rng` (the run's fork 'fit'), epochs, batch
 * size, checkpoint folder and signal: the one way the resample template (resample.ts) trains a model.
 */
export async function fitForStage(
  options: Pick<FitSettings, 'backend' | 'threads' | 'epochs' | 'batchSize' | 'checkpointDir' | 'signal' | 'judge'>,
  factory: SynthesizerFactory,
  params: Readonly<Record<string, unknown>>,
  data: Dataset,
  rng: Rng,
  progress?: ProgressSink,
): Promise<StageFit> {
  // The start takes seconds: say so rather than leave the screen still after 'read'.
  const backend = await backendForSynthesizer(factory, options.backend, {
    threads: options.threads,
    onStart: () => progress?.({ phase: 'fit', done: 0, message: 'starting TensorFlow.js' }),
  });
  const fit = await fitSynthesizer(
    factory,
    params,
    data,
    { rng, epochs: options.epochs, batchSize: options.batchSize, checkpointDir: options.checkpointDir, signal: options.signal, judge: options.judge },
    progress,
  );
  const threads = backend === null ? null : (activeBackend()?.threads ?? null);
  const training = { seconds: Math.round(fit.seconds * 1000) / 1000, epochs: fit.report.epochs, finalMetrics: finalMetrics(fit.report), threads };
  return { ...fit, backend, training };
}
