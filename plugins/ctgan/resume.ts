/**
 * Checkpoint policy of a ctgan fit: where the run's checkpoint lives, whether an existing one can be
 * resumed (same fingerprint and the same fitted transformer), restoring it into the freshly built
 * networks and optimizers, and saving every N epochs, at the end and on an abort at an epoch boundary.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset, JsonValue } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';
import { loadCheckpoint, saveCheckpoint, trainingFingerprint, type CheckpointState } from './checkpoint.js';
import type { CtganModel } from './model.js';
import { namedWeights } from './networks.js';
import { paramsToJson, type CtganParams } from './params.js';
import type { CtganTrainer, EpochEndReason } from './train.js';
import { transformerToJson } from './transformer.js';

export class CheckpointKeeper {
  private readonly fingerprint: string;

  constructor(
    private readonly dir: string,
    train: Dataset,
    params: CtganParams,
    resolved: { readonly batch: number; readonly pac: number; readonly stepsPerEpoch: number },
    seed: number,
    private readonly model: CtganModel,
    private readonly trainer: CtganTrainer,
  ) {
    // Epochs and the checkpoint interval may change between runs: resuming to more epochs continues the same run.
    // An ensemble member's fit and a fit cut short by snapshot 'auto' are the same runs as without them;
    // noiseScale acts only when sampling.
    const { epochs: _epochs, checkpointEvery: _every, snapshot: _snapshot, ensemble: _ensemble, noiseScale: _noise, ...shaping } = paramsToJson(params);
    const settings: Record<string, JsonValue> = { ...shaping, ...resolved };
    this.fingerprint = trainingFingerprint(train, settings, seed);
  }

  /**
   * Restore the run's checkpoint into the model and optimizers when there is a usable one: it has at
   * most `epochs` epochs and the same fitted transformer. Returns what was restored, or undefined
   * (start from scratch).
   */
  resume(epochs: number): CheckpointState | undefined {
    const saved = loadCheckpoint(this.dir, this.fingerprint);
    if (!saved || saved.epoch > epochs) return undefined;
    if (JSON.stringify(saved.transformer) !== JSON.stringify(transformerToJson(this.model.transformer))) return undefined;
    const weights = namedWeights(this.model.generator, this.model.critic);
    for (const [name, v] of weights) {
      const data = saved.weights.get(name);
      if (!data || data.length !== v.size) return undefined;
    }
    for (const [name, v] of weights) tf.tidy(() => v.assign(tf.tensor(saved.weights.get(name)!, v.shape, 'float32')));
    if (!this.trainer.restoreOptimizerState(saved.optimizers) || !this.trainer.restoreAverageState(saved.average)) {
      throw new GanAugmentError('model', `--checkpoint-dir: the checkpoint in '${this.dir}' holds optimizer state that does not fit the networks.`, {
        hint: 'Delete the checkpoint to train from the start, or pass another --checkpoint-dir.',
      });
    }
    return saved;
  }

  /** Save when `done` is a multiple of `every`, at the end, or on an abort right after an epoch. */
  onEpochEnd(done: number, history: ReadonlyArray<Readonly<Record<string, number>>>, reason: EpochEndReason, every: number): void {
    if (reason === 'epoch' && done % every !== 0) return;
    const weights = new Map<string, Float32Array>();
    for (const [name, v] of namedWeights(this.model.generator, this.model.critic)) weights.set(name, v.dataSync().slice() as Float32Array);
    saveCheckpoint(this.dir, this.fingerprint, {
      epoch: done,
      history,
      transformer: transformerToJson(this.model.transformer),
      weights,
      optimizers: this.trainer.optimizerState(),
      average: this.trainer.averageState(),
    });
  }
}
