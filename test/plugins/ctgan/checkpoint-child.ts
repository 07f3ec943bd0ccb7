/**
 * Child process of checkpoint.test.ts: fits a small ctgan with a checkpoint folder and never
 * finishes on its own (many epochs); the test kills it with SIGKILL after the first checkpoint.
 * Usage: tsx checkpoint-child.ts DIR EPOCHS
 */
import { initBackend } from '../../../src/backend/pick.js';
import { Rng } from '../../../src/random.js';
import { ctganFactory } from '../../../plugins/ctgan/index.js';
import { CHECKPOINT_BATCH, CHECKPOINT_PARAMS, checkpointFixture } from './checkpoint-setup.js';

const [dir, epochs] = process.argv.slice(2);
await initBackend();
const synth = ctganFactory.create(CHECKPOINT_PARAMS);
await synth.fit(checkpointFixture(), { rng: new Rng(11), epochs: Number(epochs), batchSize: CHECKPOINT_BATCH, checkpointDir: dir });
