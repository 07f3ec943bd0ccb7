/**
 * `fit`: learn a synthesizer from a labelled table and save it to a model directory, so rows can be
 * sampled later (`sampleModel`) without the training data.
 */
import { countByClass } from '../dataset.js';
import { checkModelDirTarget, saveModel } from '../model-store/save.js';
import { resolveFitModelOptions, type FitModelOptions } from '../options.js';
import { getSynthesizer } from '../registry.js';
import { fitForStage, pluginParams } from './fit.js';
import { fitOptionsSummary, toolVersion, type RunSummary } from './metadata.js';
import { checkBatchSize, checkCanLearn, prepareInput, readOptions, roleOptions } from './prepare.js';
import { checkOutputEarly, writeOutputs } from './outputs.js';

/**
 * Fit a synthesizer on every labelled row and save it.
 * @example const { summary } = await fitModel({ input: 'train.csv', label: 'class', modelDir: 'models/fraud', epochs: 100 });
 */
export async function fitModel(raw: FitModelOptions): Promise<{ summary: RunSummary }> {
  const options = resolveFitModelOptions(raw);
  const progress = options.quiet ? undefined : options.progress;
  const inputPath = typeof options.input === 'string' ? options.input : undefined;
  checkOutputEarly(undefined, undefined, inputPath ? [inputPath] : [], options.summaryPath);
  const factory = getSynthesizer(options.model);
  const params = pluginParams(options.modelParams, options.trainOn);
  await checkModelDirTarget(options.modelDir);

  const prepared = await prepareInput(options.input, roleOptions(options), progress, readOptions(options));
  const { dataset, plan } = prepared;
  const before = countByClass(dataset);
  checkCanLearn(factory, params, dataset, dataset.classes.map((_, i) => i), before);
  checkBatchSize(options.batchSize, before, options.trainOn);
  const fit = await fitForStage(options, factory, params, dataset, progress);
  try {
    const summary: RunSummary = {
      tool: 'gan-augment',
      version: toolVersion(),
      command: 'fit',
      input: { source: inputPath ?? '(table)', format: prepared.format, rows: prepared.table.numRows, columns: prepared.table.numCols },
      output: null,
      modelDir: options.modelDir,
      label: options.label,
      model: options.model,
      modelParams: options.modelParams,
      seed: options.seed,
      strategy: null,
      minority: [],
      backend: fit.backend,
      classes: dataset.classes.map((c, i) => ({ class: c, before: before[i]!, added: 0, after: before[i]! })),
      columns: plan.columns,
      unlabelledRows: prepared.table.numRows - dataset.rowCount,
      training: fit.training,
      copies: { checked: false, dropped: 0, kept: 0, sampleRounds: 0 },
      provenanceColumn: null,
      options: fitOptionsSummary(options),
      warnings: [...prepared.warnings],
    };
    progress?.({ phase: 'write', done: 0, message: `saving the model to ${options.modelDir}` });
    await saveModel(options.modelDir, await fit.synthesizer.serialize(), {
      plugin: factory.name,
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
