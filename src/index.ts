/**
 * gan-augment's public API. The stage functions (`augment`, `fitModel`, `sampleModel`) take the
 * same options as the CLI (declared once in src/options/table.ts); the contracts and registry
 * let you add your own synthesizers and classifiers. Importing this module registers the built-in
 * plugins (ctgan, dcgan, smote, random and the classifiers), so `augment` works with no set-up; a
 * plugin you register under a built-in's name replaces it.
 *
 * @example
 * import { augment } from 'gan-augment';
 * const { summary } = await augment({ input: 'train.csv', output: 'balanced.parquet', label: 'class' });
 */
export { augment } from './api/augment.js';
export { augmentStream } from './api/augment-stream.js';
export { fitModel } from './api/fit-model.js';
export type { AugmentResult } from './stage/augment.js';
export type { FitModelResult } from './stage/fit-model.js';
export { chooseModel, type ModelChoice } from './evaluate/choose-model.js';
export { sampleModel } from './stage/sample-model.js';
export { OUTPUT_LAYOUTS, type OutputLayout, type StreamAugmentOptions, type StreamAugmentResult } from './stream/augment-stream.js';
export { MANIFEST_NAME as DATASET_MANIFEST_NAME, type DatasetManifest } from './stream/dataset-layout.js';
export { sampleShards, type ShardedSampleOptions, type ShardedSampleResult, type ShardFile } from './shard/sample-shards.js';
export { planBlocks, shardBlocks, shardFileName, DEFAULT_BLOCK_ROWS, type SampleBlock } from './shard/shard-plan.js';
export type { RunSummary, EmbeddedSummary, ClassSummary } from './stage/metadata.js';
export { METADATA_KEY } from './stage/metadata.js';
export {
  DEFAULT_MODEL,
  DEFAULT_PROVENANCE_COLUMN,
  DEFAULT_SEED,
  OPTION_FLAGS,
  OUTPUT_FORMATS,
  TRAIN_ON,
  resolveAugmentOptions,
  resolveFitModelOptions,
  resolveSampleOptions,
  type AugmentOptions,
  type FitInputOptions,
  type FitModelOptions,
  type OutputFormat,
  type ResolvedAugmentOptions,
  type ResolvedFitModelOptions,
  type ResolvedSampleOptions,
  type SampleOptions,
  type TrainOn,
  type AutoChoice,
} from './options/index.js';
export { STRATEGY_NAMES, parseStrategy, planClassCounts, formatStrategy, type SamplingStrategy, type ClassCount } from './strategy.js';
export type { ColumnPlan, ColumnRole, TablePlan } from './schema/plan.js';
export { inferRoles, type RoleOptions, type ColumnRoles } from './schema/infer.js';
export { encodeTable, type EncodedTable } from './schema/encode.js';
export { decodeDataset } from './schema/decode.js';
export { loadModel, loadSynthesizer } from './model-store/load.js';
export { saveModel } from './model-store/save.js';
export type * from './contracts.js';
export { parseDeclaredParams, type ParsedParams } from './plugin-params.js';
import { registerBuiltins } from '../plugins/index.js';
export { registerSynthesizer, registerClassifier, getSynthesizer, getClassifier, listSynthesizers, listClassifiers } from './registry.js';
export { Rng } from './random.js';
export { GanAugmentError, isGanAugmentError, type ErrorCode } from './errors.js';
export type { ProgressEvent, ProgressPhase, ProgressSink } from './progress.js';
export { BACKEND_NAMES, type BackendName } from './backend/pick.js';
export { evaluate, runEvaluation, METRIC_NAMES, DEFAULT_METHODS, DEFAULT_CLASSIFIERS, type EvaluateOptions, type EvaluationReport, type MetricName } from './evaluate/index.js';
export { checkImprovement } from './evaluate/require-improvement.js';
export { registerBuiltins } from '../plugins/index.js';

registerBuiltins();
