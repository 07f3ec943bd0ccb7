/** Shared settings of checkpoint.test.ts and its child process: small networks, checkpoint every 2 epochs. */
import type { Dataset } from '../../../src/contracts.js';
import { makeFixture } from '../../support/ctgan-fixture.js';

export const CHECKPOINT_PARAMS = { embeddingDim: 16, generatorDims: [32, 32], criticDims: [32, 32], checkpointEvery: 2, trainOn: 'all' };

/** Rows per step: with 180 training rows, 3 steps per epoch (pac 1). */
export const CHECKPOINT_BATCH = 60;

/** 60 minority + 120 majority rows (trainOn 'all'). */
export function checkpointFixture(): Dataset {
  return makeFixture(5, 120, 60);
}
