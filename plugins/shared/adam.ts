/**
 * Adam for the GAN plugins (ctgan, dcgan), with L2 weight decay added to the gradients (PyTorch's
 * `Adam(weight_decay=...)`), holding its
 * whole state in the open — first and second moments per variable and the step counter — so a
 * checkpoint can save it and restore it exactly.
 *
 * Hand-written rather than `tf.train.adam`: tfjs's Adam keeps its bias-correction terms as running
 * float32 products that `setWeights` recomputes with `pow` (not bit-identical, so a resumed run would
 * drift from an uninterrupted one), indexes its moments by the order of the gradient map's keys, and
 * does not release the slots it replaces. Here the bias correction is computed from the step counter
 * in float64 on every step, so the state is exactly (step, m, v).
 */
import * as tf from '@tensorflow/tfjs';
import { FUSED_ADAM, type FusedAdamAttrs } from '../../src/kernel-contracts.js';

export interface AdamConfig {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
}

/** Plain copy of an optimizer's state, in the order of the variables it was built with. */
export interface AdamState {
  readonly step: number;
  readonly m: readonly Float32Array[];
  readonly v: readonly Float32Array[];
}

/** Running averages of the optimised variables (same order), and this step's decay. */
export interface RunningAverage {
  readonly targets: readonly tf.Variable[];
  readonly decay: number;
}

/**
 * The fused Adam kernel's step (one kernel per variable instead of ~17) with stock ops, for
 * backends where it is missing: outputs [x', m', v'] (+ average').
 */
function adamWithStockOps(inputs: Record<string, tf.Tensor>, a: FusedAdamAttrs): tf.Tensor[] {
  const { x, g: g0, m, v, average } = inputs as Record<string, tf.Tensor> & { x: tf.Tensor; g: tf.Tensor; m: tf.Tensor; v: tf.Tensor };
  const g = a.weightDecay !== 0 ? tf.add(g0, tf.mul(x, a.weightDecay)) : g0;
  const m1 = tf.add(tf.mul(m, a.beta1), tf.mul(g, 1 - a.beta1));
  const v1 = tf.add(tf.mul(v, a.beta2), tf.mul(tf.square(g), 1 - a.beta2));
  const update = tf.div(tf.div(m1, 1 - a.beta1 ** a.step), tf.add(tf.sqrt(tf.div(v1, 1 - a.beta2 ** a.step)), a.epsilon));
  const x1 = tf.sub(x, tf.mul(update, a.lr));
  return average ? [x1, m1, v1, tf.add(tf.mul(average, a.averageDecay), tf.mul(x1, 1 - a.averageDecay))] : [x1, m1, v1];
}

export class Adam {
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private stepCount = 0;

  constructor(
    private readonly vars: readonly tf.Variable[],
    private readonly config: AdamConfig,
  ) {
    this.m = vars.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x), false)));
    this.v = vars.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x), false)));
  }

  /** Steps taken so far. */
  get step(): number {
    return this.stepCount;
  }

  /**
   * One update from `grads` (keyed by variable name, as tf.variableGrads returns them); disposes
   * nothing it was given. With `average`, each variable's running average (`average.targets[i]`
   * for variable i) then moves to decay·average + (1 − decay)·updated weights.
   */
  apply(grads: tf.NamedTensorMap, average?: RunningAverage): void {
    const t = this.stepCount + 1;
    const attrs: FusedAdamAttrs = { ...this.config, step: t, averageDecay: average?.decay ?? 0 };
    const fused = tf.getKernel(FUSED_ADAM, tf.getBackend()) !== undefined;
    tf.tidy(() => {
      this.vars.forEach((x, i) => {
        const g = grads[x.name];
        if (!g) return;
        const avg = average?.targets[i];
        const inputs: Record<string, tf.Tensor> = { x, g, m: this.m[i]!, v: this.v[i]!, ...(avg ? { average: avg } : {}) };
        const outs = fused ? (tf.engine().runKernel(FUSED_ADAM, inputs, attrs) as tf.Tensor[]) : adamWithStockOps(inputs, attrs);
        x.assign(outs[0]!);
        this.m[i]!.assign(outs[1]!);
        this.v[i]!.assign(outs[2]!);
        if (avg) avg.assign(outs[3]!);
      });
    });
    this.stepCount = t;
  }

  /** A copy of the state (for a checkpoint). */
  state(): AdamState {
    return { step: this.stepCount, m: this.m.map((x) => x.dataSync().slice() as Float32Array), v: this.v.map((x) => x.dataSync().slice() as Float32Array) };
  }

  /** Overwrite the state; false (and nothing changed) when it does not fit these variables. */
  restore(state: AdamState): boolean {
    const fits = (list: readonly Float32Array[]): boolean => list.length === this.vars.length && list.every((a, i) => a.length === this.vars[i]!.size);
    if (!Number.isInteger(state.step) || state.step < 0 || !fits(state.m) || !fits(state.v)) return false;
    this.vars.forEach((x, i) => {
      tf.tidy(() => {
        this.m[i]!.assign(tf.tensor(state.m[i]!, x.shape, 'float32'));
        this.v[i]!.assign(tf.tensor(state.v[i]!, x.shape, 'float32'));
      });
    });
    this.stepCount = state.step;
    return true;
  }

  dispose(): void {
    for (const x of [...this.m, ...this.v]) x.dispose();
  }
}
