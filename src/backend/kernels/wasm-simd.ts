/**
 * Loops of our own in WebAssembly (element-wise f32x4 loops, and a row copy), run on the wasm
 * backend's own memory.
 *
 * Why: a fused kernel written as a JavaScript loop runs ~3x slower per element than tfjs-wasm's
 * SIMD kernels (measured: a bit-exact Adam loop over 1320x256 values, 3.8 vs 2.7 ms), and as a
 * chain of those kernels it makes one pass, and one [rows, cols] intermediate, per operation.
 * A loop of `f32x4` instructions does all of it in one pass at SIMD speed.
 *
 * The module is assembled here from a few dozen opcodes (no toolchain, no binary in the repo) and
 * instantiated once per WebAssembly.Memory, importing tfjs-wasm's memory, so it reads and writes
 * tensors where they live (a tensor's address is its heap view's byteOffset). Every f32x4
 * operation is IEEE single precision per lane, the same arithmetic as the scalar or XNNPACK
 * kernels it replaces, so a loop that performs the same operations in the same order gives the
 * same bits (the tests check it against those kernels).
 */

/** f32x4 operations (after the 0xFD prefix) and the few others the loops use. */
const OP = {
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Const: 0x41,
  i32Add: 0x6a,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Xor: 0x73,
  i32Shl: 0x74,
  i32ShrU: 0x76,
  i32Rotl: 0x77,
  i32Eq: 0x46,
  i32Eqz: 0x45,
  i32GeU: 0x4f,
  i32GtU: 0x4b,
  i32LtU: 0x49,
  i32GeS: 0x4e,
  i32Sub: 0x6b,
  if: 0x04,
  else: 0x05,
  return: 0x0f,
  call: 0x10,
  select: 0x1b,
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  simd: 0xfd,
} as const;
const SIMD = { load: 0x00, shuffle: 0x0d, store: 0x0b, splat: 0x13, i32Splat: 0x11, i32ReplaceLane: 0x1c, i32GeS: 0x3f, and: 0x4e, ne: 0x42, gt: 0x44, bitselect: 0x52, sqrt: 0xe3, add: 0xe4, sub: 0xe5, mul: 0xe6, div: 0xe7, max: 0xe9 } as const;
type SimdOp = Exclude<keyof typeof SIMD, 'load' | 'shuffle' | 'store' | 'splat' | 'i32Splat' | 'i32ReplaceLane' | 'i32GeS' | 'and'>;
const TYPE = { i32: 0x7f, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

/**
 * Builds one function body. Parameters: i32 addresses, the i32 byte count, the i32 row length in
 * bytes, then f32 scalars; `v(...)` names v128 locals. The loop runs over the byte range
 * [0, count) 16 bytes (4 floats) at a time; `col` is the offset within a row (it wraps at the row
 * length), for per-channel vectors of a row-major [rows, channels] matrix.
 */
class Body {
  readonly code: number[] = [];
  private readonly vLocals = new Map<string, number>();
  private readonly firstV: number;
  /** The i32 loop offset and column offset (bytes). */
  private readonly at: number;
  private readonly col: number;

  constructor(
    readonly pointers: readonly string[],
    readonly scalars: readonly string[],
  ) {
    // params: pointers, count, row bytes, scalars; locals: at, col (i32), then v128s.
    this.at = pointers.length + 2 + scalars.length;
    this.col = this.at + 1;
    this.firstV = this.at + 2;
  }

  get params(): number[] {
    return [...this.pointers.map(() => TYPE.i32), TYPE.i32, TYPE.i32, ...this.scalars.map(() => TYPE.f32)];
  }

  private v(label: string): number {
    let index = this.vLocals.get(label);
    if (index === undefined) {
      index = this.firstV + this.vLocals.size;
      this.vLocals.set(label, index);
    }
    return index;
  }

  private address(p: string, perChannel: boolean): number[] {
    const i = this.pointers.indexOf(p);
    if (i < 0) throw new Error(`wasm-simd: no pointer ${p}`);
    return [OP.localGet, ...uleb(i), OP.localGet, ...uleb(perChannel ? this.col : this.at), OP.i32Add];
  }

  /** The scalar parameter `s` in all four lanes, into v128 local `s`. */
  splat(s: string): void {
    this.code.push(OP.localGet, ...uleb(this.pointers.length + 2 + this.scalars.indexOf(s)), OP.simd, ...uleb(SIMD.splat), OP.localSet, ...uleb(this.v(s)));
  }

  /** Push 4 floats at pointer `p` + the element offset (or + the column offset when `perChannel`). */
  load(p: string, perChannel = false): this {
    this.code.push(...this.address(p, perChannel), OP.simd, ...uleb(SIMD.load), 0, 0);
    return this;
  }

  get(label: string): this {
    this.code.push(OP.localGet, ...uleb(this.v(label)));
    return this;
  }

  /** Pop into v128 local `label`, keeping it on the stack when `keep`. */
  set(label: string, keep = false): this {
    this.code.push(keep ? OP.localTee : OP.localSet, ...uleb(this.v(label)));
    return this;
  }

  op(o: SimdOp): this {
    this.code.push(OP.simd, ...uleb(SIMD[o]));
    return this;
  }

  /** Store v128 local `label` at pointer `p` + the element (or column) offset. */
  store(p: string, label: string, perChannel = false): void {
    this.code.push(...this.address(p, perChannel), OP.localGet, ...uleb(this.v(label)), OP.simd, ...uleb(SIMD.store), 0, 0);
  }

  /** p[col] += the vector on the stack (per-channel sums in row order). */
  accumulate(p: string): void {
    this.set('_term').load(p, true).get('_term').op('add').set('_sum');
    this.store(p, '_sum', true);
  }

  /** The whole function: splats, then `step` inside the 16-byte loop. */
  assemble(step: (b: Body) => void): number[] {
    const prologue = this.code.splice(0);
    step(this);
    const inner = this.code.splice(0);
    const count = this.pointers.length;
    const rowBytes = count + 1;
    const body = [
      ...prologue,
      OP.block, 0x40, OP.loop, 0x40,
      OP.localGet, ...uleb(this.at), OP.localGet, ...uleb(count), OP.i32GeU, OP.brIf, 1,
      ...inner,
      OP.localGet, ...uleb(this.at), OP.i32Const, ...sleb(16), OP.i32Add, OP.localSet, ...uleb(this.at),
      // col = col + 16 == rowBytes ? 0 : col + 16
      OP.i32Const, 0, OP.localGet, ...uleb(this.col), OP.i32Const, ...sleb(16), OP.i32Add, OP.localTee, ...uleb(this.col),
      OP.localGet, ...uleb(this.col), OP.localGet, ...uleb(rowBytes), OP.i32Eq, OP.select, OP.localSet, ...uleb(this.col),
      OP.br, 0, OP.end, OP.end, OP.end,
    ];
    const locals = vec([[...uleb(2), TYPE.i32], [...uleb(this.vLocals.size), TYPE.v128]]);
    const fn = [...locals, ...body];
    return [...uleb(fn.length), ...fn];
  }
}

interface Definition {
  readonly name: string;
  readonly pointers: readonly string[];
  readonly scalars: readonly string[];
  readonly step: (b: Body) => void;
}

/**
 * Adam as the stock-kernel chain computed it (adam-update.ts's composed path), one operation per
 * kernel of that chain, in its order: with or without weight decay, with or without the average.
 */
function adamDefinition(decay: boolean, average: boolean): Definition {
  const pointers = ['x', 'g', 'm', 'v', 'xo', 'mo', 'vo', ...(average ? ['a', 'ao'] : [])];
  const scalars = ['wd', 'b1', 'b1c', 'b2', 'b2c', 'ic2', 'eps', 'lrc', ...(average ? ['d', 'dc'] : [])];
  return {
    name: `adam${decay ? '_wd' : ''}${average ? '_avg' : ''}`,
    pointers,
    scalars,
    step: (b) => {
      // grad = g + x·wd
      b.load('g');
      if (decay) b.load('x').get('wd').op('mul').op('add');
      b.set('grad');
      // m' = m·b1 + grad·(1 − b1)
      b.load('m').get('b1').op('mul').get('grad').get('b1c').op('mul').op('add').set('m1');
      b.store('mo', 'm1');
      // v' = v·b2 + grad²·(1 − b2)
      b.load('v').get('b2').op('mul').get('grad').get('grad').op('mul').get('b2c').op('mul').op('add').set('v1');
      b.store('vo', 'v1');
      // x' = x − (m'·lrc) / (√(v'·ic2) + eps)
      b.load('x').get('m1').get('lrc').op('mul').get('v1').get('ic2').op('mul').op('sqrt').get('eps').op('add').op('div').op('sub').set('x1');
      b.store('xo', 'x1');
      if (average) {
        // average' = average·d + x'·(1 − d)
        b.load('a').get('d').op('mul').get('x1').get('dc').op('mul').op('add').set('a1');
        b.store('ao', 'a1');
      }
    },
  };
}

/**
 * Loops over a row-major [rows, channels] matrix: column sums (the `Sum` over rows of
 * column-sum.ts, and the Mean's sum), and training-mode batch norm + ReLU (batch-norm-relu.ts),
 * each loop one pass of the stock-kernel chain's operations in its order; per-channel vectors
 * are read at the column offset, per-channel sums are accumulated in row order.
 */
const MATRIX: readonly Definition[] = [
  // acc += x (stock Sum over axis 0, and the Mean's sum)
  { name: 'column_sums', pointers: ['x', 'acc'], scalars: [], step: (b) => b.load('x').accumulate('acc') },
  // acc += (x − mean)² (the variance's sum)
  { name: 'bn_sq_dev_sum', pointers: ['x', 'mean', 'acc'], scalars: [], step: (b) => b.load('x').load('mean', true).op('sub').set('d', true).get('d').op('mul').accumulate('acc') },
  // y = relu((x − mean)·scale + beta)
  {
    name: 'bn_relu',
    pointers: ['x', 'mean', 'scale', 'beta', 'y'],
    scalars: ['zero'],
    step: (b) => {
      b.load('x').load('mean', true).op('sub').load('scale', true).op('mul').load('beta', true).op('add').get('zero').op('max').set('y');
      b.store('y', 'y');
    },
  },
  // g = dy·step((x − mean)·scale + beta), stored; dbeta += g; dgamma += g·(x − mean)·invStd
  {
    name: 'bn_grad_sums',
    pointers: ['x', 'mean', 'scale', 'beta', 'invStd', 'dy', 'g', 'dbeta', 'dgamma'],
    scalars: ['zero', 'one', 'nan'],
    step: (b) => {
      b.load('x').load('mean', true).op('sub').set('d', true).load('scale', true).op('mul').load('beta', true).op('add').set('pre');
      // step: 1 where pre > 0, NaN where pre is NaN, else 0 (the stock Step kernel)
      b.get('one').get('zero').get('pre').get('zero').op('gt').op('bitselect').set('s');
      b.get('nan').get('s').get('pre').get('pre').op('ne').op('bitselect').set('s');
      b.load('dy').get('s').op('mul').set('g', true);
      b.accumulate('dbeta');
      b.store('g', 'g');
      b.get('g').get('d').load('invStd', true).op('mul').op('mul').accumulate('dgamma');
    },
  },
  // dx = dy·gate, stored; dbias += dx (BiasLeakyDropout's gradient: the Multiply, then the bias Add's Sum)
  {
    name: 'gate_grad_sums',
    pointers: ['dy', 'gate', 'dx', 'dbias'],
    scalars: [],
    step: (b) => {
      b.load('dy').load('gate').op('mul').set('g', true);
      b.accumulate('dbias');
      b.store('dx', 'g');
    },
  },
  // dx = scale·((g − meanG) − (x − mean)·invStd·meanGX)
  {
    name: 'bn_grad_dx',
    pointers: ['x', 'mean', 'invStd', 'scale', 'meanG', 'meanGX', 'g', 'dx'],
    scalars: [],
    step: (b) => {
      b.load('scale', true).load('g').load('meanG', true).op('sub');
      b.load('x').load('mean', true).op('sub').load('invStd', true).op('mul').load('meanGX', true).op('mul').op('sub').op('mul').set('dx');
      b.store('dx', 'dx');
    },
  },
];

export type MatrixLoop = 'column_sums' | 'bn_sq_dev_sum' | 'bn_relu' | 'bn_grad_sums' | 'bn_grad_dx' | 'gate_grad_sums';

const DEFINITIONS: readonly Definition[] = [...[false, true].flatMap((decay) => [false, true].map((average) => adamDefinition(decay, average))), ...MATRIX];

/**
 * copy_rows(src, dst, rows, bytes, srcStride, dstStride): `rows` runs of `bytes` bytes, each with
 * one `memory.copy` (a strided slice, or a piece of a concatenation along the columns).
 */
function copyRowsBody(): { params: number[]; code: number[] } {
  const [src, dst, rows, bytes, srcStride, dstStride, r] = [0, 1, 2, 3, 4, 5, 6];
  const advance = (local: number, by: number): number[] => [OP.localGet, local, OP.localGet, by, OP.i32Add, OP.localSet, local];
  const body = [
    OP.block, 0x40, OP.loop, 0x40,
    OP.localGet, r, OP.localGet, rows, OP.i32GeU, OP.brIf, 1,
    OP.localGet, dst, OP.localGet, src, OP.localGet, bytes, 0xfc, ...uleb(10), 0, 0,
    ...advance(dst, dstStride), ...advance(src, srcStride),
    OP.localGet, r, OP.i32Const, 1, OP.i32Add, OP.localSet, r,
    OP.br, 0, OP.end, OP.end, OP.end,
  ];
  const fn = [...vec([[1, TYPE.i32]]), ...body];
  return { params: [TYPE.i32, TYPE.i32, TYPE.i32, TYPE.i32, TYPE.i32, TYPE.i32], code: [...uleb(fn.length), ...fn] };
}

/**
 * The assembler's small pieces, shared by the loop bodies below: a local's get and set, `x += by`
 * (a local) and `x += by` (a constant), an i32 product of two locals, and a counted loop from 0
 * (`for (counter = 0; counter < limit; counter += step) body`, unsigned compare).
 */
const get = (x: number): number[] => [OP.localGet, ...uleb(x)];
const set = (x: number): number[] => [OP.localSet, ...uleb(x)];
const add = (x: number, by: number): number[] => [...get(x), ...get(by), OP.i32Add, ...set(x)];
const inc = (x: number, by: number): number[] => [...get(x), OP.i32Const, ...sleb(by), OP.i32Add, ...set(x)];
const mul = (x: number, y: number): number[] => [...get(x), ...get(y), OP.i32Mul];
const loopBy = (counter: number, limit: number, step: number, body: number[]): number[] => [OP.i32Const, 0, ...set(counter), OP.block, 0x40, OP.loop, 0x40, ...get(counter), ...get(limit), OP.i32GeU, OP.brIf, 1, ...body, ...inc(counter, step), OP.br, 0, OP.end, OP.end];
const loop = (counter: number, limit: number, body: number[]): number[] => loopBy(counter, limit, 1, body);

/**
 * bias_leaky_dropout(x, bias, y, gate, count, rowBytes, s0, s1, s2, s3, threshold, kept, alphaKept):
 * pre = x + bias (per channel); gate = (pre > 0 ? kept : alphaKept), or 0 where the 16-bit uniform
 * u < threshold; y = pre · gate. The uniforms are leaky-dropout-gate.ts's stream: one xoshiro128**
 * step per two elements (low half, then high half), from the state s0..s3; count a multiple of 16.
 */
function biasLeakyDropoutBody(): { params: number[]; code: number[] } {
  const [x, bias, y, gate, count, rowBytes, s0, s1, s2, s3, thr, kept, alphaKept] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const [at, col, r, t] = [13, 14, 15, 16];
  const [pre, g, keptV, alphaV, thrV, zeroV, u] = [17, 18, 19, 20, 21, 22, 23];
  const simd = (o: number, ...imm: number[]): number[] => [OP.simd, ...uleb(o), ...imm];
  const xorInto = (a: number, b: number): number[] => [...get(a), ...get(b), OP.i32Xor, ...set(a)];
  // r = rotl(s1·5, 7)·9; t = s1 << 9; then the state update (as the JavaScript loop).
  const draw = [
    ...get(s1), OP.i32Const, 5, OP.i32Mul, OP.i32Const, 7, OP.i32Rotl, OP.i32Const, 9, OP.i32Mul, ...set(r),
    ...get(s1), OP.i32Const, 9, OP.i32Shl, ...set(t),
    ...xorInto(s2, s0), ...xorInto(s3, s1), ...xorInto(s1, s2), ...xorInto(s0, s3), ...xorInto(s2, t),
    ...get(s3), OP.i32Const, 11, OP.i32Rotl, ...set(s3),
  ];
  const low = [...get(r), OP.i32Const, ...sleb(0xffff), OP.i32And];
  const high = [...get(r), OP.i32Const, 16, OP.i32ShrU];
  const address = (p: number, offset: number): number[] => [...get(p), ...get(offset), OP.i32Add];
  const body = [
    ...get(kept), ...simd(SIMD.splat), ...set(keptV),
    ...get(alphaKept), ...simd(SIMD.splat), ...set(alphaV),
    ...get(thr), ...simd(SIMD.i32Splat), ...set(thrV),
    OP.i32Const, 0, ...simd(SIMD.i32Splat), ...set(zeroV),
    OP.block, 0x40, OP.loop, 0x40,
    ...get(at), ...get(count), OP.i32GeU, OP.brIf, 1,
    // u = [low(r0), high(r0), low(r1), high(r1)]
    ...draw, ...low, ...simd(SIMD.i32Splat), ...high, ...simd(SIMD.i32ReplaceLane, 1), ...set(u),
    ...draw, ...get(u), ...low, ...simd(SIMD.i32ReplaceLane, 2), ...high, ...simd(SIMD.i32ReplaceLane, 3), ...set(u),
    ...address(x, at), ...simd(SIMD.load, 0, 0), ...address(bias, col), ...simd(SIMD.load, 0, 0), ...simd(SIMD.add), ...set(pre),
    // gate = bitselect(kept, alphaKept, pre > 0) & (u ≥ threshold)
    ...get(keptV), ...get(alphaV), ...get(pre), ...get(zeroV), ...simd(SIMD.gt), ...simd(SIMD.bitselect),
    ...get(u), ...get(thrV), ...simd(SIMD.i32GeS), ...simd(SIMD.and), ...set(g),
    ...address(gate, at), ...get(g), ...simd(SIMD.store, 0, 0),
    ...address(y, at), ...get(pre), ...get(g), ...simd(SIMD.mul), ...simd(SIMD.store, 0, 0),
    ...get(at), OP.i32Const, 16, OP.i32Add, ...set(at),
    // col = col + 16 == rowBytes ? 0 : col + 16
    OP.i32Const, 0, ...get(col), OP.i32Const, 16, OP.i32Add, OP.localTee, col,
    ...get(col), ...get(rowBytes), OP.i32Eq, OP.select, ...set(col),
    OP.br, 0, OP.end, OP.end, OP.end,
  ];
  const fn = [...vec([[4, TYPE.i32], [7, TYPE.v128]]), ...body];
  const i32s = Array.from({ length: 11 }, () => TYPE.i32);
  return { params: [...i32s, TYPE.f32, TYPE.f32], code: [...uleb(fn.length), ...fn] };
}

/**
 * transpose_4xn(src, dst, bytes, srcStride, dstStride, groups, srcGroup, dstGroup): per group g
 * (source at src + g·srcGroup, destination at dst + g·dstGroup), four source rows (the i-th at
 * + i·srcStride) of `bytes` bytes, 4 floats at a time, each 4x4 block transposed (i8x16.shuffle)
 * and stored as 16 bytes of four destination rows (the j-th at + (4k + j)·dstStride for block k).
 */
function transposeBody(): { params: number[]; code: number[] } {
  const [src, dst, bytes, ss, ds, groups, sg, dg] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [at, d, p, g] = [8, 9, 10, 11];
  const [r0, r1, r2, r3, t0, t1, t2, t3] = [12, 13, 14, 15, 16, 17, 18, 19];
  const lanes = (floats: number[]): number[] => floats.flatMap((f) => [4 * f, 4 * f + 1, 4 * f + 2, 4 * f + 3]);
  const shuffle = (a: number, b: number, floats: number[], out?: number): number[] => [...get(a), ...get(b), OP.simd, ...uleb(SIMD.shuffle), ...lanes(floats), ...(out === undefined ? [] : set(out))];
  const loadRow = (r: number): number[] => [...get(p), OP.simd, ...uleb(SIMD.load), 0, 0, ...set(r), ...add(p, ss)];
  const storeRow = (value: number[]): number[] => [...get(d), ...value, OP.simd, ...uleb(SIMD.store), 0, 0, ...add(d, ds)];
  const inner = [
    OP.i32Const, 0, ...set(at), ...get(dst), ...set(d),
    OP.block, 0x40, OP.loop, 0x40,
    ...get(at), ...get(bytes), OP.i32GeU, OP.brIf, 1,
    ...get(src), ...get(at), OP.i32Add, ...set(p),
    ...loadRow(r0), ...loadRow(r1), ...loadRow(r2), ...loadRow(r3),
    // t0 = [r0₀ r1₀ r0₁ r1₁], t1 = [r0₂ r1₂ r0₃ r1₃], t2, t3 the same of r2, r3
    ...shuffle(r0, r1, [0, 4, 1, 5], t0), ...shuffle(r0, r1, [2, 6, 3, 7], t1),
    ...shuffle(r2, r3, [0, 4, 1, 5], t2), ...shuffle(r2, r3, [2, 6, 3, 7], t3),
    ...storeRow(shuffle(t0, t2, [0, 1, 4, 5])), ...storeRow(shuffle(t0, t2, [2, 3, 6, 7])),
    ...storeRow(shuffle(t1, t3, [0, 1, 4, 5])), ...storeRow(shuffle(t1, t3, [2, 3, 6, 7])),
    ...get(at), OP.i32Const, 16, OP.i32Add, ...set(at),
    OP.br, 0, OP.end, OP.end,
  ];
  const body = [
    OP.block, 0x40, OP.loop, 0x40,
    ...get(g), ...get(groups), OP.i32GeU, OP.brIf, 1,
    ...inner,
    ...add(src, sg), ...add(dst, dg),
    ...get(g), OP.i32Const, 1, OP.i32Add, ...set(g),
    OP.br, 0, OP.end, OP.end, OP.end,
  ];
  const fn = [...vec([[4, TYPE.i32], [8, TYPE.v128]]), ...body];
  return { params: Array.from({ length: 8 }, () => TYPE.i32), code: [...uleb(fn.length), ...fn] };
}

/**
 * copy_runs(src, dst, bytes, inner, dstInner, outer, dstOuter): `outer` x `inner` runs of `bytes`
 * bytes (a multiple of 16), read one after another from src, the run (g, l) written at
 * dst + g·dstOuter + l·dstInner, 16 bytes at a time (a phase of a transposed convolution into
 * every s-th pixel of dx, conv2d-backprop-input.ts).
 */
function copyRunsBody(): { params: number[]; code: number[] } {
  const [src, dst, bytes, inner, dstInner, outer, dstOuter] = [0, 1, 2, 3, 4, 5, 6];
  const [g, l, at, d, row] = [7, 8, 9, 10, 11];
  // The body sets and advances the counter itself.
  const whileBelow = (counter: number, limit: number, body: number[]): number[] => [OP.block, 0x40, OP.loop, 0x40, ...get(counter), ...get(limit), OP.i32GeU, OP.brIf, 1, ...body, OP.br, 0, OP.end, OP.end];
  const copy16 = [...get(d), ...get(at), OP.i32Add, ...get(src), ...get(at), OP.i32Add, OP.simd, ...uleb(SIMD.load), 0, 0, OP.simd, ...uleb(SIMD.store), 0, 0, ...inc(at, 16)];
  const run = [OP.i32Const, 0, ...set(at), ...whileBelow(at, bytes, copy16), ...add(src, bytes), ...add(d, dstInner), ...inc(l, 1)];
  const group = [...get(row), ...set(d), OP.i32Const, 0, ...set(l), ...whileBelow(l, inner, run), ...add(row, dstOuter), ...inc(g, 1)];
  const body = [...get(dst), ...set(row), ...whileBelow(g, outer, group), OP.end];
  const fn = [...vec([[5, TYPE.i32]]), ...body];
  return { params: Array.from({ length: 7 }, () => TYPE.i32), code: [...uleb(fn.length), ...fn] };
}

/**
 * filter_grad_c1(xp, dy, out, OH, OW, B, KH, KW, xRow, sh, sw, xPix, dyPix, dyB, tap): a
 * convolution's weight gradient for one input channel and a block of 32 output channels,
 *   out[kh, kw, c] += Σ_{oh, ow} Σ_b xp[oh·sh + kh, ow·sw + kw, b] · dy[b, oh, ow, c],
 * xp the zero-padded input as [rows, cols, B] (xRow bytes per row, xPix = 4B per column), dy
 * NHWC (dyPix bytes between pixels, dyB between images), out [KH, KW, ·] (tap bytes per tap,
 * zeroed by the caller). Each sum runs over (oh, ow), then b, one float32 multiply and add per
 * term from 0: the order XNNPACK's convolution of the dilated formulation takes (same bits).
 */
function filterGradBody(): { params: number[]; code: number[] } {
  const [xp, dy, out, OH, OW, B, KH, KW, xRow, sh, sw, xPix, dyPix, dyB, tap] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
  const [oh, ow, kh, kw, b, xb, d, a, dyP] = [15, 16, 17, 18, 19, 20, 21, 22, 23];
  const acc = [24, 25, 26, 27, 28, 29, 30, 31];
  const xs = 32;
  const v128At = (base: number, offset: number, op: number): number[] => [...get(base), OP.simd, ...uleb(op), 4, ...uleb(offset)];
  const term = [
    ...get(xb), 0x2a, 2, 0, OP.simd, ...uleb(SIMD.splat), ...set(xs), // f32.load, splat
    ...acc.flatMap((v, i) => [...get(v), ...get(xs), ...v128At(d, 16 * i, SIMD.load), OP.simd, ...uleb(SIMD.mul), OP.simd, ...uleb(SIMD.add), ...set(v)]),
    ...inc(xb, 4), ...add(d, dyB),
  ];
  const perTap = [
    // xb = xp + (oh·sh + kh)·xRow + (ow·sw + kw)·xPix; a = out + (kh·KW + kw)·tap
    ...get(xp), ...mul(oh, sh), ...get(kh), OP.i32Add, ...get(xRow), OP.i32Mul, OP.i32Add, ...mul(ow, sw), ...get(kw), OP.i32Add, ...get(xPix), OP.i32Mul, OP.i32Add, ...set(xb),
    ...get(out), ...mul(kh, KW), ...get(kw), OP.i32Add, ...get(tap), OP.i32Mul, OP.i32Add, ...set(a),
    ...get(dyP), ...set(d),
    ...acc.flatMap((v, i) => [...v128At(a, 16 * i, SIMD.load), ...set(v)]),
    ...loop(b, B, term),
    ...acc.flatMap((v, i) => [...get(a), ...get(v), OP.simd, ...uleb(SIMD.store), 4, ...uleb(16 * i)]),
  ];
  const perPixel = [...loop(kh, KH, loop(kw, KW, perTap)), ...add(dyP, dyPix)];
  const body = [...get(dy), ...set(dyP), ...loop(oh, OH, loop(ow, OW, perPixel)), OP.end];
  const fn = [...vec([[9, TYPE.i32], [9, TYPE.v128]]), ...body];
  return { params: Array.from({ length: 15 }, () => TYPE.i32), code: [...uleb(fn.length), ...fn] };
}

/**
 * conv_c1(xp, w, y, B, OH, OW, KH, KW, sh, sw, xRow, xImage, pix): a convolution of one input
 * channel, 32 output channels per call, over the zero-padded input xp [B, rows, cols] (xRow and
 * xImage bytes per row and image): y[b, i, j, c] = Σ_{kh, kw} xp[b, i·sh + kh, j·sw + kw] · w[kh, kw, c],
 * taps in row order from 0, one float32 multiply and add each (XNNPACK's order for this
 * convolution: the same bits); y's and w's rows are `pix` bytes apart (the channel count · 4).
 */
function convC1Body(): { params: number[]; code: number[] } {
  const [xp, w, y, B, OH, OW, KH, KW, sh, sw, xRow, xImage, pix] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const [b, i, j, kh, kw, xb, xr, wp, yp] = [13, 14, 15, 16, 17, 18, 19, 20, 21];
  const acc = [22, 23, 24, 25, 26, 27, 28, 29];
  const xs = 30;
  const tapStep = [
    ...get(xr), ...get(kw), OP.i32Const, 2, OP.i32Shl, OP.i32Add, 0x2a, 2, 0, OP.simd, ...uleb(SIMD.splat), ...set(xs),
    ...acc.flatMap((v, n) => [...get(v), ...get(xs), ...get(wp), OP.simd, ...uleb(SIMD.load), 4, ...uleb(16 * n), OP.simd, ...uleb(SIMD.mul), OP.simd, ...uleb(SIMD.add), ...set(v)]),
    ...add(wp, pix),
  ];
  const rowStep = [...get(xb), ...mul(kh, xRow), OP.i32Add, ...set(xr), ...loop(kw, KW, tapStep)];
  const zeroV = [OP.i32Const, 0, OP.simd, ...uleb(SIMD.i32Splat)];
  const pixel = [
    // xb = xp + b·xImage + i·sh·xRow + j·sw·4
    ...get(xp), ...mul(b, xImage), OP.i32Add, ...mul(i, sh), ...get(xRow), OP.i32Mul, OP.i32Add, ...mul(j, sw), OP.i32Const, 2, OP.i32Shl, OP.i32Add, ...set(xb),
    ...get(w), ...set(wp),
    ...acc.flatMap((v) => [...zeroV, ...set(v)]),
    ...loop(kh, KH, rowStep),
    ...acc.flatMap((v, n) => [...get(yp), ...get(v), OP.simd, ...uleb(SIMD.store), 4, ...uleb(16 * n)]),
    ...add(yp, pix),
  ];
  const body = [...get(y), ...set(yp), ...loop(b, B, loop(i, OH, loop(j, OW, pixel))), OP.end];
  const fn = [...vec([[9, TYPE.i32], [9, TYPE.v128]]), ...body];
  return { params: Array.from({ length: 13 }, () => TYPE.i32), code: [...uleb(fn.length), ...fn] };
}

/**
 * How a gemm loop reads A: `rows` when a row's k values are contiguous (aK = 4: one pointer per
 * row, moved once per 4 k, the 4 k's values at constant offsets), `cols` when a k's rows are
 * (aRow = 4, A transposed: one pointer for the block's 4 rows; whole blocks only), `any` for
 * every layout (one pointer per row, each moved every k).
 */
type GemmLayout = 'rows' | 'cols' | 'any';
const GEMM_LAYOUTS: readonly GemmLayout[] = ['rows', 'cols', 'any'];

/** The export of the gemm loop 4 rows x 8 (`wide`) or 4 columns, reading A as `layout` says. */
const gemmName = (wide: boolean, layout: GemmLayout): string => `gemm_4x${wide ? 8 : 4}${layout === 'any' ? '' : `_${layout}`}`;

/** Every gemm export, in the order a GemmCall's `loop` indexes (gemm-threads.ts's workers call them by index). */
export const GEMM_EXPORTS: readonly string[] = [true, false].flatMap((wide) => GEMM_LAYOUTS.map((layout) => gemmName(wide, layout)));

/**
 * gemm_4xW(a, b, c, bias, M, bytes, K, aRow, aK, bRow, cRow, start), W = 4·V floats:
 * c[m, n] = (bias[n] or +0 or c[m, n]) + a[m, 0]·b[0, n] + a[m, 1]·b[1, n] + ..., k in order, one
 * float32 multiply and add per term (XNNPACK's f32 GEMM microkernel's order: bias from its packed
 * weights, then the k terms): the same bits without packing b. Over `bytes` bytes of columns
 * (a multiple of 16·V); a[m, k] at a + m·aRow + k·aK (the value is splat; `layout` says which
 * strides are 4), b's rows (bRow bytes apart) and c's (cRow) contiguous. Blocks of 4 rows; the
 * last block's missing rows repeat row M − 1 (computed and stored twice, like XNNPACK's
 * microkernel). The k loop has no counter (B's pointer runs to its end) and is unrolled by 4,
 * each step behind its own end test (so any K), which cuts its scalar work per k from ~10 x86
 * instructions to ~6 (`rows`, `cols`) next to the 22 loads and float ops.
 */
function gemmBody(MR: number, V: number, layout: GemmLayout): { params: number[]; code: number[] } {
  const [a, b, c, bias, M, bytes, K, aRow, aK, bRow, cRow, start] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const [i, j, bp, bEnd, kBytes] = [12, 13, 14, 15, 16];
  const rows = (first: number): number[] => Array.from({ length: MR }, (_, t) => first + t);
  const [ar, cr, ap] = [rows(17), rows(17 + MR), rows(17 + 2 * MR)];
  const firstV = 17 + 3 * MR;
  const acc = Array.from({ length: MR }, (_, t) => Array.from({ length: V }, (_, v) => firstV + t * V + v));
  const bv = Array.from({ length: V }, (_, v) => firstV + MR * V + v);
  const s = firstV + (MR + 1) * V;
  const U = 4;
  const simd = (op: number, ...imm: number[]): number[] => [OP.simd, ...uleb(op), ...imm];
  const zeroV = [OP.i32Const, 0, ...simd(SIMD.i32Splat)];
  // row t of the block: min(i + t, M − 1)
  const rowOf = (t: number): number[] => [...get(i), OP.i32Const, t, OP.i32Add, ...get(M), OP.i32Const, 1, OP.i32Sub, ...get(i), OP.i32Const, t, OP.i32Add, ...get(M), OP.i32LtU, OP.select];
  // a[row t, k + u] as (pointer, constant byte offset)
  const aAt = (t: number, u: number): [number, number] => (layout === 'rows' ? [ap[t]!, 4 * u] : layout === 'cols' ? [ap[0]!, 4 * t] : [ap[t]!, 0]);
  const term = (u: number): number[] => [
    ...bv.flatMap((x, v) => [...get(bp), ...simd(SIMD.load, 4, ...uleb(16 * v)), ...set(x)]),
    ...acc.flatMap((row, t) => {
      const [p, offset] = aAt(t, u);
      return [
        ...get(p), ...simd(0x09 /* v128.load32_splat */, 2, ...uleb(offset)), ...set(s),
        ...row.flatMap((x, v) => [...get(x), ...get(s), ...get(bv[v]!), ...simd(SIMD.mul), ...simd(SIMD.add), ...set(x)]),
      ];
    }),
    ...add(bp, bRow),
    ...(layout === 'rows' ? [] : layout === 'cols' ? add(ap[0]!, aK) : ap.flatMap((x) => add(x, aK))),
  ];
  // U k steps in order, each after the test for the end of k (an exit with the accumulators live
  // there also keeps TurboFan from hoisting the later steps' loads, which would spill registers),
  // then (rows) each row's pointer past them.
  const exitAtEnd = [...get(bp), ...get(bEnd), OP.i32Eq, OP.brIf, 1];
  const kLoop = [OP.block, 0x40, OP.loop, 0x40, ...Array.from({ length: U }, (_, u) => [...exitAtEnd, ...term(u)]).flat(), ...(layout === 'rows' ? ap.flatMap((x) => inc(x, 4 * U)) : []), OP.br, 0, OP.end, OP.end];
  const initAcc = acc.flatMap((row, t) => row.flatMap((x, v) => [
    // start = 2: c's partial sums (an earlier call's k); 1: bias[j..]; 0: +0 (typed selects: v128)
    ...get(cr[t]!), ...get(j), OP.i32Add, ...simd(SIMD.load, 4, ...uleb(16 * v)),
    ...get(bias), ...get(j), OP.i32Add, ...simd(SIMD.load, 4, ...uleb(16 * v)), ...zeroV, ...get(start), 0x1c, 1, TYPE.v128,
    ...get(start), OP.i32Const, 2, OP.i32Eq, 0x1c, 1, TYPE.v128, ...set(x),
  ]));
  const panel = [
    ...initAcc,
    ...get(b), ...get(j), OP.i32Add, OP.localTee, ...uleb(bp), ...get(kBytes), OP.i32Add, ...set(bEnd),
    ...(layout === 'cols' ? [ap[0]!] : ap).flatMap((x, t) => [...get(ar[t]!), ...set(x)]),
    ...kLoop,
    ...acc.flatMap((row, t) => row.flatMap((x, v) => [...get(cr[t]!), ...get(j), OP.i32Add, ...get(x), ...simd(SIMD.store, 4, ...uleb(16 * v))])),
  ];
  const block = [
    ...ar.flatMap((x, t) => [...get(a), ...rowOf(t), ...get(aRow), OP.i32Mul, OP.i32Add, ...set(x)]),
    ...cr.flatMap((x, t) => [...get(c), ...rowOf(t), ...get(cRow), OP.i32Mul, OP.i32Add, ...set(x)]),
    ...loopBy(j, bytes, 16 * V, panel),
  ];
  // B's bytes over all k
  const prologue = [...mul(K, bRow), ...set(kBytes)];
  const body = [...prologue, ...loopBy(i, M, MR, block), OP.end];
  const fn = [...vec([[5 + 3 * MR, TYPE.i32], [(MR + 1) * V + 1, TYPE.v128]]), ...body];
  return { params: Array.from({ length: 12 }, () => TYPE.i32), code: [...uleb(fn.length), ...fn] };
}

/** Scalar f64 and i64 opcodes the softmax loop and its exp use (i32 and control ones are in OP). */
const F = {
  const: 0x44, load: 0x2b, store: 0x39, add: 0xa0, sub: 0xa1, mul: 0xa2, div: 0xa3, eq: 0x61, ne: 0x62, lt: 0x63, gt: 0x64,
  fromI64: 0xbf, toI64: 0xbd, fromI32: 0xb7, truncToI32: 0xaa, promoteF32: 0xbb, demoteToF32: 0xb6, f32Load: 0x2a, f32Store: 0x38,
  i64Const: 0x42, i64Shl: 0x86, i64ShrU: 0x88, i32WrapI64: 0xa7, i64ExtendI32U: 0xad,
} as const;
const f64 = (v: number): number[] => [F.const, ...new Uint8Array(new Float64Array([v]).buffer)];

/**
 * exp_f64(x) -> f64: fdlibm's exp (e_exp.c), the algorithm of V8's `Math.exp` (base/ieee754.cc),
 * written out operation for operation in f64, which has no fused multiply-add in WebAssembly: the
 * same bits as `Math.exp` (test/backend/wasm-softmax.test.ts), so a loop calling it gives the
 * JavaScript loop's results.
 */
function expBody(): { params: number[]; results: number[]; code: number[] } {
  const [x, hx, xsb, k, hi, lo, t, c, y, twopk] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const ln2HI = 6.93147180369123816490e-01;
  const ln2LO = 1.90821492927058770002e-10;
  const [P1, P2, P3, P4, P5] = [1.66666666666666019037e-01, -2.77777777770155933842e-03, 6.61375632143793436117e-05, -1.65339022054652515390e-06, 4.13813679705723846039e-08];
  const ret = (value: number[]): number[] => [...value, OP.return];
  const i32 = (v: number): number[] => [OP.i32Const, ...sleb(v)];
  const bySign = (positive: number, negative: number): number[] => [...f64(negative), ...f64(positive), ...get(xsb), OP.select];
  const body = [
    // hx = high word of x; xsb = its sign; hx &= 0x7fffffff
    ...get(x), F.toI64, F.i64Const, 32, F.i64ShrU, F.i32WrapI64, ...set(hx),
    ...get(hx), ...i32(31), OP.i32ShrU, ...set(xsb),
    ...get(hx), ...i32(0x7fffffff), OP.i32And, ...set(hx),
    // |x| >= 709.78: NaN, ±Infinity, overflow, underflow
    ...get(hx), ...i32(0x40862e42), OP.i32GeU, OP.if, 0x40,
    ...get(hx), ...i32(0x7ff00000), OP.i32GeU, OP.if, 0x40,
    ...get(x), ...get(x), F.ne, OP.if, 0x40, ...ret([...get(x), ...get(x), F.add]), OP.end,
    ...get(xsb), OP.if, 0x40, ...ret(f64(0)), OP.end,
    ...ret(get(x)), OP.end,
    ...get(x), ...f64(7.09782712893383973096e+02), F.gt, OP.if, 0x40, ...ret(f64(Infinity)), OP.end,
    ...get(x), ...f64(-7.45133219101941108420e+02), F.lt, OP.if, 0x40, ...ret(f64(0)), OP.end,
    OP.end,
    // argument reduction
    ...get(hx), ...i32(0x3fd62e42), OP.i32GtU, OP.if, 0x40,
    ...get(hx), ...i32(0x3ff0a2b2), OP.i32LtU, OP.if, 0x40,
    ...get(x), ...f64(1), F.eq, OP.if, 0x40, ...ret(f64(2.718281828459045)), OP.end,
    ...get(x), ...bySign(ln2HI, -ln2HI), F.sub, ...set(hi),
    ...bySign(ln2LO, -ln2LO), ...set(lo),
    ...i32(1), ...get(xsb), ...i32(1), OP.i32Shl, OP.i32Sub, ...set(k),
    OP.else,
    ...f64(1.44269504088896338700e+00), ...get(x), F.mul, ...bySign(0.5, -0.5), F.add, F.truncToI32, ...set(k),
    ...get(k), F.fromI32, ...set(t),
    ...get(x), ...get(t), ...f64(ln2HI), F.mul, F.sub, ...set(hi),
    ...get(t), ...f64(ln2LO), F.mul, ...set(lo),
    OP.end,
    ...get(hi), ...get(lo), F.sub, ...set(x),
    OP.else,
    ...get(hx), ...i32(0x3e300000), OP.i32LtU, OP.if, 0x40, ...ret([...f64(1), ...get(x), F.add]), OP.end,
    OP.end,
    // x in the primary range: t = x², twopk = 2^k (or 2^(k + 1000) near underflow)
    ...get(x), ...get(x), F.mul, ...set(t),
    ...get(k), ...i32(-1021), OP.i32GeS, OP.if, TYPE.i32, ...get(k), OP.else, ...get(k), ...i32(1000), OP.i32Add, OP.end,
    ...i32(20), OP.i32Shl, ...i32(0x3ff00000), OP.i32Add, F.i64ExtendI32U, F.i64Const, 32, F.i64Shl, F.fromI64, ...set(twopk),
    // c = x − t·(P1 + t·(P2 + t·(P3 + t·(P4 + t·P5))))
    ...get(x), ...get(t), ...f64(P1), ...get(t), ...f64(P2), ...get(t), ...f64(P3), ...get(t), ...f64(P4), ...get(t), ...f64(P5),
    F.mul, F.add, F.mul, F.add, F.mul, F.add, F.mul, F.add, F.mul, F.sub, ...set(c),
    // k = 0: 1 − ((x·c)/(c − 2) − x)
    ...get(k), OP.i32Eqz, OP.if, 0x40, ...ret([...f64(1), ...get(x), ...get(c), F.mul, ...get(c), ...f64(2), F.sub, F.div, ...get(x), F.sub, F.sub]), OP.end,
    // y = 1 − ((lo − (x·c)/(2 − c)) − hi), then scaled by 2^k
    ...f64(1), ...get(lo), ...get(x), ...get(c), F.mul, ...f64(2), ...get(c), F.sub, F.div, F.sub, ...get(hi), F.sub, F.sub, ...set(y),
    ...get(k), ...i32(-1021), OP.i32GeS, OP.if, 0x40,
    ...get(k), ...i32(1024), OP.i32Eq, OP.if, 0x40, ...ret([...get(y), ...f64(2), F.mul, ...f64(8.988465674311579539e307), F.mul]), OP.end,
    ...ret([...get(y), ...get(twopk), F.mul]),
    OP.end,
    ...get(y), ...get(twopk), F.mul, ...f64(9.33263618503218878990e-302), F.mul,
    OP.end,
  ];
  const fn = [...vec([[3, TYPE.i32], [6, TYPE.f64]]), ...body];
  return { params: [TYPE.f64], results: [TYPE.f64], code: [...uleb(fn.length), ...fn] };
}

/**
 * softmax_rows(logits, noise, out, scratch, rows, rowBytes, width, tau): for each of `rows` rows
 * (rowBytes apart) of one span of `width` float32 columns, span-activation.ts's Gumbel softmax in
 * its order and precision: z = (logits − noise) / tau in f64, the maximum, e = exp(z − max) summed
 * in f64 (`exp` the function at index `expAt`), out = e / sum rounded to float32. `scratch` holds
 * `width` f64 values.
 */
function softmaxRowsBody(expAt: number): { params: number[]; code: number[] } {
  const [logits, noise, out, scratch, rows, rowBytes, width, tau] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [r, j, z, max, sum] = [8, 9, 10, 11, 12];
  // f64 at scratch + 8j; f32 at p + 4j
  const scratchAt = [...get(scratch), ...get(j), OP.i32Const, 3, OP.i32Shl, OP.i32Add];
  const f32At = (p: number): number[] => [...get(p), ...get(j), OP.i32Const, 2, OP.i32Shl, OP.i32Add];
  const row = [
    ...f64(-Infinity), ...set(max),
    ...loop(j, width, [
      ...f32At(logits), F.f32Load, 2, 0, F.promoteF32, ...f32At(noise), F.f32Load, 2, 0, F.promoteF32, F.sub, ...get(tau), F.div, ...set(z),
      ...scratchAt, ...get(z), F.store, 3, 0,
      ...get(z), ...get(max), ...get(z), ...get(max), F.gt, OP.select, ...set(max),
    ]),
    ...f64(0), ...set(sum),
    ...loop(j, width, [
      ...scratchAt, ...scratchAt, F.load, 3, 0, ...get(max), F.sub, OP.call, ...uleb(expAt), ...set(z),
      ...get(z), F.store, 3, 0,
      ...get(sum), ...get(z), F.add, ...set(sum),
    ]),
    ...loop(j, width, [...f32At(out), ...scratchAt, F.load, 3, 0, ...get(sum), F.div, F.demoteToF32, F.f32Store, 2, 0]),
    ...add(logits, rowBytes), ...add(noise, rowBytes), ...add(out, rowBytes),
  ];
  const fn = [...vec([[2, TYPE.i32], [3, TYPE.f64]]), ...loop(r, rows, row), OP.end];
  return { params: [TYPE.i32, TYPE.i32, TYPE.i32, TYPE.i32, TYPE.i32, TYPE.i32, TYPE.i32, TYPE.f64], code: [...uleb(fn.length), ...fn] };
}

function moduleBytes(shared: boolean): Uint8Array {
  const loops = DEFINITIONS.map((d) => {
    const b = new Body(d.pointers, d.scalars);
    for (const s of d.scalars) b.splat(s);
    return { name: d.name, params: b.params, code: b.assemble(d.step) };
  });
  const bodies: Array<{ name: string; params: number[]; results?: number[]; code: number[] }> = [...loops, { name: 'copy_rows', ...copyRowsBody() }, { name: 'bias_leaky_dropout', ...biasLeakyDropoutBody() }, { name: 'transpose_4xn', ...transposeBody() }, { name: 'copy_runs', ...copyRunsBody() }, { name: 'filter_grad_c1', ...filterGradBody() }, { name: 'conv_c1', ...convC1Body() }, ...[2, 1].flatMap((V) => GEMM_LAYOUTS.map((layout) => ({ name: gemmName(V === 2, layout), ...gemmBody(4, V, layout) })))];
  bodies.push({ name: 'exp_f64', ...expBody() });
  bodies.push({ name: 'softmax_rows', ...softmaxRowsBody(bodies.length - 1) });
  const types = section(1, vec(bodies.map((b) => [0x60, ...vec(b.params.map((t) => [t])), ...vec((b.results ?? []).map((t) => [t]))])));
  // Memory import: min 1 page; a shared memory (the threaded build) must declare a maximum.
  const limits = shared ? [0x03, ...uleb(1), ...uleb(65536)] : [0x00, ...uleb(1)];
  const imports = section(2, vec([[...name('env'), ...name('memory'), 0x02, ...limits]]));
  const functions = section(3, vec(bodies.map((_, i) => uleb(i))));
  const exports = section(7, vec(bodies.map((d, i) => [...name(d.name), 0x00, ...uleb(i)])));
  const code = section(10, vec(bodies.map((b) => b.code)));
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...functions, ...exports, ...code]);
}

/** Addresses and element count of one Adam step; the scalars are rounded to float32 by the call. */
export interface AdamPointers {
  readonly x: number;
  readonly g: number;
  readonly m: number;
  readonly v: number;
  readonly xo: number;
  readonly mo: number;
  readonly vo: number;
  readonly average?: { readonly a: number; readonly ao: number; readonly decay: number };
}

export interface AdamScalars {
  readonly weightDecay: number;
  readonly beta1: number;
  readonly beta2: number;
  /** 1 / (1 − β₂ᵗ) */
  readonly invCorrection2: number;
  readonly epsilon: number;
  /** lr / (1 − β₁ᵗ) */
  readonly lrCorrected: number;
}

export interface BiasLeakyDropoutPointers {
  readonly x: number;
  readonly bias: number;
  readonly y: number;
  readonly gate: number;
}

/** filter_grad_c1's arguments: addresses and strides in bytes, sizes in elements. */
export interface FilterGradC1Args {
  readonly xp: number;
  readonly dy: number;
  readonly out: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly batch: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  readonly xRow: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly xPix: number;
  readonly dyPix: number;
  readonly dyImage: number;
  readonly tap: number;
}

/** conv_c1's arguments: addresses and strides in bytes, sizes in elements. */
export interface ConvC1Args {
  readonly xp: number;
  readonly w: number;
  readonly y: number;
  readonly batch: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly xRow: number;
  readonly xImage: number;
  readonly pix: number;
}

/** gemm_4xW's arguments: addresses and strides in bytes; M, K in elements, `bytes` the columns' bytes. */
export interface GemmArgs {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  /** The bias's address (any readable address when `start` is not 1). */
  readonly bias: number;
  /** What the sums start from: 0 +0, 1 the bias, 2 c's values (partial sums over earlier k). */
  readonly start: 0 | 1 | 2;
  readonly m: number;
  readonly bytes: number;
  readonly k: number;
  readonly aRow: number;
  readonly aK: number;
  readonly bRow: number;
  readonly cRow: number;
}

/** One call of a gemm export: its index in GEMM_EXPORTS and its 12 arguments, in gemm_4xW's order. */
export interface GemmCall {
  readonly loop: number;
  readonly args: readonly number[];
}

/**
 * The gemm export calls that compute `g` with 8-column (`wide`) or 4-column panels: the `rows`
 * loop when A's rows are contiguous; A transposed: `cols` over whole blocks of 4 rows (one
 * pointer), `any` (one pointer per row) over the last m mod 4; `any` for any other layout.
 */
export function gemmCalls(wide: boolean, g: GemmArgs): GemmCall[] {
  const call = (layout: GemmLayout, x: GemmArgs): GemmCall => ({ loop: GEMM_EXPORTS.indexOf(gemmName(wide, layout)), args: [x.a, x.b, x.c, x.bias, x.m, x.bytes, x.k, x.aRow, x.aK, x.bRow, x.cRow, x.start] });
  if (g.aK === 4) return [call('rows', g)];
  const whole = g.aRow === 4 ? g.m - (g.m % 4) : 0;
  return [...(whole > 0 ? [call('cols', { ...g, m: whole })] : []), ...(whole < g.m ? [call('any', { ...g, a: g.a + whole * g.aRow, c: g.c + whole * g.cRow, m: g.m - whole })] : [])];
}

export interface SimdLoops {
  /** One Adam step over `count` floats (a multiple of 4) at the given addresses. */
  adam(p: AdamPointers, count: number, s: AdamScalars): void;
  /**
   * One loop over `count` floats of a [rows, channels] matrix (channels a multiple of
   * 4), pointers in the order its definition lists them; the scalars zero, one and NaN are passed.
   */
  matrix(loop: MatrixLoop, pointers: readonly number[], count: number, channels: number): void;
  /**
   * BiasLeakyDropout's forward pass over `count` floats of a [rows, channels] matrix (channels a
   * multiple of 4): pre = x + bias, the gate from the xoshiro128** state (leaky-dropout-gate.ts),
   * y = pre · gate.
   */
  biasLeakyDropout(p: BiasLeakyDropoutPointers, count: number, channels: number, state: readonly [number, number, number, number], c: { threshold: number; kept: number; alphaKept: number }): void;
  /**
   * `groups` times (group g at src + g·srcGroup, dst + g·dstGroup bytes): four rows of `floats`
   * floats (a multiple of 4; the i-th at + i·srcStride bytes) written as `floats` columns of four:
   * float c of row i to + c·dstStride + 4i bytes.
   */
  transpose4(src: number, dst: number, floats: number, srcStride: number, dstStride: number, groups: number, srcGroup: number, dstGroup: number): void;
  /**
   * `outer` x `inner` runs of `bytes` bytes (a multiple of 16) read one after another from src,
   * run (g, l) written at dst + g·dstOuter + l·dstInner.
   */
  copyRuns(src: number, dst: number, bytes: number, inner: number, dstInner: number, outer: number, dstOuter: number): void;
  /** One call of `conv_c1` (above), arguments in its order. */
  convC1(args: ConvC1Args): void;
  /** Gemm export calls (from gemmCalls: `gemm_4x8`/`gemm_4x4` by A's layout), in order, on this thread. */
  gemmRun(calls: readonly GemmCall[]): void;
  /** One call of `softmax_rows` (above), arguments in its order (addresses and row stride in bytes). */
  softmaxRows(logits: number, noise: number, out: number, scratch: number, rows: number, rowBytes: number, width: number, tau: number): void;
  /** `exp_f64`: fdlibm's exp, `Math.exp`'s bits. */
  exp(x: number): number;
  /** One call of `filter_grad_c1` (above), arguments in its order. */
  filterGradC1(args: FilterGradC1Args): void;
  /** `rows` runs of `bytes` bytes from src to dst, the i-th at src + i·srcStride, dst + i·dstStride. */
  copyRows(src: number, dst: number, rows: number, bytes: number, srcStride: number, dstStride: number): void;
}

type Exported = Record<string, (...args: number[]) => void>;

/** The part of the WebAssembly JS API used here (the project's TypeScript libs do not declare it). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: object };
  readonly Memory: abstract new (...args: never[]) => WasmMemory;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const cache = new WeakMap<WasmMemory, SimdLoops | null>();
const modules = new Map<boolean, object>();

/** The loops' compiled module, for a shared memory (the threaded build's) or not; compiled once each. */
export function simdModule(shared: boolean): object {
  let module = modules.get(shared);
  if (module === undefined) {
    module = new wasmApi.Module(moduleBytes(shared));
    modules.set(shared, module);
  }
  return module;
}

/**
 * The loops for the wasm backend whose memory is `memory`, or null when this engine cannot run
 * them (no WebAssembly SIMD). Instantiated once per memory.
 */
export function simdLoops(memory: WasmMemory): SimdLoops | null {
  const known = cache.get(memory);
  if (known !== undefined) return known;
  let loops: SimdLoops | null = null;
  try {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const instance = new wasmApi.Instance(simdModule(shared), { env: { memory } });
    const fns = instance.exports as unknown as Exported;
    const gemmFns = GEMM_EXPORTS.map((n) => fns[n]!);
    const gemmRun = (calls: readonly GemmCall[]): void => {
      for (const { loop, args } of calls) gemmFns[loop]!(...args);
    };
    loops = {
      adam: (p, count, s) => {
        const decay = s.weightDecay !== 0;
        const fn = fns[`adam${decay ? '_wd' : ''}${p.average ? '_avg' : ''}`]!;
        const pointers = [p.x, p.g, p.m, p.v, p.xo, p.mo, p.vo, ...(p.average ? [p.average.a, p.average.ao] : [])];
        const scalars = [s.weightDecay, s.beta1, 1 - s.beta1, s.beta2, 1 - s.beta2, s.invCorrection2, s.epsilon, s.lrCorrected, ...(p.average ? [p.average.decay, 1 - p.average.decay] : [])];
        // (Adam has no per-channel vectors: any row length will do.)
        fn(...pointers, count * 4, 16, ...scalars);
      },
      copyRows: (src, dst, rows, bytes, srcStride, dstStride) => fns['copy_rows']!(src, dst, rows, bytes, srcStride, dstStride),
      softmaxRows: (logits, noise, out, scratch, rows, rowBytes, width, tau) => fns['softmax_rows']!(logits, noise, out, scratch, rows, rowBytes, width, tau),
      exp: (x) => (fns['exp_f64'] as unknown as (v: number) => number)(x),
      gemmRun,
      convC1: (a) => fns['conv_c1']!(a.xp, a.w, a.y, a.batch, a.outHeight, a.outWidth, a.kernelHeight, a.kernelWidth, a.strideHeight, a.strideWidth, a.xRow, a.xImage, a.pix),
      filterGradC1: (a) => fns['filter_grad_c1']!(a.xp, a.dy, a.out, a.outHeight, a.outWidth, a.batch, a.kernelHeight, a.kernelWidth, a.xRow, a.strideHeight, a.strideWidth, a.xPix, a.dyPix, a.dyImage, a.tap),
      copyRuns: (src, dst, bytes, inner, dstInner, outer, dstOuter) => fns['copy_runs']!(src, dst, bytes, inner, dstInner, outer, dstOuter),
      transpose4: (src, dst, floats, srcStride, dstStride, groups, srcGroup, dstGroup) => fns['transpose_4xn']!(src, dst, floats * 4, srcStride, dstStride, groups, srcGroup, dstGroup),
      biasLeakyDropout: (p, count, channels, state, c) => {
        if (channels % 4 !== 0 || count % channels !== 0) throw new Error('wasm-simd: bias_leaky_dropout needs whole rows of a multiple of 4 channels');
        fns['bias_leaky_dropout']!(p.x, p.bias, p.y, p.gate, count * 4, channels * 4, ...state, c.threshold, c.kept, c.alphaKept);
      },
      matrix: (loop, pointers, count, channels) => {
        if (channels % 4 !== 0 || count % channels !== 0) throw new Error(`wasm-simd: ${loop} needs whole rows of a multiple of 4 channels`);
        const definition = MATRIX.find((d) => d.name === loop)!;
        if (pointers.length !== definition.pointers.length) throw new Error(`wasm-simd: ${loop} takes ${definition.pointers.length} pointers`);
        const scalars = definition.scalars.map((name) => ({ zero: 0, one: 1, nan: NaN })[name]!);
        fns[loop]!(...pointers, count * 4, channels * 4, ...scalars);
      },
    };
  } catch {
    loops = null;
  }
  cache.set(memory, loops);
  return loops;
}

/** The loops for the backend running a kernel: on tfjs-wasm (when they load), else null. */
export function simdLoopsFor(backend: object): SimdLoops | null {
  const memory = wasmMemoryOf(backend);
  return memory ? simdLoops(memory) : null;
}

/**
 * tfjs-wasm's WebAssembly.Memory, when `backend` is the wasm backend: exported by the
 * single-thread build, created by the JavaScript side (and shared) in the threaded one.
 */
export function wasmMemoryOf(backend: object): WasmMemory | undefined {
  const module = (backend as { wasm?: { wasmMemory?: unknown; asm?: { memory?: unknown } } }).wasm;
  const memory = module?.wasmMemory ?? module?.asm?.memory;
  return memory instanceof wasmApi.Memory ? memory : undefined;
}
