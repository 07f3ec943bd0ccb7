/**
 * Where gan-augment's fused kernels are missing (another backend, or a failed self-test), the
 * ctgan step falls back to stock ops (networks.ts activate/generatorForward, train.ts conditional
 * loss, adam.ts): the same training step, so the same losses up to float rounding (measured
 * differences ~1e-7 over four steps; a wrong Adam moment weight shows up at ~1e-3).
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../src/backend/pick.js';
import { CUSTOM_KERNELS, installCustomKernels, uninstallCustomKernel } from '../../../src/backend/kernels/install.js';
import { Rng } from '../../../src/random.js';
import { ctganBenchDataset } from '../../../bench/training-speed/ctgan-step.js';
import { disposeModel, prepareTraining } from '../../../plugins/ctgan/model.js';
import { CtganTrainer, type StepLosses } from '../../../plugins/ctgan/train.js';

function losses(steps: number): StepLosses[] {
  const rng = new Rng(3);
  const data = ctganBenchDataset({ rows: 120, numeric: 3, categoricalLevels: [4, 3] }, rng.fork('data'));
  const prepared = prepareTraining(data, { embeddingDim: 8, generatorDims: [16, 16], criticDims: [16, 16], pac: 4 }, rng.fork('prepare'));
  const trainer = new CtganTrainer(prepared.model.generator, prepared.model.critic, 8, prepared.conditioned);
  const trainRng = rng.fork('train');
  const out = Array.from({ length: steps }, () => trainer.step(prepared.matrix, prepared.model.shape.dataDim, prepared.sampler, 40, trainRng));
  trainer.dispose();
  disposeModel(prepared.model);
  return out;
}

describe('ctgan without the fused kernels', () => {
  it('takes the same training steps with stock ops', async () => {
    await initBackend('wasm');
    const fusedKernels = CUSTOM_KERNELS.filter((k) => k.backends.includes('cpu'));
    const fused = losses(4);
    try {
      for (const k of fusedKernels) uninstallCustomKernel(k, 'wasm');
      expect(tf.getKernel('SpanActivation', 'wasm')).toBeUndefined();
      const stock = losses(4);
      fused.forEach((l, i) => {
        expect(Math.abs(l.lossD - stock[i]!.lossD), `step ${i} lossD`).toBeLessThan(2e-5 * Math.max(1, Math.abs(l.lossD)));
        expect(Math.abs(l.lossG - stock[i]!.lossG), `step ${i} lossG`).toBeLessThan(2e-5 * Math.max(1, Math.abs(l.lossG)));
      });
    } finally {
      installCustomKernels('wasm', fusedKernels);
    }
  });
});
