/**
 * `Conv2DBackpropInput` (transposed convolution, and the input gradient of Conv2D) as one stride-1
 * convolution followed by a depth-to-space interleave.
 *
 * Why: tfjs-backend-wasm 4.22 runs it as a naive C++ loop, and every DCGAN generator layer and
 * every conv backward pass uses it. With stride s and a kernel of size K = m·s, each output phase
 * (r_h, r_w) ∈ [0, s)² is a stride-1 correlation of dy with an m×m slice of the flipped kernel;
 * computing all s² phases as s²·ci output channels of one XNNPACK Conv2D and interleaving them
 * (depth-to-space, done as one transpose) gives the full result. Kernels whose size is not a multiple of the stride are
 * zero-padded to the next multiple first (the extra taps add exact zeros), so the same path is
 * correct for every size; channels-first input is left to the stock kernel. When dx has 8+
 * channels and every phase yields H/s x W/s outputs (DCGAN's layers), each phase runs as its own
 * conv over exactly the positions dx keeps (see `phaseByPhase`).
 *
 * Index derivation (rows; columns are the same): dx[i] = Σ dy[o]·W[k] over o·s + k − padTop = i.
 * With u = i + padTop, k = s·a + r: r = u mod s and o = ⌊u/s⌋ − a, so
 * U[u] = Σ_a dy[⌊u/s⌋ − a] · W[s·a + r], a full correlation of dy with the a-reversed kernel.
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import type { KernelCase } from './custom-kernel.js';
import { fastPathOrStock, type KernelArgs } from './define-kernel.js';
import { wholeBuffer } from './concat.js';
import type { KernelCaller, Numeric } from './kernel-call.js';
import { simdLoopsFor } from './wasm-simd.js';

type Rounding = 'floor' | 'round' | 'ceil' | undefined;
type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;

/** dx by phase convolutions; undefined (the stock kernel) for channels-first input. */
function phaseConvolution(args: KernelArgs, k: KernelCaller): TensorInfo | undefined {
  const attrs = args.attrs ?? {};
  if (attrs['dataFormat'] === 'NCHW') return undefined;
  const dy = args.inputs['dy'] as TensorInfo;
  const filter = args.inputs['filter'] as TensorInfo;
  const inputShape = attrs['inputShape'] as [number, number, number, number];
  const [kh, kw, inCh, outCh] = filter.shape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    [kh, kw, inCh, outCh],
    attrs['strides'] as [number, number] | number,
    1,
    attrs['pad'] as Pad,
    attrs['dimRoundingMode'] as Rounding,
    false,
    'channelsLast',
  );
  const { strideHeight: sh, strideWidth: sw } = info;
  const [batch, height, width] = inputShape;
  const mh = Math.ceil(kh / sh);
  const mw = Math.ceil(kw / sw);
  // Few input channels: s² convolutions with ci outputs each use XNNPACK poorly (2.8 ms
  // instead of 1.0 ms for DCGAN's 14x14x32 -> 28x28x1 layer); the one-conv path wins.
  const split = inCh < PHASE_SPLIT_MIN_CHANNELS ? undefined : splitPhases(info.padInfo.top, height, sh, mh, info.outHeight, info.padInfo.left, width, sw, mw, info.outWidth);
  if (split !== undefined) return phaseByPhase(k, dy, filter, [batch, height, width, inCh], split);
  const owned: TensorInfo[] = [];
  try {
    // 1-2. Phase-split, flip and lay out the kernel as a [mh, mw, co, sh·sw·ci] stride-1 filter,
    // zero where the kernel is padded to a multiple of the stride. A JS loop over the (small)
    // kernel: tfjs-wasm's Reverse and rank-6 Transpose take ~20 ms each on a 4x4x64x128 kernel.
    const phaseFilter = k.alloc([mh, mw, outCh, sh * sw * inCh]);
    owned.push(phaseFilter);
    phaseFilterValues(k.view(filter), kh, kw, inCh, outCh, sh, sw, mh, mw, k.view(phaseFilter));
    // 3. One full stride-1 correlation: Z[b, q, q', (rh, rw, ci)].
    const z = k.run(
      'Conv2D',
      { x: dy, filter: phaseFilter },
      { strides: [1, 1], dilations: [1, 1], pad: [[0, 0], [mh - 1, mh - 1], [mw - 1, mw - 1], [0, 0]], dataFormat: 'NHWC' },
    );
    owned.push(z);
    const [, qh, qw] = z.shape as [number, number, number, number];
    // 4. Interleave the phases back into space: U[b, q·sh + rh, q'·sw + rw, ci].
    // (A rank-6 transpose: tfjs-wasm's DepthToSpace is ~50x slower for the same reordering.)
    const z6 = k.reshape(z, [batch, qh, qw, sh, sw, inCh]);
    owned.push(z6);
    const zt = k.transpose(z6, [0, 1, 3, 2, 4, 5]);
    owned.push(zt);
    let u = k.reshape(zt, [batch, qh * sh, qw * sw, inCh]);
    owned.push(u);
    // 5. dx[i] = U[i + padTop]; rows past U's end received no contribution (zero).
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    const extraH = Math.max(0, top + height - qh * sh);
    const extraW = Math.max(0, left + width - qw * sw);
    if (extraH > 0 || extraW > 0) {
      u = k.run('PadV2', { x: u }, { paddings: [[0, 0], [0, extraH], [0, extraW], [0, 0]], constantValue: 0 });
      owned.push(u);
    }
    if (top === 0 && left === 0 && qh * sh === height && qw * sw === width) {
      owned.pop();
      return u;
    }
    return k.run('Slice', { x: u }, { begin: [0, top, left, 0], size: [batch, height, width, inCh] });
  } finally {
    k.free(...owned);
  }
}

/** Fewest input channels (dx channels) for which the phase-by-phase path is used. */
const PHASE_SPLIT_MIN_CHANNELS = 8;

/** One output phase (rh, rw): its explicit padding of dy and where its rows/columns land in dx. */
interface Phase {
  readonly rh: number;
  readonly rw: number;
  readonly pad: [[number, number], [number, number], [number, number], [number, number]];
  /** dx row of the phase's first output row (then every sh-th row), and the same for columns. */
  readonly rowOffset: number;
  readonly colOffset: number;
}

interface PhaseAxis {
  readonly r: number;
  readonly before: number;
  readonly after: number;
  readonly offset: number;
}

/**
 * Phase ranges along one axis: for phase r the needed U indices u = q·s + r ∈ [top, top + size)
 * give q ∈ [qmin, qmax]; a stride-1 correlation of dy (length `outSize`) padded by
 * before = m − 1 − qmin and after = qmax − qmin + m − outSize − before yields exactly those q, and
 * q lands on dx row (q − qmin)·s + offset. Undefined when the phases do not each produce size/s
 * outputs or a padding would be negative (then the one-conv path runs).
 */
function phaseAxis(top: number, size: number, s: number, m: number, outSize: number): PhaseAxis[] | undefined {
  if (size % s !== 0) return undefined;
  const count = size / s;
  const axis: PhaseAxis[] = [];
  for (let r = 0; r < s; r++) {
    const qmin = Math.ceil((top - r) / s);
    const qmax = Math.floor((top + size - 1 - r) / s);
    if (qmax - qmin + 1 !== count) return undefined;
    const before = m - 1 - qmin;
    const after = qmax - qmin + m - outSize - before;
    if (before < 0 || after < 0) return undefined;
    axis.push({ r, before, after, offset: qmin * s + r - top });
  }
  return axis;
}

/** The phases of the phase-by-phase path, or undefined when it does not apply (exported for tests). */
export function splitPhases(top: number, height: number, sh: number, mh: number, outH: number, left: number, width: number, sw: number, mw: number, outW: number): Phase[] | undefined {
  if (sh === 1 && sw === 1) return undefined;
  const rows = phaseAxis(top, height, sh, mh, outH);
  const cols = phaseAxis(left, width, sw, mw, outW);
  if (rows === undefined || cols === undefined) return undefined;
  const phases: Phase[] = [];
  for (const a of rows) {
    for (const b of cols) {
      phases.push({ rh: a.r, rw: b.r, pad: [[0, 0], [a.before, a.after], [b.before, b.after], [0, 0]], rowOffset: a.offset, colOffset: b.offset });
    }
  }
  return phases;
}

/**
 * Each of the s² phases as its own stride-1 Conv2D that computes only the rows and columns dx
 * keeps (the one-conv path computes (OH + m − 1)² positions per phase where (H/s)² are kept: 31%
 * extra work for DCGAN's 4x4 stride-2 layers), then interleaves them: one WebAssembly copy loop
 * per phase (wasm-simd.ts `copy_runs`) instead of one `copyWithin` call per pixel (no difference
 * measurable in the kernel's time on the loaded machine; fewer instructions), or the JavaScript
 * pass below where channels are not a multiple of 4.
 */
function phaseByPhase(k: KernelCaller, dy: TensorInfo, filter: TensorInfo, outShape: [number, number, number, number], phases: readonly Phase[]): TensorInfo {
  const [kh, kw, inCh, outCh] = filter.shape as [number, number, number, number];
  const [batch, height, width] = outShape;
  const sh = Math.max(...phases.map((p) => p.rh)) + 1;
  const sw = Math.max(...phases.map((p) => p.rw)) + 1;
  const mh = Math.ceil(kh / sh);
  const mw = Math.ceil(kw / sw);
  const owned: TensorInfo[] = [];
  try {
    const filters = phases.map(() => k.alloc([mh, mw, outCh, inCh]));
    owned.push(...filters);
    const w = k.view(filter);
    phases.forEach((p, i) => singlePhaseFilter(w, kh, kw, inCh, outCh, sh, sw, mh, mw, p.rh, p.rw, k.view(filters[i]!)));
    const parts = phases.map((p, i) => {
      const z = k.run('Conv2D', { x: dy, filter: filters[i]! }, { strides: [1, 1], dilations: [1, 1], pad: p.pad, dataFormat: 'NHWC' });
      owned.push(z);
      return z;
    });
    const out = k.alloc(outShape);
    const dst = k.view(out);
    const nh = height / sh;
    const nw = width / sw;
    const loops = inCh % 4 === 0 ? simdLoopsFor(k.backend) : null;
    phases.forEach((p, i) => {
      const src = k.view(parts[i]!);
      // Pixel (b, j, l) of the phase goes to dx[b, j·sh + rowOffset, l·sw + colOffset]: with
      // height = nh·sh, rows (b, j) are sh·width pixels apart, so one call of the SIMD copy.
      const pixel = inCh * 4;
      const to = dst.byteOffset + (p.rowOffset * width + p.colOffset) * pixel;
      if (loops && src.buffer === dst.buffer) loops.copyRuns(src.byteOffset, to, pixel, nw, sw * pixel, batch * nh, sh * width * pixel);
      else interleavePhase(src, dst, batch, height, width, inCh, nh, nw, sh, sw, p);
    });
    return out;
  } finally {
    k.free(...owned);
  }
}

/**
 * Phase p's outputs (pixels of inCh values) into their places in dx, every sh-th row and sw-th
 * column from (rowOffset, colOffset). Within one (wasm) heap each pixel moves with copyWithin:
 * 0.6 ms for DCGAN's 64x14x14x32, where a view and a set() per pixel take 0.8 and element copies 1.5.
 */
function interleavePhase(src: Numeric, dst: Numeric, batch: number, height: number, width: number, inCh: number, nh: number, nw: number, sh: number, sw: number, p: Phase): void {
  const heap = src.buffer === dst.buffer ? wholeBuffer(dst) : undefined;
  const srcBase = heap ? src.byteOffset / src.BYTES_PER_ELEMENT : 0;
  const dstBase = heap ? dst.byteOffset / dst.BYTES_PER_ELEMENT : 0;
  let from = 0;
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < nh; j++) {
      let to = ((b * height + j * sh + p.rowOffset) * width + p.colOffset) * inCh;
      for (let l = 0; l < nw; l++, to += sw * inCh, from += inCh) {
        if (heap) heap.copyWithin(dstBase + to, srcBase + from, srcBase + from + inCh);
        else dst.set(src.subarray(from, from + inCh), to);
      }
    }
  }
}

/** F_r[i, i', co, ci] = W[sh·(mh−1−i) + rh, sw·(mw−1−i') + rw, ci, co], zero past the kernel's edge. */
function singlePhaseFilter(w: Numeric, kh: number, kw: number, inCh: number, outCh: number, sh: number, sw: number, mh: number, mw: number, rh: number, rw: number, out: Numeric): void {
  out.fill(0);
  for (let i = 0; i < mh; i++) {
    const r = sh * (mh - 1 - i) + rh;
    if (r >= kh) continue;
    for (let j = 0; j < mw; j++) {
      const c = sw * (mw - 1 - j) + rw;
      if (c >= kw) continue;
      const src = (r * kw + c) * inCh * outCh;
      const dstBase = (i * mw + j) * outCh * inCh;
      for (let ci = 0; ci < inCh; ci++) {
        const srcRow = src + ci * outCh;
        for (let co = 0; co < outCh; co++) out[dstBase + co * inCh + ci] = w[srcRow + co]!;
      }
    }
  }
}

/** F[i, i', co, (rh, rw, ci)] = W[sh·(mh−1−i) + rh, sw·(mw−1−i') + rw, ci, co], zero past the kernel's edge. */
function phaseFilterValues(w: Numeric, kh: number, kw: number, inCh: number, outCh: number, sh: number, sw: number, mh: number, mw: number, out: Numeric): void {
  out.fill(0);
  const phases = sh * sw * inCh;
  for (let i = 0; i < mh; i++) {
    for (let rh = 0; rh < sh; rh++) {
      const r = sh * (mh - 1 - i) + rh;
      if (r >= kh) continue;
      for (let j = 0; j < mw; j++) {
        for (let rw = 0; rw < sw; rw++) {
          const c = sw * (mw - 1 - j) + rw;
          if (c >= kw) continue;
          const src = (r * kw + c) * inCh * outCh;
          const dstBase = (i * mw + j) * outCh * phases + (rh * sw + rw) * inCh;
          for (let ci = 0; ci < inCh; ci++) {
            const srcRow = src + ci * outCh;
            for (let co = 0; co < outCh; co++) out[dstBase + co * phases + ci] = w[srcRow + co]!;
          }
        }
      }
    }
  }
}

const CASES: KernelCase[] = [
  { inputs: { dy: [2, 3, 3, 4], filter: [4, 4, 2, 4] }, attrs: { strides: 2, pad: 'same', dataFormat: 'NHWC', inputShape: [2, 6, 6, 2] } },
  { inputs: { dy: [1, 3, 2, 2], filter: [3, 3, 3, 2] }, attrs: { strides: 2, pad: 'valid', dataFormat: 'NHWC', inputShape: [1, 7, 6, 3] } },
  { inputs: { dy: [2, 5, 5, 3], filter: [3, 3, 1, 3] }, attrs: { strides: 1, pad: 'same', dataFormat: 'NHWC', inputShape: [2, 5, 5, 1] } },
  // 8 dx channels: the phase-by-phase path.
  { inputs: { dy: [1, 3, 3, 4], filter: [4, 4, 8, 4] }, attrs: { strides: 2, pad: 'same', dataFormat: 'NHWC', inputShape: [1, 6, 6, 8] } },
];

export const conv2dBackpropInput = fastPathOrStock({
  id: 'Conv2DBackpropInput(phase-conv)',
  kernelName: 'Conv2DBackpropInput',
  selfTestCases: CASES,
  fastPath: phaseConvolution,
});
