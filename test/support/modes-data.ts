/**
 * A table where extra minority rows carry information a tuned threshold cannot: the minority
 * ('yes') lives in six small modes on a ring, the majority ('no') is spread over the whole square,
 * and four noise columns are independent of the class. With a handful of minority rows per mode a
 * forest or an MLP learns the noise as much as the modes; rows drawn from the true generating
 * distribution (the `oracle` synthesizer below) show it which columns matter and where the modes
 * end. No threshold on the real rows alone recovers that.
 */
import * as A from 'apache-arrow';
import type { Dataset, Feature, Synthesizer, SynthesizerFactory } from '../../src/contracts.js';
import { Rng } from '../../src/random.js';
import { table } from './schema-tables.js';

const MODES = 6;
const RADIUS = 2.5;
const MODE_SD = 0.3;
/** No majority row within this distance of a mode's centre. */
const CLEAR = 1;
const NOISE_COLUMNS = ['n1', 'n2', 'n3', 'n4'];
export const MODE_COLUMNS = ['x', 'y', ...NOISE_COLUMNS];
const CENTRES = Array.from({ length: MODES }, (_, k) => [RADIUS * Math.cos((2 * Math.PI * k) / MODES), RADIUS * Math.sin((2 * Math.PI * k) / MODES)] as const);

/** One row of class `yes` (a mode on the ring) or `no` (uniform on [-4, 4]²), noise N(0, 1). */
function draw(minority: boolean, rng: Rng): Record<string, number> {
  let x: number;
  let y: number;
  if (minority) {
    const [cx, cy] = CENTRES[rng.int(MODES)]!;
    x = cx + MODE_SD * rng.normal();
    y = cy + MODE_SD * rng.normal();
  } else {
    // Rejected near a mode's centre, so a perfect classifier exists: what limits one is the data.
    do {
      x = 8 * rng.next() - 4;
      y = 8 * rng.next() - 4;
    } while (CENTRES.some(([cx, cy]) => Math.hypot(x - cx, y - cy) < CLEAR));
  }
  const out: Record<string, number> = { x, y };
  for (const n of NOISE_COLUMNS) out[n] = rng.normal();
  return out;
}

/** `majority` 'no' rows then `minority` 'yes' rows, in the label column 'class'. */
export function modesTable(options: { majority: number; minority: number; seed?: number }): A.Table {
  const rng = new Rng(options.seed ?? 3);
  const labels = [...Array<string>(options.majority).fill('no'), ...Array<string>(options.minority).fill('yes')];
  const rows = labels.map((l) => draw(l === 'yes', rng));
  return table([...MODE_COLUMNS.map((c): [string, A.DataType, unknown[]] => [c, new A.Float64(), rows.map((r) => r[c])]), ['class', new A.Utf8(), labels]]);
}

/** Samples the true generating distribution of modesTable (it learns nothing from the rows it is fitted on). */
class OracleSynthesizer implements Synthesizer {
  readonly name = 'oracle';
  private fitted: Dataset | undefined;

  async fit(data: Dataset) {
    this.fitted = data;
    return { epochs: 0, seconds: 0, history: [] };
  }

  async sample(counts: ReadonlyMap<number, number>, rng: Rng): Promise<Dataset> {
    const data = this.fitted!;
    const labels: number[] = [];
    for (const [c, n] of counts) for (let k = 0; k < n; k++) labels.push(c);
    const rows = labels.map((c) => draw(data.classes[c] === 'yes', rng));
    const features = data.features.map((f): Feature => {
      if (f.kind !== 'numeric' || !(MODE_COLUMNS as readonly string[]).includes(f.name)) throw new Error(`oracle: unexpected column ${f.name}`);
      return { ...f, values: Float64Array.from(rows, (r) => r[f.name]!) };
    });
    return { features, labels: Int32Array.from(labels), classes: data.classes, rowCount: labels.length };
  }

  async serialize() {
    return { config: null, arrays: {} };
  }

  dispose(): void {}
}

export const oracleFactory: SynthesizerFactory = {
  name: 'oracle',
  description: 'test-only: samples the true distribution of modesTable',
  supports: ['numeric'],
  usesTensorFlow: false,
  minRowsPerClass: () => 1,
  create: () => new OracleSynthesizer(),
  deserialize: () => new OracleSynthesizer(),
};
