/**
 * Adam for the DCGAN's two networks, one kernel call per variable.
 *
 * Why not `tf.train.adam`: written with stock ops it runs ~17 element-wise kernels per variable
 * (about 300 kernel calls and their engine bookkeeping per DCGAN step, for 17 variables).
 * gan-augment registers a fused `FusedAdam` kernel on the wasm and cpu backends
 * (src/backend/kernels/adam-update.ts) that does one variable's whole step in one pass; where it is
 * missing, the same formula runs with stock ops. The update is tfjs's Adam (epsilon 1e-7, the
 * float32 backends' epsilon that `tf.train.adam` uses), with the bias corrections 1 − βᵗ computed
 * in float64 from the step number instead of as running float32 products.
 */
import * as tf from '@tensorflow/tfjs';

/** gan-augment's fused Adam kernel (x, g, m, v → x', m', v'). */
const FUSED_ADAM = 'FusedAdam';
const EPSILON = 1e-7;

export interface AdamSettings {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
}

type StepAttrs = AdamSettings & { readonly epsilon: number; readonly weightDecay: number; readonly step: number };

/** The fused kernel's step with stock ops: [x', m', v']. */
function adamWithStockOps(x: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, a: StepAttrs): tf.Tensor[] {
  const m1 = tf.add(tf.mul(m, a.beta1), tf.mul(g, 1 - a.beta1));
  const v1 = tf.add(tf.mul(v, a.beta2), tf.mul(tf.square(g), 1 - a.beta2));
  const update = tf.div(tf.div(m1, 1 - a.beta1 ** a.step), tf.add(tf.sqrt(tf.div(v1, 1 - a.beta2 ** a.step)), a.epsilon));
  return [tf.sub(x, tf.mul(update, a.lr)), m1, v1];
}

/**
 * @example
 * const opt = new DcganAdam(vars, { lr: 5e-4, beta1: 0.5, beta2: 0.999 });
 * const loss = opt.minimize(() => lossOf(vars)); // one update; returns the loss
 * opt.dispose();
 */
export class DcganAdam {
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private step = 0;

  constructor(
    private readonly vars: readonly tf.Variable[],
    private readonly settings: AdamSettings,
  ) {
    this.m = vars.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x), false)));
    this.v = vars.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x), false)));
  }

  /** One update of the variables towards a lower `loss()`; returns the loss (the caller disposes it). */
  minimize(loss: () => tf.Scalar): tf.Scalar {
    const { value, grads } = tf.variableGrads(loss, [...this.vars]);
    this.step++;
    const attrs: StepAttrs = { ...this.settings, epsilon: EPSILON, weightDecay: 0, step: this.step };
    const fused = tf.getKernel(FUSED_ADAM, tf.getBackend()) !== undefined;
    tf.tidy(() => {
      this.vars.forEach((x, i) => {
        const g = grads[x.name];
        if (!g) return;
        const [m, v] = [this.m[i]!, this.v[i]!];
        const outs = fused ? (tf.engine().runKernel(FUSED_ADAM, { x, g, m, v }, { ...attrs }) as tf.Tensor[]) : adamWithStockOps(x, g, m, v, attrs);
        x.assign(outs[0]!);
        m.assign(outs[1]!);
        v.assign(outs[2]!);
      });
    });
    tf.dispose(grads);
    return value;
  }

  dispose(): void {
    for (const x of [...this.m, ...this.v]) x.dispose();
  }
}
