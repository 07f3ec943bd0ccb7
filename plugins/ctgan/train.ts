/**
 * CTGAN's training step and epoch loop (WGAN-GP):
 * - critic step: loss = mean D(fake) - mean D(real) + 10 * gradient penalty, where the penalty is
 *   (||grad_x D(x)|| - 1)^2 on random interpolations between real and fake packs (one mixing weight
 *   per pack of `pac` rows), a second-order gradient;
 * - generator step: loss = -mean D(fake) + CTGAN's conditional cross-entropy (the generator's raw
 *   logits of the conditioned categorical column against the condition's value), plus, when given,
 *   the frozen auxiliary classifier's clamped cross-entropy against the requested class (aux-classifier.ts);
 * - Adam (lr 2e-4, betas 0.5/0.9) on both, with L2 weight decay 1e-6 added to the gradients as
 *   PyTorch's Adam does.
 * Every step runs inside tf.tidy-style scopes; the only tensors that outlive a step are variables
 * and the optimizers' slots, so `tf.memory().numTensors` stays flat across epochs.
 *
 * For speed (docs/backend.md "Fused kernels"): the critic's gradients, penalty included, are written
 * out by hand without a tape (critic-gradients.ts); noise and dropout masks are drawn in JavaScript
 * (noise.ts); the per-span activation, conditional loss, BatchNorm and Adam use gan-augment's fused
 * kernels where the backend has them, and the same math in stock ops where not.
 *
 * Each epoch draws its randomness from `rng.fork('epoch:' + e)`, not from one continuing stream, so
 * a run resumed from a checkpoint at an epoch boundary continues exactly as an uninterrupted one.
 */
import * as tf from '@tensorflow/tfjs';
import type { FitReport } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';
import { SPAN_CROSS_ENTROPY, type SpanCrossEntropyAttrs } from '../../src/kernel-contracts.js';
import type { ProgressSink } from '../../src/progress.js';
import type { Rng } from '../../src/random.js';
import { Adam, type AdamState } from '../shared/adam.js';
import { auxiliaryLoss, type AuxClassifier } from './aux-classifier.js';
import { criticScores, criticStepGradients } from './critic-gradients.js';
import { noiseWithCondition } from './noise.js';
import {
  activate,
  hasKernel,
  criticVariables,
  generatorForward,
  generatorVariables,
  updateRunningStats,
  type BatchMoments,
  type Critic,
  type Generator,
} from './networks.js';
import type { TrainingSampler } from './sampler.js';

export interface OptimizerConfig {
  /** The generator's learning rate, and the critic's unless `criticLr` is given. */
  readonly lr: number;
  readonly criticLr?: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly weightDecay: number;
  readonly gradientPenalty: number;
  /** Critic updates per generator update (CTGAN: 1). */
  readonly criticSteps: number;
  /**
   * Decay of the running average of the generator's trainable weights that sampling uses (0: off,
   * sample from the last weights as CTGAN does). Warmed up as min(decay, (1 + t) / (10 + t)) after
   * generator step t, so short runs are not dominated by the initial weights. See CtganTrainer.finish.
   */
  readonly generatorAverage: number;
}

export const DEFAULT_OPTIMIZER: OptimizerConfig = { lr: 2e-4, beta1: 0.5, beta2: 0.9, weightDecay: 1e-6, gradientPenalty: 10, criticSteps: 1, generatorAverage: 0.99 };

/** Where a categorical column's one-hot sits in the generator output and in the condition vector. */
export interface ConditionedSpan {
  readonly outputStart: number;
  readonly condStart: number;
  readonly width: number;
}

export interface StepLosses {
  readonly lossG: number;
  readonly lossD: number;
}

/** One generator + critic pair with their optimizers: `step()` is one critic and one generator update. */
export class CtganTrainer {
  private readonly optG: Adam;
  private readonly optD: Adam;
  private readonly gVars: tf.Variable[];
  private readonly dVars: tf.Variable[];
  /** Running average of gVars (when config.generatorAverage > 0). */
  private readonly average: tf.Variable[];

  constructor(
    readonly generator: Generator,
    readonly critic: Critic,
    private readonly embeddingDim: number,
    private readonly conditioned: readonly ConditionedSpan[],
    private readonly config: OptimizerConfig = DEFAULT_OPTIMIZER,
    /** Frozen classifier whose loss is added to the generator's (owned by the caller). */
    private readonly aux?: AuxClassifier,
  ) {
    this.gVars = generatorVariables(generator);
    this.dVars = criticVariables(critic);
    const adam = { lr: config.lr, beta1: config.beta1, beta2: config.beta2, epsilon: 1e-8, weightDecay: config.weightDecay };
    this.optG = new Adam(this.gVars, adam);
    this.optD = new Adam(this.dVars, { ...adam, lr: config.criticLr ?? config.lr });
    this.average = config.generatorAverage > 0 ? this.gVars.map((v) => tf.tidy(() => tf.variable(v.clone(), false))) : [];
  }

  /** The generator's running-average weights (empty when off), for a checkpoint. */
  averageState(): Float32Array[] {
    return this.average.map((v) => v.dataSync().slice() as Float32Array);
  }

  /** Restore `averageState()` output; false when it does not fit. */
  restoreAverageState(state: readonly Float32Array[]): boolean {
    if (state.length !== this.average.length || state.some((a, i) => a.length !== this.average[i]!.size)) return false;
    this.average.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(state[i]!, v.shape, 'float32'))));
    return true;
  }

  /**
   * End of training: when averaging is on, the generator takes the running-average weights (which
   * oscillate far less than the last iterate of a GAN), so sampling and saving use them.
   */
  finish(): void {
    this.average.forEach((a, i) => this.gVars[i]!.assign(a));
  }

  /**
   * The generator as finish() would leave it now (the running-average weights when averaging is
   * on) with its BatchNorm running statistics: a snapshot to sample from after training went on.
   */
  generatorSnapshot(): GeneratorSnapshot {
    const weights = this.average.length > 0 ? this.averageState() : this.gVars.map((v) => v.dataSync().slice() as Float32Array);
    return [...weights, ...runningStatistics(this.generator).map((v) => v.dataSync().slice() as Float32Array)];
  }

  /** Both optimizers' state (moments and step counters), for a checkpoint. */
  optimizerState(): { generator: AdamState; critic: AdamState } {
    return { generator: this.optG.state(), critic: this.optD.state() };
  }

  /** Restore `optimizerState()` output; false when it does not fit these networks. */
  restoreOptimizerState(state: { generator: AdamState; critic: AdamState }): boolean {
    return this.optG.restore(state.generator) && this.optD.restore(state.critic);
  }

  /**
   * One training step on `batch` rows of the transformed training matrix `data` (rows * dataDim).
   * Random draws, in order: the critic step's batch, noise, Gumbel, dropout, interpolation seeds, then the
   * generator step's.
   */
  step(data: Float32Array, dataDim: number, sampler: TrainingSampler, batch: number, rng: Rng): StepLosses {
    let lossD = 0;
    for (let k = 0; k < this.config.criticSteps; k++) lossD += this.criticStep(data, dataDim, sampler, batch, rng) / this.config.criticSteps;
    const lossG = this.generatorStep(sampler, batch, rng);
    return { lossG, lossD };
  }

  private criticStep(data: Float32Array, dataDim: number, sampler: TrainingSampler, batch: number, rng: Rng): number {
    const b = sampler.sample(batch, rng);
    const seeds = { noise: rng.seed32(), gumbel: rng.seed32(), dropFake: rng.seed32(), dropReal: rng.seed32(), dropPen: rng.seed32(), alpha: rng.seed32() };
    // Real rows next to their condition vectors, assembled here rather than by a concat kernel.
    const condWidth = b.cond.length / batch;
    const realWidth = dataDim + condWidth;
    const realRows = new Float32Array(batch * realWidth);
    for (let i = 0; i < batch; i++) {
      const r = b.realRows[i]!;
      realRows.set(data.subarray(r * dataDim, (r + 1) * dataDim), i * realWidth);
      realRows.set(b.realCond.subarray(i * condWidth, (i + 1) * condWidth), i * realWidth + dataDim);
    }
    let lossD = 0;
    tf.tidy(() => {
      const c1 = tf.tensor2d(b.cond, [batch, condWidth]);
      const input = noiseWithCondition(batch, this.embeddingDim, b.cond, seeds.noise);
      const fake = activate(generatorForward(this.generator, input, true), this.generator.spans, seeds.gumbel);
      const fakeCat = tf.concat([fake, c1], 1) as tf.Tensor2D;
      const realCat = tf.tensor2d(realRows, [batch, realWidth]);
      const mixed = interpolate(realCat, fakeCat, this.critic.pac, seeds.alpha);
      const dropout = { fake: seeds.dropFake, real: seeds.dropReal, penalty: seeds.dropPen };
      const { wasserstein, grads } = criticStepGradients(this.critic, fakeCat, realCat, mixed, dropout, this.config.gradientPenalty);
      this.optD.apply(grads);
      lossD = wasserstein.dataSync()[0]!;
    });
    return lossD;
  }

  private generatorStep(sampler: TrainingSampler, batch: number, rng: Rng): number {
    const b = sampler.sample(batch, rng);
    const seeds = { noise: rng.seed32(), gumbel: rng.seed32(), drop: rng.seed32() };
    let lossG = 0;
    const moments: BatchMoments = [];
    tf.tidy(() => {
      const condWidth = b.cond.length / batch;
      const c1 = tf.tensor2d(b.cond, [batch, condWidth]);
      const input = noiseWithCondition(batch, this.embeddingDim, b.cond, seeds.noise);
      const targets = this.conditioned.length > 0 ? conditionTargets(b.cond, batch, this.generator.spans.reduce((n, s) => n + s.width, 0), this.conditioned) : undefined;
      const aux = this.aux;
      // The condition vector starts with the class one-hot (sampler.ts).
      const classTarget = aux ? (tf.slice(c1, [0, 0], [batch, aux.classCount]) as tf.Tensor2D) : undefined;
      const { value, grads } = tf.variableGrads(() => {
        const raw = generatorForward(this.generator, input, true, moments);
        const fake = activate(raw, this.generator.spans, seeds.gumbel);
        const y = criticScores(this.critic, tf.concat([fake, c1], 1) as tf.Tensor2D, seeds.drop);
        let loss = tf.neg(tf.mean(y)) as tf.Scalar;
        if (targets) loss = tf.add(loss, conditionalCrossEntropy(raw, targets, this.conditioned)) as tf.Scalar;
        if (aux && classTarget) loss = tf.add(loss, auxiliaryLoss(aux, fake, classTarget)) as tf.Scalar;
        return loss;
      }, this.gVars);
      const t = this.optG.step + 1;
      const decay = Math.min(this.config.generatorAverage, (1 + t) / (10 + t));
      this.optG.apply(grads, this.average.length > 0 ? { targets: this.average, decay } : undefined);
      lossG = value.dataSync()[0]!;
    });
    updateRunningStats(this.generator, moments, batch);
    return lossG;
  }

  /** Release the optimizers' state (the networks belong to the caller). */
  dispose(): void {
    this.optG.dispose();
    this.optD.dispose();
    for (const v of this.average) v.dispose();
  }
}

/** A generator's trainable weights then its running statistics, in `generatorVariables` order (CtganTrainer.generatorSnapshot). */
export type GeneratorSnapshot = readonly Float32Array[];

function runningStatistics(g: Generator): tf.Variable[] {
  return g.blocks.flatMap(({ bn }) => [bn.movingMean, bn.movingVar]);
}

/** Put a `generatorSnapshot()` back into the generator (training it further afterwards is not meant). */
export function restoreGenerator(g: Generator, snapshot: GeneratorSnapshot): void {
  const variables = [...generatorVariables(g), ...runningStatistics(g)];
  if (snapshot.length !== variables.length || snapshot.some((a, i) => a.length !== variables[i]!.size)) throw new Error('ctgan: a generator snapshot does not fit this generator.');
  variables.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(snapshot[i]!, v.shape, 'float32'))));
}

/**
 * Pack-wise interpolations between real and fake rows for the WGAN-GP penalty: one mixing weight
 * per pack of `pac` rows.
 */
export function interpolate(real: tf.Tensor2D, fake: tf.Tensor2D, pac: number, alphaSeed: number): tf.Tensor2D {
  const [rows, width] = real.shape;
  const packs = rows / pac;
  const alpha = tf.randomUniform([packs, 1, 1], 0, 1, 'float32', alphaSeed);
  const r3 = tf.reshape(real, [packs, pac, width]);
  const f3 = tf.reshape(fake, [packs, pac, width]);
  return tf.reshape(tf.add(tf.mul(alpha, r3), tf.mul(tf.sub(1, alpha), f3)), [rows, width]) as tf.Tensor2D;
}

/**
 * CTGAN's conditional loss: cross-entropy of the generator's raw logits of the conditioned
 * categorical column against the condition's value, averaged over the batch. One fused kernel
 * where the backend has it; otherwise vectorised over all columns with two constant masks (see
 * conditionTargets) instead of one slice per column.
 */
function conditionalCrossEntropy(raw: tf.Tensor2D, targets: ConditionTargets, conditioned: readonly ConditionedSpan[]): tf.Scalar {
  if (hasKernel(SPAN_CROSS_ENTROPY)) {
    const attrs: SpanCrossEntropyAttrs = { starts: conditioned.map((s) => s.outputStart), widths: conditioned.map((s) => s.width) };
    return tf.engine().runKernel(SPAN_CROSS_ENTROPY, { logits: raw, target: targets.target }, attrs) as tf.Scalar;
  }
  const rows = raw.shape[0];
  const { span, outside, floor } = targets.masks();
  // Log-sum-exp over the chosen span only: shift by the span's max, push other columns to exp(-100).
  const shift = tf.max(tf.add(raw, outside), 1, true);
  const z = tf.add(tf.mul(tf.sub(raw, shift), span), floor);
  const lse = tf.add(tf.log(tf.sum(tf.mul(tf.exp(z), span), 1)), tf.reshape(shift, [rows]));
  const picked = tf.sum(tf.mul(targets.target, raw), 1);
  return tf.div(tf.sum(tf.sub(lse, picked)), rows) as tf.Scalar;
}

interface ConditionTargets {
  /** 1 at the output column of the conditioned value. */
  readonly target: tf.Tensor2D;
  /**
   * For the stock-op fallback: 1 over the conditioned column's whole span (`span`), and outside it
   * -1e9 (`outside`, for the max) and -100 (`floor`, for the exp).
   */
  masks(): { span: tf.Tensor2D; outside: tf.Tensor2D; floor: tf.Tensor2D };
}

/** The targets the conditional loss needs, built in JS from the batch's condition vectors. */
function conditionTargets(cond: Float32Array, batch: number, dataDim: number, conditioned: readonly ConditionedSpan[]): ConditionTargets {
  const condWidth = cond.length / batch;
  const target = new Float32Array(batch * dataDim);
  for (let r = 0; r < batch; r++) {
    for (const s of conditioned) {
      for (let j = 0; j < s.width; j++) {
        if (cond[r * condWidth + s.condStart + j] === 1) target[r * dataDim + s.outputStart + j] = 1;
      }
    }
  }
  return {
    target: tf.tensor2d(target, [batch, dataDim]),
    masks: () => {
      const span = new Float32Array(batch * dataDim);
      for (let r = 0; r < batch; r++) {
        for (const s of conditioned) {
          const at = r * dataDim + s.outputStart;
          if (target.subarray(at, at + s.width).some((t) => t === 1)) span.fill(1, at, at + s.width);
        }
      }
      const spanT = tf.tensor2d(span, [batch, dataDim]);
      const notSpan = tf.sub(1, spanT);
      return { span: spanT, outside: tf.mul(notSpan, -1e9) as tf.Tensor2D, floor: tf.mul(notSpan, -100) as tf.Tensor2D };
    },
  };
}

export interface LoopOptions {
  readonly epochs: number;
  readonly batch: number;
  readonly stepsPerEpoch: number;
  readonly signal?: AbortSignal | undefined;
  readonly progress?: ProgressSink | undefined;
  /** Epochs already completed (resuming from a checkpoint); their history entries are in `history`. */
  readonly startEpoch?: number;
  readonly history?: ReadonlyArray<Readonly<Record<string, number>>>;
  /** Extra entries for every epoch's history record (e.g. { fine_tune: 1 } for trainOn 'pretrain''s second phase). */
  readonly tag?: Readonly<Record<string, number>>;
  /** Called after every completed epoch with the epochs completed so far and the full history (checkpoints). */
  readonly onEpochEnd?: (completed: number, history: ReadonlyArray<Readonly<Record<string, number>>>, reason: EpochEndReason) => void;
}

/**
 * Why onEpochEnd is called: an epoch completed ('epoch'), the last one ('end'), or training was
 * aborted right after a completed epoch, before the next one changed any weight ('abort').
 */
export type EpochEndReason = 'epoch' | 'end' | 'abort';

/** Weight of the newest epoch in the smoothed Wasserstein estimate of the history. */
const W_SMOOTHING = 0.1;

/**
 * Run epochs `startEpoch + 1 .. epochs` of `stepsPerEpoch` steps, reporting progress and history per
 * epoch. Epoch e draws from `rng.fork('epoch:' + e)`. Stops between steps when `signal` is aborted;
 * the report then lists the epochs completed (a partly run epoch is not reported). Yields to the
 * event loop between epochs so that an abort (e.g. from a SIGINT handler) can arrive.
 *
 * History per epoch: loss_g, loss_d (critic loss without the penalty), `w_distance` (the critic's
 * Wasserstein estimate, mean D(real) - mean D(fake) = -loss_d), `w_distance_ema` (its exponential
 * moving average, weight 0.1) and rows/s. See docs/ctgan.md for how to read them.
 */
export async function runEpochs(trainer: CtganTrainer, data: Float32Array, dataDim: number, sampler: TrainingSampler, rng: Rng, opts: LoopOptions): Promise<FitReport> {
  const started = performance.now();
  const history: Array<Readonly<Record<string, number>>> = [...(opts.history ?? [])];
  let ema = history.length > 0 ? history[history.length - 1]!['w_distance_ema'] : undefined;
  let aborted = false;
  for (let epoch = opts.startEpoch ?? 0; epoch < opts.epochs && !aborted; epoch++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    const epochRng = rng.fork(`epoch:${epoch}`);
    const t0 = performance.now();
    let sumG = 0;
    let sumD = 0;
    let steps = 0;
    for (let s = 0; s < opts.stepsPerEpoch; s++) {
      if (opts.signal?.aborted) {
        aborted = true;
        break;
      }
      const losses = trainer.step(data, dataDim, sampler, opts.batch, epochRng);
      if (!Number.isFinite(losses.lossG) || !Number.isFinite(losses.lossD)) {
        throw new GanAugmentError('model', `ctgan: training diverged at epoch ${epoch + 1} (the loss is not a finite number).`, {
          hint: 'Try a smaller lr, a larger --batch-size, or another --seed.',
        });
      }
      sumG += losses.lossG;
      sumD += losses.lossD;
      steps++;
    }
    if (aborted) {
      if (steps === 0 && history.length > (opts.history?.length ?? 0)) opts.onEpochEnd?.(epoch, history, 'abort');
      break;
    }
    const seconds = (performance.now() - t0) / 1000;
    const w = -sumD / steps;
    ema = ema === undefined ? w : ema + W_SMOOTHING * (w - ema);
    const metrics = { epoch: epoch + 1, loss_g: sumG / steps, loss_d: sumD / steps, w_distance: w, w_distance_ema: ema, 'rows/s': (steps * opts.batch) / Math.max(seconds, 1e-9), ...opts.tag };
    history.push(metrics);
    opts.onEpochEnd?.(epoch + 1, history, epoch + 1 === opts.epochs ? 'end' : 'epoch');
    opts.progress?.({ phase: 'fit', done: epoch + 1, total: opts.epochs, unit: 'epoch', metrics });
  }
  return { epochs: history.length, seconds: (performance.now() - started) / 1000, history };
}
