/**
 * The check behind `augment --require-improvement METRIC`: cross-validate the chosen synthesizer
 * against no augmentation and report whether it significantly improved the metric. The stage
 * decides what to do with a "no" (the CLI exits with the 'no-improvement' code).
 */
import type { EvaluateOptions } from '../options/index.js';
import { evaluate } from './index.js';
import type { EvaluationReport } from './report-types.js';

export interface RequireImprovementOptions extends Omit<EvaluateOptions, 'methods' | 'metric'> {
  /** The synthesizer the stage will use (--model). */
  readonly model: string;
  /** The metric that must improve (e.g. 'minority_f1'). */
  readonly metric: string;
  /** Parameters for the model (--model-param). */
  readonly modelParams?: Readonly<Record<string, unknown>>;
}

export interface ImprovementResult {
  /** The model significantly improved the metric (pooled over classifiers when there are several). */
  readonly improved: boolean;
  /** One sentence for the user, with the numbers. */
  readonly reason: string;
  readonly report: EvaluationReport;
}

/**
 * @example
 * const { improved, reason } = await checkImprovement({ input: 'train.csv', label: 'y', model: 'ctgan', metric: 'minority_f1', epochs: 100 });
 * if (!improved) throw new GanAugmentError('no-improvement', reason);
 */
export async function checkImprovement(options: RequireImprovementOptions): Promise<ImprovementResult> {
  const { model, metric, modelParams, ...rest } = options;
  const report = await evaluate({
    ...rest,
    methods: ['none', model],
    metric,
    ...(modelParams ? { synthesizerParams: { ...(rest.synthesizerParams ?? {}), [model]: modelParams } } : {}),
  });
  const verdicts = report.verdicts.filter((v) => v.method === model);
  // With several classifiers the decision uses the per-split mean over them ('all').
  const decisive = verdicts.find((v) => v.classifier === 'all') ?? verdicts[0];
  if (!decisive) {
    const failure = report.failures.find((f) => f.method === model);
    return {
      improved: false,
      reason: failure ? `${model} could not be evaluated: ${failure.message}` : `${model} produced no comparable results.`,
      report,
    };
  }
  return { improved: decisive.kind === 'helps', reason: decisive.statement, report };
}
