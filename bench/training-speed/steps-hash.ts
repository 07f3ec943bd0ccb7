/**
 * Runs a benchmark training step — the tabular one (ctgan-step.ts) or the image one
 * (dcgan-step.ts) — N times after starting wasm, then prints a hash of every weight: for
 * instruction counts under valgrind (subtract a run with fewer steps) and for checking that a
 * change keeps training bit for bit the same.
 * Usage: GAN_AUGMENT_THREADS=1 tsx bench/training-speed/steps-hash.ts [tabular|image] [steps]
 */
import { createHash } from 'node:crypto';
import { initBackend } from '../../src/backend/pick.js';
import { buildCtganBenchStep } from './ctgan-step.js';
import { buildDcganBenchStep, IMAGE_BENCH } from './dcgan-step.js';
import { TABULAR_BENCH } from './tabular-config.js';

const model = process.argv[2] ?? 'tabular';
const steps = Number(process.argv[3] ?? 3);
if (model !== 'tabular' && model !== 'image') throw new Error(`model must be tabular or image, got '${model}'`);
await initBackend('wasm', { convolutions: model === 'image' });
const bench = model === 'tabular' ? buildCtganBenchStep(TABULAR_BENCH) : buildDcganBenchStep(IMAGE_BENCH);
for (let i = 0; i < steps; i++) bench.step();
const hash = createHash('sha256');
for (const [name, values] of Object.entries(bench.weights())) hash.update(name).update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
console.log(`${model}, ${steps} steps: weights sha256 ${hash.digest('hex').slice(0, 16)}`);
bench.dispose();
