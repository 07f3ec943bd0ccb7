/**
 * Adam with L2 weight decay added to the gradients (PyTorch's `Adam(weight_decay=...)`), holding its
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

  /** One update from `grads` (keyed by variable name, as tf.variableGrads returns them); disposes nothing it was given. */
  apply(grads: tf.NamedTensorMap): void {
    const { lr, beta1, beta2, epsilon, weightDecay } = this.config;
    const t = this.stepCount + 1;
    const correction1 = 1 - beta1 ** t;
    const correction2 = 1 - beta2 ** t;
    tf.tidy(() => {
      this.vars.forEach((x, i) => {
        let g = grads[x.name];
        if (!g) return;
        if (weightDecay !== 0) g = tf.add(g, tf.mul(x, weightDecay));
        const m = tf.add(tf.mul(this.m[i]!, beta1), tf.mul(g, 1 - beta1));
        const v = tf.add(tf.mul(this.v[i]!, beta2), tf.mul(tf.square(g), 1 - beta2));
        this.m[i]!.assign(m);
        this.v[i]!.assign(v);
        const update = tf.div(tf.div(m, correction1), tf.add(tf.sqrt(tf.div(v, correction2)), epsilon));
        x.assign(tf.sub(x, tf.mul(update, lr)));
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
