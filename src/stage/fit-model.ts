/**
 * `fit`: learn a synthesizer from a labelled table and save it to a model directory, so rows can be
 * sampled later (`sampleModel`) without the training data.
 */
import type { JsonValue } from '../contracts.js';
import { countByClass } from '../dataset.js';
import { checkModelDirTarget, saveModel } from '../model-store/save.js';
import type { AutoChoice, ResolvedFitModelOptions } from '../options/index.js';
import { Rng } from '../random.js';
import { fitOptionsSummary, runSummary, type RunSummary } from './metadata.js';
import { prepareInput, readOptions, roleOptions } from './prepare.js';
import { chooseSynthesizer, fitChosen } from './resample.js';
import { checkOutputEarly, writeOutputs } from './outputs.js';

export interface FitModelResult {
  readonly summary: RunSummary;
  /** With `model: 'auto'`: what was chosen and the evidence (also in the model folder's manifest). */
  readonly autoChoice?: AutoChoice;
}

/** Refuse a bad --model-dir or --summary before any work (the choice of --model auto takes minutes). */
export async function checkFitTargets(options: Pick<ResolvedFitModelOptions, 'input' | 'summaryPath' | 'modelDir'>): Promise<void> {
  checkOutputEarly(undefined, undefined, typeof options.input === 'string' ? [options.input] : [], options.summaryPath);
  await checkModelDirTarget(options.modelDir);
}

/** `fitModel` (src/api/fit-model.ts) on options resolved by the caller, and the model chosen when it was 'auto'. */
export async function fitModelWith(options: ResolvedFitModelOptions): Promise<FitModelResult> {
  const progress = options.quiet ? undefined : options.progress;
  const inputPath = typeof options.input === 'string' ? options.input : undefined;
  const chosen = chooseSynthesizer(options);
  await checkFitTargets(options);

  const prepared = await prepareInput(options.input, roleOptions(options), progress, readOptions(options));
  const { dataset, plan } = prepared;
  const before = countByClass(dataset);
  const fit = await fitChosen(chosen, options, dataset, dataset.classes.map((_, i) => i), new Rng(options.seed), progress);
  try {
    const generates = (fit.report.generates ?? dataset.classes.map((_, i) => i)).map((i) => dataset.classes[i]!);
    const summary = runSummary('fit', {
      input: { source: inputPath ?? '(table)', format: prepared.format, rows: prepared.table.numRows, columns: prepared.table.numCols },
      modelDir: options.modelDir,
      label: options.label,
      model: options.model,
      modelParams: options.modelParams,
      seed: options.seed,
      backend: fit.backend,
      classes: dataset.classes.map((c, i) => ({ class: c, before: before[i]!, added: 0, after: before[i]! })),
      generates,
      columns: plan.columns,
      unlabelledRows: prepared.table.numRows - dataset.rowCount,
      training: fit.training,
      options: { ...fitOptionsSummary(options), ...(options.autoChoice ? { auto: options.autoChoice as unknown as JsonValue } : {}) },
      warnings: [...prepared.warnings],
    });
    progress?.({ phase: 'write', done: 0, message: `saving the model to ${options.modelDir}` });
    await saveModel(options.modelDir, await fit.synthesizer.serialize(), {
      plugin: chosen.factory.name,
      plan,
      toolVersion: summary.version,
      training: {
        seed: summary.seed,
        modelParams: summary.modelParams,
        classes: summary.classes.map((c) => ({ class: c.class, rows: c.before })),
        generates: [...generates],
        epochs: summary.training!.epochs,
        backend: fit.backend,
        ...(options.autoChoice ? { auto: options.autoChoice as unknown as JsonValue } : {}),
      },
    });
    const final = await writeOutputs(prepared.table, summary, { output: undefined, format: undefined, summaryPath: options.summaryPath, protect: inputPath ? [inputPath] : [], progress });
    return { summary: final, ...(options.autoChoice ? { autoChoice: options.autoChoice } : {}) };
  } finally {
    fit.synthesizer.dispose();
  }
}
