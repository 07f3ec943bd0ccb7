/**
 * The critic's gradients written out by hand: the critic step's WGAN-GP loss and its gradient
 * w.r.t. every critic weight, and the critic as a function of its input (with its input gradient)
 * for the generator step.
 *
 * Why not tfjs autodiff: the gradient penalty is a second-order gradient, and differentiating
 * tfjs's own backward pass runs ~30 matrix products and ~400 other kernels per critic step (every
 * op recorded twice on nested tapes, every saved tensor cloned, and gradients computed through the
 * LeakyReLU masks, which are piecewise constant and contribute exactly zero). For an MLP critic the
 * second-order terms have a closed form (below), 16 matrix products in all, with no tape at all.
 * `test/plugins/ctgan/critic-gradients.test.ts` checks both functions against tfjs autodiff.
 *
 * Notation: hidden layer l = 1..L computes z_l = h_{l−1}·W_l + b_l and h_l = z_l ⊙ M_l, where
 * M_l = s_l ⊙ r_l is the LeakyReLU slope (1 where z_l > 0, else 0.2) times the dropout multiplier
 * (0 or 2); the head gives y = h_L·W_h + b_h, one score per pack. The input gradient of Σy is
 *   δ_L = M_L ⊙ W_hᵀ,  A_l = δ_l·W_lᵀ,  δ_{l−1} = A_l ⊙ M_{l−1},  ∂Σy/∂x = A_1,
 * and with the penalty P = mean_p (‖A_1[p]‖ − 1)² and G = ∂P/∂A_1 (the masks have zero derivative):
 *   dA_1 = G;  dW_l = dA_lᵀ·δ_l;  dδ_l = dA_l·W_l;  dA_{l+1} = dδ_l ⊙ M_l;  dW_h = Σ_p (dδ_L ⊙ M_L)ᵀ.
 * The biases do not reach the penalty.
 */
import * as tf from '@tensorflow/tfjs';
import { DROPOUT, LEAKY_SLOPE, type Critic } from './networks.js';
import { fillDropoutMask } from './noise.js';

/**
 * Dropout multipliers of every hidden layer for `packs` packs: layer i uses seed + i, as
 * criticForward does; several (seed, packs) groups are stacked along the rows.
 */
export function dropoutMasks(c: Critic, groups: ReadonlyArray<{ readonly packs: number; readonly seed: number }>): tf.Tensor2D[] {
  const rows = groups.reduce((n, g) => n + g.packs, 0);
  return c.hidden.map((layer, i) => {
    const units = layer.w.shape[1]!;
    const values = new Float32Array(rows * units);
    let offset = 0;
    for (const g of groups) {
      fillDropoutMask(values, offset, g.packs * units, DROPOUT, g.seed + i);
      offset += g.packs * units;
    }
    return tf.tensor2d(values, [rows, units]);
  });
}

/** One forward pass's values the backward passes need. */
interface Pass {
  /** h_0 (the packed input), h_1, ..., h_L. */
  readonly h: tf.Tensor2D[];
  /** M_1, ..., M_L. */
  readonly masks: tf.Tensor2D[];
}

/** Pack `input` ([rows, width]) into [rows / pac, width · pac]. */
function packed(c: Critic, input: tf.Tensor2D): tf.Tensor2D {
  const [rows, width] = input.shape;
  return tf.reshape(input, [rows / c.pac, width * c.pac]);
}

function hiddenPass(c: Critic, x: tf.Tensor2D, dropout: readonly tf.Tensor2D[]): Pass {
  const h = [x];
  const masks: tf.Tensor2D[] = [];
  c.hidden.forEach((layer, i) => {
    // matMul then add, not a fused bias: XNNPACK caches its packed copy of W per (W, bias) pair, and
    // the penalty's backward multiplies by W without a bias, so this way W is packed once per step.
    const z = tf.add(tf.matMul(h[i]!, layer.w as tf.Tensor2D), layer.b) as tf.Tensor2D;
    const mask = tf.mul(tf.step(z, LEAKY_SLOPE), dropout[i]!) as tf.Tensor2D;
    masks.push(mask);
    h.push(tf.mul(z, mask) as tf.Tensor2D);
  });
  return { h, masks };
}

function head(c: Critic, pass: Pass): tf.Tensor2D {
  return tf.fused.matMul({ a: pass.h[pass.h.length - 1]!, b: c.head.w as tf.Tensor2D, bias: c.head.b }) as tf.Tensor2D;
}

/** Row vector W_hᵀ ([1, units]). */
function headRow(c: Critic): tf.Tensor2D {
  return tf.reshape(c.head.w, [1, c.head.w.size]);
}

/** Backward from the scores' gradient `dy` ([packs, 1]) to the packed input, weights untouched. */
function inputGradient(c: Critic, pass: Pass, dy: tf.Tensor2D): tf.Tensor2D {
  let dh = tf.mul(dy, headRow(c)) as tf.Tensor2D;
  for (let l = c.hidden.length; l >= 1; l--) {
    dh = tf.matMul(tf.mul(dh, pass.masks[l - 1]!) as tf.Tensor2D, c.hidden[l - 1]!.w as tf.Tensor2D, false, true);
  }
  return dh;
}

export interface CriticStepResult {
  /** mean D(fake) − mean D(real) (the loss without the penalty). */
  readonly wasserstein: tf.Scalar;
  /** Gradient of wasserstein + lambda · penalty, keyed by variable name (as tf.variableGrads). */
  readonly grads: tf.NamedTensorMap;
}

/**
 * The critic step's loss gradient, without a tape. `fake`, `real` and `mixed` are [rows, width]
 * (rows a multiple of pac); dropout seeds as criticForward takes them (layer i uses seed + i).
 */
export function criticStepGradients(
  c: Critic,
  fake: tf.Tensor2D,
  real: tf.Tensor2D,
  mixed: tf.Tensor2D,
  seeds: { readonly fake: number; readonly real: number; readonly penalty: number },
  lambda: number,
): CriticStepResult {
  const packs = fake.shape[0] / c.pac;
  const L = c.hidden.length;
  const add = (grads: Map<tf.Variable, tf.Tensor>, v: tf.Variable, g: tf.Tensor): void => {
    const prev = grads.get(v);
    grads.set(v, prev ? tf.add(prev, g) : g);
  };
  const grads = new Map<tf.Variable, tf.Tensor>();

  // WGAN part: fake and real packs in one pass; d(loss)/dy = +1/packs (fake), −1/packs (real).
  const both = hiddenPass(c, tf.concat([packed(c, fake), packed(c, real)], 0) as tf.Tensor2D, dropoutMasks(c, [{ packs, seed: seeds.fake }, { packs, seed: seeds.real }]));
  const y = head(c, both);
  const sign = new Float32Array(2 * packs);
  sign.fill(1 / packs, 0, packs);
  sign.fill(-1 / packs, packs);
  const dy = tf.tensor2d(sign, [2 * packs, 1]);
  const wasserstein = tf.sum(tf.mul(y, dy)) as tf.Scalar;
  add(grads, c.head.w, tf.matMul(both.h[L]!, dy, true, false));
  add(grads, c.head.b, tf.sum(dy, 0));
  // Each hidden weight's gradient is a sum of products (input rows)ᵀ·(output-side rows): the WGAN
  // part's and the penalty's. They are collected per layer and done as one product of the stacked
  // rows, which is cheaper than two (each writes the whole weight-sized output) plus their sum.
  const left: tf.Tensor2D[][] = c.hidden.map(() => []);
  const right: tf.Tensor2D[][] = c.hidden.map(() => []);
  let dh = tf.mul(dy, headRow(c)) as tf.Tensor2D;
  for (let l = L; l >= 1; l--) {
    const dz = tf.mul(dh, both.masks[l - 1]!) as tf.Tensor2D;
    const layer = c.hidden[l - 1]!;
    left[l - 1]!.push(both.h[l - 1]!);
    right[l - 1]!.push(dz);
    add(grads, layer.b, tf.sum(dz, 0));
    if (l > 1) dh = tf.matMul(dz, layer.w as tf.Tensor2D, false, true);
  }

  // Gradient penalty on the mixed packs (closed form, see the file comment).
  if (L > 0 && lambda !== 0) {
    const pen = hiddenPass(c, packed(c, mixed), dropoutMasks(c, [{ packs, seed: seeds.penalty }]));
    const delta: tf.Tensor2D[] = new Array<tf.Tensor2D>(L + 1);
    delta[L] = tf.mul(pen.masks[L - 1]!, headRow(c)) as tf.Tensor2D;
    let a = tf.matMul(delta[L]!, c.hidden[L - 1]!.w as tf.Tensor2D, false, true);
    for (let l = L - 1; l >= 1; l--) {
      delta[l] = tf.mul(a, pen.masks[l - 1]!) as tf.Tensor2D;
      a = tf.matMul(delta[l]!, c.hidden[l - 1]!.w as tf.Tensor2D, false, true);
    }
    // a = ∂Σy/∂x per pack; P = mean (‖a‖ − 1)²; G = λ · 2 (‖a‖ − 1) / (packs ‖a‖) · a.
    const norm = tf.sqrt(tf.add(tf.sum(tf.square(a), 1, true), 1e-12));
    const scale = tf.div(tf.mul(tf.sub(norm, 1), (2 * lambda) / packs), norm);
    let dA = tf.mul(a, scale) as tf.Tensor2D;
    for (let l = 1; l <= L; l++) {
      const layer = c.hidden[l - 1]!;
      left[l - 1]!.push(dA);
      right[l - 1]!.push(delta[l]!);
      const dDelta = tf.matMul(dA, layer.w as tf.Tensor2D);
      if (l < L) dA = tf.mul(dDelta, pen.masks[l - 1]!) as tf.Tensor2D;
      else add(grads, c.head.w, tf.reshape(tf.sum(tf.mul(dDelta, pen.masks[L - 1]!), 0), c.head.w.shape));
    }
  }
  c.hidden.forEach((layer, i) => {
    const stack = (parts: tf.Tensor2D[]): tf.Tensor2D => (parts.length === 1 ? parts[0]! : (tf.concat(parts, 0) as tf.Tensor2D));
    add(grads, layer.w, tf.matMul(stack(left[i]!), stack(right[i]!), true, false));
  });
  return { wasserstein, grads: Object.fromEntries([...grads].map(([v, g]) => [v.name, g])) };
}

/**
 * The critic's scores of [rows, width] `input` (packed by pac), differentiable w.r.t. `input`
 * only (the critic's weights are constants here: the generator step does not train them).
 */
export function criticScores(c: Critic, input: tf.Tensor2D, dropoutSeed: number): tf.Tensor2D {
  const fn = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const x = args[0] as tf.Tensor2D;
    const save = args[1] as tf.GradSaveFunc;
    const pass = hiddenPass(c, packed(c, x), dropoutMasks(c, [{ packs: x.shape[0]! / c.pac, seed: dropoutSeed }]));
    save(pass.masks);
    return {
      value: head(c, pass),
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => tf.reshape(inputGradient(c, { h: [], masks: saved as tf.Tensor2D[] }, dy), x.shape),
    };
  });
  return fn(input) as tf.Tensor2D;
}
