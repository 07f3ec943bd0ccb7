/**
 * Adam for the DCGAN's two networks, one kernel call per variable.
 *
 * Why not `tf.train.adam`: written with stock ops it runs ~17 element-wise kernels per variable
 * (about 300 kernel calls and their engine bookkeeping per DCGAN step, for 17 variables).
 * gan-augment registers a fused `FusedAdam` kernel on the wasm and cpu backends
 * (src/backend/kernels/adam-update.ts) that does one variable's whole step in one pass; where it is
 * missing, the same formula runs with stock ops (the shared `Adam` of plugins/shared/adam.ts, which
 * ctgan uses too). The update is tfjs's Adam (epsilon 1e-7, the float32 backends' epsilon that `tf.train.adam` uses), with the bias corrections 1 − βᵗ computed
 * in float64 from the step number instead of as running float32 products.
 */
import * as tf from '@tensorflow/tfjs';
import { Adam } from '../shared/adam.js';

/** tfjs's Adam epsilon on the float32 backends (what `tf.train.adam` uses). */
const EPSILON = 1e-7;

export interface AdamSettings {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
}

/**
 * @example
 * const opt = new DcganAdam(vars, { lr: 5e-4, beta1: 0.5, beta2: 0.999 });
 * const loss = opt.minimize(() => lossOf(vars)); // one update; returns the loss
 * opt.dispose();
 */
export class DcganAdam {
  private readonly adam: Adam;

  constructor(
    private readonly vars: readonly tf.Variable[],
    settings: AdamSettings,
  ) {
    this.adam = new Adam(vars, { ...settings, epsilon: EPSILON, weightDecay: 0 });
  }

  /** One update of the variables towards a lower `loss()`; returns the loss (the caller disposes it). */
  minimize(loss: () => tf.Scalar): tf.Scalar {
    const { value, grads } = tf.variableGrads(loss, [...this.vars]);
    this.apply(grads);
    return value;
  }

  /** One update from gradients keyed by variable name (computed elsewhere); disposes them. */
  apply(grads: tf.NamedTensorMap): void {
    this.adam.apply(grads);
    tf.dispose(grads);
  }

  dispose(): void {
    this.adam.dispose();
  }
}
