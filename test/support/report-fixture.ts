/** A small real evaluation report (spy synthesizer, fast classifiers) for the report tests. */
import { registerBuiltins } from '../../plugins/index.js';
import type { EvaluationReport } from '../../src/evaluate/report-types.js';
import { runEvaluation } from '../../src/evaluate/run.js';
import { registerSynthesizer } from '../../src/registry.js';
import { spyFactory } from './spy-synthesizer.js';
import { blobs } from './toy-data.js';

export async function smallReport(): Promise<EvaluationReport> {
  registerBuiltins();
  registerSynthesizer(spyFactory);
  return runEvaluation(blobs({ majority: 40, minority: 12, gap: 1.5 }), {
    folds: 3,
    repeats: 2,
    seed: 2,
    methods: ['none', 'balanced', 'spy'],
    classifiers: ['logistic', 'forest'],
    classifierParams: { forest: { trees: 8 } },
    datasetName: 'toy <blobs> & "quotes"',
  });
}
