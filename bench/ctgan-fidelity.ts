/**
 * Fidelity figures behind docs/ctgan.md: how close synthetic minority rows are to the real ones.
 *
 *   npx tsx bench/ctgan-fidelity.ts fixture SEED [PARAMS_JSON] [EPOCHS]   the test fixture (150 minority rows)
 *   npx tsx bench/ctgan-fidelity.ts german_credit|pima_diabetes SEED [PARAMS_JSON] [EPOCHS]
 *   npx tsx bench/ctgan-fidelity.ts ... smote                              SMOTE as a reference point
 *
 * Prints, for the minority class (the smallest), per-column KS (numeric) or TV (categorical), and the
 * mean / max absolute difference between the real and synthetic Pearson correlation matrices of the
 * numeric columns: the evaluator's measures (src/evaluate/fidelity.ts), as in the study below.
 *
 * The small-class study (docs/ctgan.md, "Small classes: pac floor and a minimum number of steps"):
 *
 *   npx tsx bench/ctgan-fidelity.ts study --datasets haberman,ecoli_imu --seeds 1,2,3 \
 *       --candidates auto@100,floor10@100,floor10-noema@100,smote --out bench/results/ctgan-small-classes.jsonl
 *   npx tsx bench/ctgan-fidelity.ts summary FILE.jsonl [MORE.jsonl] > bench/results/ctgan-small-classes.md
 *
 * Study protocol (per dataset and seed): the first training fold of a stratified 5-fold split seeded
 * with the seed (the quality benchmark's fold size), ctgan fitted on it with that seed, 1000 rows of
 * the smallest class sampled, compared with the real rows of that class in the training fold
 * (src/evaluate/fidelity.ts: mean KS over numeric columns, mean TV over categorical ones, and their
 * mean over all columns). A candidate is `RULE[-noema]@EPOCHS` or `smote`:
 *   auto     the automatic pac of the first version (batch / 50 in [1, 10], dividing the batch)
 *   floorF   max(F, that pac), the batch rounded down to a multiple (passed as an explicit pac)
 *   default  no parameters: whatever the plugin does now
 *   -noema   sample from the last generator weights (no running average)
 * One JSON line per fit is appended to --out, so an interrupted study keeps what it measured.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Dataset, Feature, Synthesizer } from '../src/contracts.js';
import { initBackend } from '../src/backend/pick.js';
import { countByClass, rowsByClass, takeRows } from '../src/dataset.js';
import { measureFidelity, pearson } from '../src/evaluate/fidelity.js';
import { repeatedStratifiedSplits } from '../src/evaluate/folds.js';
import { Rng } from '../src/random.js';
import { ctganFactory } from '../plugins/ctgan/index.js';
import { DEFAULT_OPTIMIZER } from '../plugins/ctgan/train.js';
import { smoteFactory } from '../plugins/smote/index.js';
import { makeFixture } from '../test/support/ctgan-fixture.js';
import { readSharedDataset } from './shared-datasets.js';

const EMA_DECAY = DEFAULT_OPTIMIZER.generatorAverage;

async function load(name: string): Promise<Dataset> {
  return name === 'fixture' ? makeFixture(7) : readSharedDataset(name);
}

/** The rows of class `label`. */
function rowsOf(data: Dataset, label: number): Dataset {
  return takeRows(data, rowsByClass(data)[label]!);
}

/**
 * Per-column KS/TV and the mean (the evaluator's) and largest absolute difference between the
 * real and synthetic correlation matrices of the numeric columns.
 */
function compare(real: Dataset, synthetic: Dataset): { columns: Record<string, number>; corrMean: number; corrMax: number } {
  const f = measureFidelity(real, synthetic, real, real);
  const numeric = (d: Dataset): Float64Array[] => d.features.filter((x): x is Feature & { kind: 'numeric' } => x.kind === 'numeric').map((x) => x.values);
  const [r, s] = [numeric(real), numeric(synthetic)];
  let max = 0;
  for (let a = 0; a < r.length; a++) {
    for (let b = a + 1; b < r.length; b++) max = Math.max(max, Math.abs(pearson(r[a]!, r[b]!) - pearson(s[a]!, s[b]!)));
  }
  return { columns: Object.fromEntries(f.columns.map((c) => [c.name, c.distance])), corrMean: Number.isFinite(f.correlationDifference) ? f.correlationDifference : 0, corrMax: max };
}

/** One fit of the small-class study, as appended to the study's JSON-lines file. */
interface StudyRecord {
  readonly dataset: string;
  readonly candidate: string;
  readonly seed: number;
  /** Rows ctgan trained on (every class but the largest, in the training fold) and of the measured class. */
  readonly trainRows: number;
  readonly classRows: number;
  readonly pac: number | null;
  readonly epochs: number | null;
  readonly ema: boolean;
  readonly seconds: number;
  /** Mean KS over numeric columns / TV over categorical ones (null when there are none), and over all columns. */
  readonly meanKs: number | null;
  readonly meanTv: number | null;
  readonly meanDistance: number;
  readonly correlationDifference: number | null;
  readonly columns: Record<string, number>;
}

/** The automatic pac of ctgan's first adaptive version: batch / 50 within [1, 10], lowered until it divides the batch. */
function firstAutoPac(rows: number): number {
  const batch = Math.max(1, Math.min(500, rows));
  let pac = Math.max(1, Math.min(10, Math.floor(batch / 50)));
  while (batch % pac !== 0) pac--;
  return pac;
}

interface Candidate {
  readonly name: string;
  readonly smote: boolean;
  /** 'auto' | 'default' | floor value. */
  readonly rule: 'auto' | 'default' | number;
  readonly ema: boolean;
  readonly epochs: number | undefined;
}

function parseCandidate(text: string): Candidate {
  if (text === 'smote') return { name: text, smote: true, rule: 'default', ema: true, epochs: undefined };
  const m = /^(auto|default|floor(\d+))(-noema)?(?:@(\d+))?$/.exec(text);
  if (!m) throw new Error(`bad candidate '${text}': use auto|default|floorN[-noema][@EPOCHS] or smote`);
  return { name: text, smote: false, rule: m[2] ? Number(m[2]) : (m[1] as 'auto' | 'default'), ema: !m[3], epochs: m[4] ? Number(m[4]) : undefined };
}

async function fitOne(name: string, data: Dataset, candidate: Candidate, seed: number): Promise<StudyRecord> {
  const split = repeatedStratifiedSplits(data.labels, 5, 1, new Rng(seed))[0]!;
  const train = takeRows(data, split.train);
  const counts = countByClass(train);
  const present = counts.filter((c) => c > 0);
  const minority = counts.indexOf(Math.min(...present));
  const real = rowsOf(train, minority);
  const trainRows = train.rowCount - Math.max(...counts);
  let pac: number | undefined;
  if (candidate.rule === 'auto') pac = firstAutoPac(trainRows);
  else if (typeof candidate.rule === 'number') pac = Math.max(candidate.rule, firstAutoPac(trainRows));
  // The running average is a trainer setting without a plugin parameter; the study switches it here.
  (DEFAULT_OPTIMIZER as { generatorAverage: number }).generatorAverage = candidate.ema ? EMA_DECAY : 0;
  const synth: Synthesizer = candidate.smote ? smoteFactory.create({}) : ctganFactory.create(pac === undefined ? {} : { pac });
  try {
    const report = await synth.fit(train, { rng: new Rng(seed), ...(candidate.epochs ? { epochs: candidate.epochs } : {}) });
    const synthetic = await synth.sample(new Map([[minority, 1000]]), new Rng(2));
    const f = measureFidelity(real, synthetic, real, real);
    const columns = Object.fromEntries(f.columns.map((c) => [c.name, Number(c.distance.toFixed(4))]));
    const distances = f.columns.map((c) => c.distance);
    const num = (x: number): number | null => (Number.isFinite(x) ? Number(x.toFixed(4)) : null);
    return {
      dataset: name,
      candidate: candidate.name,
      seed,
      trainRows,
      classRows: real.rowCount,
      pac: pac ?? null,
      epochs: candidate.smote ? null : report.epochs,
      ema: candidate.ema,
      seconds: Number(report.seconds.toFixed(2)),
      meanKs: num(f.meanKs),
      meanTv: num(f.meanTv),
      meanDistance: Number((distances.reduce((a, b) => a + b, 0) / distances.length).toFixed(4)),
      correlationDifference: num(f.correlationDifference),
      columns,
    };
  } finally {
    synth.dispose();
    (DEFAULT_OPTIMIZER as { generatorAverage: number }).generatorAverage = EMA_DECAY;
  }
}

async function study(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      datasets: { type: 'string', default: 'haberman,ecoli_imu,glass,breast_cancer_ljubljana' },
      seeds: { type: 'string', default: '1,2,3' },
      candidates: { type: 'string', default: 'smote,auto@100,floor2@100,floor5@100,floor10@100' },
      out: { type: 'string', default: 'bench/results/ctgan-small-classes.jsonl' },
    },
  });
  await initBackend();
  const candidates = values.candidates.split(',').map(parseCandidate);
  const seeds = values.seeds.split(',').map(Number);
  // Re-read before every fit: another study process may be appending to the same file.
  const done = (key: string): boolean => existsSync(values.out) && readRecords(values.out).some((r) => `${r.dataset}|${r.candidate}|${r.seed}` === key);
  for (const name of values.datasets.split(',')) {
    const data = await load(name);
    for (const seed of seeds) {
      for (const candidate of candidates) {
        if (done(`${name}|${candidate.name}|${seed}`)) continue;
        const record = await fitOne(name, data, candidate, seed);
        appendFileSync(values.out, JSON.stringify(record) + '\n');
        console.log(`${name} ${candidate.name} seed ${seed}: pac ${record.pac ?? '-'} ${record.seconds} s, KS ${record.meanKs ?? '-'} TV ${record.meanTv ?? '-'} mean ${record.meanDistance}`);
      }
    }
  }
}

function readRecords(file: string): StudyRecord[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as StudyRecord);
}

/** Markdown table: per dataset and candidate, mean ± sd over seeds of the mean column distance, KS, TV, correlation gap and fit time. */
function summary(files: readonly string[]): void {
  const records = files.flatMap(readRecords);
  const stat = (xs: number[]): string => {
    if (xs.length === 0) return '-';
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) : 0;
    return `${m.toFixed(3)} ± ${sd.toFixed(3)}`;
  };
  const lines = [
    '| dataset (class rows / trained rows) | candidate | pac | epochs | seeds | mean KS/TV over columns | mean KS (numeric) | mean TV (categorical) | corr gap | fit s |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  const datasets = [...new Set(records.map((r) => r.dataset))];
  for (const d of datasets) {
    const own = records.filter((r) => r.dataset === d);
    for (const c of [...new Set(own.map((r) => r.candidate))]) {
      const rs = own.filter((r) => r.candidate === c);
      const nums = (k: 'meanKs' | 'meanTv' | 'correlationDifference'): number[] => rs.map((r) => r[k]).filter((x): x is number => x !== null);
      const pacs = [...new Set(rs.map((r) => r.pac ?? 'auto'))].join('/');
      const rows = `${[...new Set(rs.map((r) => r.classRows))].join('/')} / ${[...new Set(rs.map((r) => r.trainRows))].join('/')}`;
      lines.push(
        `| ${d} (${rows}) | ${c} | ${c === 'smote' ? '-' : pacs} | ${rs[0]!.epochs ?? '-'} | ${rs.map((r) => r.seed).join(',')} | ${stat(rs.map((r) => r.meanDistance))} | ` +
          `${stat(nums('meanKs'))} | ${stat(nums('meanTv'))} | ${stat(nums('correlationDifference'))} | ${stat(rs.map((r) => r.seconds)).replace(/(\d+\.\d)\d\d/g, '$1')} |`,
      );
    }
  }
  console.log(lines.join('\n'));
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  if (mode === 'study') return study(process.argv.slice(3));
  if (mode === 'summary') return summary(process.argv.length > 3 ? process.argv.slice(3) : ['bench/results/ctgan-small-classes.jsonl']);
  const [name = 'fixture', seedText = '1', paramsText = '{}', epochsText] = process.argv.slice(2);
  await initBackend();
  const data = await load(name);
  const counts = countByClass(data);
  const minority = counts.indexOf(Math.min(...counts));
  const real = rowsOf(data, minority);
  const useSmote = paramsText === 'smote';
  const synth: Synthesizer = useSmote ? smoteFactory.create({}) : ctganFactory.create(JSON.parse(paramsText) as Record<string, unknown>);
  const epochs = epochsText === undefined ? undefined : Number(epochsText);
  const report = await synth.fit(data, { rng: new Rng(Number(seedText)), ...(epochs ? { epochs } : {}) });
  const synthetic = await synth.sample(new Map([[minority, 1000]]), new Rng(2));
  synth.dispose();
  const c = compare(real, synthetic);
  const cols = Object.entries(c.columns);
  const worst = cols.reduce((w, e) => (e[1] > w[1] ? e : w), ['', 0] as [string, number]);
  console.log(
    `${name} seed ${seedText} ${useSmote ? 'smote' : paramsText}: fit ${report.seconds.toFixed(1)} s, ${report.epochs} epochs; ` +
      `KS/TV mean ${(cols.reduce((s, e) => s + e[1], 0) / cols.length).toFixed(3)} max ${worst[1].toFixed(3)} (${worst[0]}); ` +
      `corr diff mean ${c.corrMean.toFixed(3)} max ${c.corrMax.toFixed(3)}`,
  );
  console.log(`  per column: ${cols.map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`);
}

await main();
