/**
 * The flags for data bigger than memory and for many machines (docs/scale.md): the output layout
 * and training-row cap of `augment`, and the sharding flags of `sample`.
 */
import type { StageFlag } from './flags.js';

export const OUTPUT_LAYOUT: StageFlag = {
  name: 'output-layout',
  apiKey: 'outputLayout',
  type: 'string',
  value: 'file|dataset',
  description: "'file': one merged file. 'dataset': a folder where --output/is_synthetic=true/ holds only the synthetic rows as Parquet parts and is_synthetic=false/ links the input's parts (Parquet inputs).",
  default: 'file',
};
export const TRAINING_ROWS_PER_CLASS: StageFlag = {
  name: 'training-rows-per-class',
  apiKey: 'trainingRowsPerClass',
  type: 'string',
  value: 'N',
  description: 'Learn from at most N rows per class (a seeded reservoir sample above it), so memory stays bounded on big inputs.',
  default: '100000',
};
export const SHARDS: StageFlag = { name: 'shards', apiKey: 'shards', type: 'string', value: 'N', description: 'Cut the job into N shards; the union of the shards is the same rows for any N.', default: '1' };
export const SHARD: StageFlag = { name: 'shard', apiKey: 'shard', type: 'string', value: 'I[,I...]', description: 'Write only shard I (0-based) of --shards, or a comma-separated list of shards in turn, e.g. on one machine of many.', default: 'every shard' };
export const WORKERS: StageFlag = { name: 'workers', apiKey: 'workers', type: 'string', value: 'N', description: 'Processes sharing the shards when writing every shard: this one and N-1 child processes, each taking the next shard when ready.', default: 'the number of cores' };
export const BLOCK_ROWS: StageFlag = { name: 'block-rows', apiKey: 'blockRows', type: 'string', value: 'N', description: 'Rows per seeded block (the unit shards are made of); must be the same on every machine.', default: '65536' };

export const SCALE_AUGMENT_FLAGS: readonly StageFlag[] = [OUTPUT_LAYOUT, TRAINING_ROWS_PER_CLASS];
export const SHARD_SAMPLE_FLAGS: readonly StageFlag[] = [SHARDS, SHARD, WORKERS, BLOCK_ROWS];
