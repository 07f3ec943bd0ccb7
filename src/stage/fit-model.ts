/**
 * `fit`: learn a synthesizer from a labelled table and save it to a model directory, so rows can be
 * sampled later (`sampleModel`) without the training data.
 */
import { countByClass } from '../dataset.js';
import { checkModelDirTarget, saveModel } from '../model-store/save.js';
import { resolveFitModelOptions, type FitModelOptions, type ResolvedFitModelOptions } from '../options/index.js';
import { Rng } from '../random.js';
import { fitOptionsSummary, runSummary, type RunSummary } from './metadata.js';
import { prepareInput, readOptions, roleOptions } from './prepare.js';
import { chooseSynthesizer, fitChosen } from './resample.js';
import { checkOutputEarly, writeOutputs } from './outputs.js';

/**
 * Fit a synthesizer on every labelled row and save it.
 * @example const { summary } = await fitModel({ input: 'train.csv', label: 'class', modelDir: 'models/fraud', epochs: 100 });
 */
export async function fitModel(raw: FitModelOptions): Promise<{ summary: RunSummary }> {
  return fitModelWith(resolveFitModelOptions(raw));
}

/** `fitModel` on options resolved by the caller (the CLI resolves once). */
export async function fitModelWith(options: ResolvedFitModelOptions): Promise<{ summary: RunSummary }> {
  const progress = options.quiet ? undefined : options.progress;
  const inputPath = typeof options.input === 'string' ? options.input : undefined;
  checkOutputEarly(undefined, undefined, inputPath ? [inputPath] : [], options.summaryPath);
  const chosen = chooseSynthesizer(options);
  await checkModelDirTarget(options.modelDir);

  const prepared = await prepareInput(options.input, roleOptions(options), progress, readOptions(options));
  const { dataset, plan } = prepared;
  const before = countByClass(dataset);
  const fit = await fitChosen(chosen, options, dataset, dataset.classes.map((_, i) => i), new Rng(options.seed), progress);
  try {
    const summary = runSummary('fit', {
      input: { source: inputPath ?? '(table)', format: prepared.format, rows: prepared.table.numRows, columns: prepared.table.numCols },
      modelDir: options.modelDir,
      label: options.label,
      model: options.model,
      modelParams: options.modelParams,
      seed: options.seed,
      backend: fit.backend,
      classes: dataset.classes.map((c, i) => ({ class: c, before: before[i]!, added: 0, after: before[i]! })),
      columns: plan.columns,
      unlabelledRows: prepared.table.numRows - dataset.rowCount,
      training: fit.training,
      options: fitOptionsSummary(options),
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
        seconds: summary.training!.seconds,
        epochs: summary.training!.epochs,
        backend: fit.backend,
      },
    });
    const final = await writeOutputs(prepared.table, summary, { output: undefined, format: undefined, summaryPath: options.summaryPath, protect: inputPath ? [inputPath] : [], progress });
    return { summary: final };
  } finally {
    fit.synthesizer.dispose();
  }
}
