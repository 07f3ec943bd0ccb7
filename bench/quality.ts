/**
 * Quality benchmark: run the evaluator on every dataset in ../shared/datasets (all methods, incl.
 * ctgan) and write the results into the quality section of docs/benchmarks.md, next to the
 * scikit-learn / imbalanced-learn reference numbers of ../shared/anchors.
 *
 *   npm run bench:quality                                   # every dataset, 5 folds x 3 repeats
 *   npx tsx bench/quality.ts --datasets haberman,glass --epochs 100
 *   npx tsx bench/quality.ts --docs-only                    # rebuild the docs from saved results
 *   nice npx tsx bench/quality.ts --screen all-even --ctgan-params '{"trainOn":"all","classSampling":"even"}' \
 *     --datasets glass,haberman --repeats 1 --methods smote,ctgan --epochs default
 *       # a screen: results in bench/results/screen-all-even/<dataset>.json, docs untouched,
 *       # datasets with a saved result are skipped (so a screen resumes)
 *   npx tsx bench/quality.ts --screen-table      # print the ablation table of every screen against screen-baseline
 *   npx tsx bench/quality.ts --screen-table --baseline baseline-s6 --screens baseline-s6,s20-a05-s6
 *   npx tsx bench/quality.ts --screen-summary --baseline full-v4 --screens full-v4,noise05-full-s7   # per screen: wins/ties/losses over the sets
 *       # only those screens, each paired by split with the given baseline screen (same dataset names)
 *   nice npx tsx bench/quality.ts --screen baseline-s6 --minority-rows 10 --datasets haberman,ecoli_imu \
 *     --folds 5 --repeats 2 --methods none,smote,ctgan --epochs default
 *       # small classes on more datasets: each dataset's smallest class is cut to 10 of its real rows
 *       # (a seeded draw, bench/minority-rows.ts; every other row kept), so about 8 per training fold
 *       # as glass has; saved as <dataset>-min10.json, the dataset named 'haberman-min10' in tables.
 *       # The rows are real, subsampled: say so wherever the figures appear.
 *   npx tsx bench/quality.ts --tables screen-full-v4,screen-full-v4-auto
 *       # threshold vs every method, auto vs the best single method, and issue #13's targets, from
 *       # saved results (folders under bench/results/ or paths; runs pair by split): printed and
 *       # written into docs/benchmarks.md between the method-tables markers
 *
 * Each dataset's summary is saved in bench/results/quality/<dataset>.json as soon as it finishes, so
 * a long run can be split over several invocations; the docs section is rebuilt from all saved files.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Table } from 'apache-arrow';
import { registerBuiltins } from '../plugins/index.js';
import { initBackend } from '../src/backend/pick.js';
import { comparePaired } from '../src/evaluate/compare.js';
import { evaluate } from '../src/evaluate/index.js';
import type { EvaluationReport } from '../src/evaluate/report-types.js';
import { writeFileAtomic } from '../src/io/atomic.js';
import { readTable } from '../src/io/read.js';
import { readOptions } from '../src/stage/prepare.js';
import { Rng } from '../src/random.js';
import { f3, loadSavedResults, pm, pv, signed, type SavedResult } from './quality-results.js';
import { minoritySubsample } from './minority-rows.js';
import { mergeRuns, methodTables } from './quality-tables.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(repoRoot, '..', 'shared');
const resultsDir = join(repoRoot, 'bench', 'results', 'quality');
const docsPath = join(repoRoot, 'docs', 'benchmarks.md');
const START = '<!-- quality:start -->';
const END = '<!-- quality:end -->';
const TABLES_START = '<!-- method-tables:start -->';
const TABLES_END = '<!-- method-tables:end -->';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      datasets: { type: 'string' },
      epochs: { type: 'string', default: '100' },
      folds: { type: 'string', default: '5' },
      repeats: { type: 'string', default: '3' },
      methods: { type: 'string', default: 'none,balanced,threshold,random,smote,ctgan,auto' },
      classifiers: { type: 'string', default: 'logistic,mlp,forest' },
      'docs-only': { type: 'boolean', default: false },
      /** Name of a screening run: results go to bench/results/screen-NAME/, the docs are not rebuilt. */
      screen: { type: 'string' },
      /** ctgan parameters as a JSON object, e.g. '{"trainOn":"all"}'. */
      'ctgan-params': { type: 'string' },
      /** Candidates of the `auto` method (evaluate's --auto-candidates). */
      'auto-candidates': { type: 'string' },
      /** --amount for every synthesizer method (a screen of 'auto'). */
      amount: { type: 'string' },
      /** Cut each dataset's smallest class to this many (real, seeded) rows before evaluating. */
      'minority-rows': { type: 'string' },
      /** The evaluation's seed (folds, fits): another seed checks a screen's result is not one draw's. */
      seed: { type: 'string', default: '0' },
      'screen-table': { type: 'boolean', default: false },
      'screen-summary': { type: 'boolean', default: false },
      tables: { type: 'string' },
      /** --screen-table: the baseline screen to pair with, and the screens to list (default: all, with their protocol's baseline). */
      baseline: { type: 'string' },
      screens: { type: 'string' },
    },
  });
  if (values.tables !== undefined) {
    await writeMethodTables(values.tables.split(','));
    return;
  }
  if (values['screen-table'] || values['screen-summary']) {
    const rows = await screenRows(values.baseline, values.screens?.split(','));
    console.log((values['screen-summary'] ? screenSummary(rows) : screenTable(rows)).join('\n'));
    return;
  }
  const screen = values.screen;
  if (screen !== undefined && !/^[\w.-]+$/.test(screen)) throw new Error(`--screen: use letters, digits, '.', '_' or '-', got '${screen}'`);
  const outDir = screen === undefined ? resultsDir : join(repoRoot, 'bench', 'results', `screen-${screen}`);
  const ctganParams = values['ctgan-params'] === undefined ? undefined : (JSON.parse(values['ctgan-params']) as Record<string, unknown>);
  // 'default': leave the epochs to the model's own rule (at least 600 optimizer steps for ctgan).
  const epochs = values.epochs === 'default' ? undefined : values.epochs;
  const minorityRows = values['minority-rows'] === undefined ? undefined : Number(values['minority-rows']);
  if (!existsSync(join(shared, 'datasets'))) {
    console.warn(`bench:quality: ${join(shared, 'datasets')} is missing; nothing to run.`);
    return;
  }
  if (!values['docs-only']) {
    registerBuiltins();
    const backend = await initBackend('auto');
    const all = (await readdir(join(shared, 'datasets'))).filter((f) => f.endsWith('.csv')).map((f) => f.replace(/\.csv$/, ''));
    const chosen = values.datasets ? values.datasets.split(',') : all;
    await mkdir(outDir, { recursive: true });
    for (const file of chosen) {
      const name = minorityRows === undefined ? file : `${file}-min${minorityRows}`;
      if (screen !== undefined && existsSync(join(outDir, `${name}.json`))) {
        console.log(`${name}: already in ${outDir}, skipped`);
        continue;
      }
      const started = performance.now();
      console.log(`[${new Date().toISOString()}] ${name}: start`);
      const path = join(shared, 'datasets', `${file}.csv`);
      const input = minorityRows === undefined ? path : await subsampled(path, minorityRows);
      const report = await evaluate({
        input,
        name,
        label: 'label',
        folds: values.folds,
        repeats: values.repeats,
        seed: Number(values.seed),
        methods: values.methods,
        classifiers: values.classifiers,
        ...(epochs !== undefined ? { epochs } : {}),
        ...(ctganParams ? { synthesizerParams: { ctgan: ctganParams } } : {}),
        ...(values['auto-candidates'] !== undefined ? { autoCandidates: values['auto-candidates'] } : {}),
        ...(values.amount !== undefined ? { amount: values.amount } : {}),
        progress: (e) => {
          if (e.message && e.done % 5 === 0) console.log(`  ${name} ${e.done}/${e.total} ${e.message} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
        },
      });
      const saved = toSaved(report, backend.name);
      const extra = { ...(ctganParams ? { ctganParams } : {}), ...(values.amount !== undefined ? { amount: values.amount } : {}), ...(minorityRows !== undefined ? { minorityRows } : {}) };
      await writeFile(join(outDir, `${name}.json`), `${JSON.stringify({ ...saved, ...extra }, null, 1)}\n`);
      console.log(`[${new Date().toISOString()}] ${name}: done in ${report.seconds.toFixed(0)} s`);
      if (screen === undefined) await writeDocs();
    }
  }
  if (screen === undefined) await writeDocs();
}

/** The dataset at `path` with its smallest class cut to `rows` real rows (seed 0), as evaluate reads it. */
async function subsampled(path: string, rows: number): Promise<Table> {
  const { table } = await readTable(path, readOptions({ delimiter: undefined, label: 'label' }));
  const cut = minoritySubsample(table, 'label', rows, 0);
  console.log(`  ${basename(path)}: class '${cut.minorityClass}' cut from ${cut.originalRows} to ${Math.min(rows, cut.originalRows)} rows (${cut.table.numRows} rows in all)`);
  return cut.table;
}

function toSaved(report: EvaluationReport, backend: string): SavedResult {
  const verdictsOn = (metric: string): SavedResult['verdicts'] =>
    report.comparisons
      .filter((c) => c.metric === metric)
      .map((c) => {
        const p = c.comparison.pValue;
        const kind = Number.isFinite(p) && p < report.protocol.alpha ? (c.comparison.meanDiff > 0 ? 'helps' : 'hurts') : 'no significant difference';
        return { method: c.method, classifier: c.classifier, kind, meanDiff: c.comparison.meanDiff, pValue: p };
      });
  const ganVs: SavedResult['ganVs'] = [];
  if (report.protocol.methods.includes('ctgan')) {
    const perSplit = (method: string, metric: 'minority_f1' | 'minority_pr_auc'): Map<string, number> => perSplitMean(report, method, metric);
    for (const other of report.protocol.methods.filter((m) => m !== 'ctgan')) {
      for (const metric of ['minority_f1', 'minority_pr_auc'] as const) {
        const gan = perSplit('ctgan', metric);
        const base = perSplit(other, metric);
        const keys = [...gan.keys()].filter((k) => base.has(k));
        const c = comparePaired(keys.map((k) => gan.get(k)!), keys.map((k) => base.get(k)!), new Rng(0).fork(`${other}:${metric}`));
        ganVs.push({ other, metric, meanDiff: c.meanDiff, ciLow: c.ciLow, ciHigh: c.ciHigh, pValue: c.pValue, n: c.n });
      }
    }
  }
  return {
    dataset: report.dataset.name,
    rows: report.dataset.rows,
    minorityClass: report.dataset.minorityClass,
    protocol: report.protocol,
    seconds: report.seconds,
    backend,
    summary: report.summary.map((s) => ({
      method: s.method,
      classifier: s.classifier,
      f1: [s.metrics.minority_f1.mean, s.metrics.minority_f1.std],
      prAuc: [s.metrics.minority_pr_auc.mean, s.metrics.minority_pr_auc.std],
      n: s.metrics.minority_f1.n,
    })),
    verdicts: verdictsOn('minority_f1'),
    prAucVerdicts: verdictsOn('minority_pr_auc'),
    ganVs,
    fidelity: report.synthesizers.map((s) => ({
      method: s.method,
      meanKs: s.fidelity?.meanKs ?? Number.NaN,
      meanTv: s.fidelity?.meanTv ?? Number.NaN,
      corr: s.fidelity?.correlationDifference ?? Number.NaN,
      dcrSynth: s.fidelity?.dcrSyntheticToTrain.median ?? Number.NaN,
      dcrHoldout: s.fidelity?.dcrHoldoutToTrain.median ?? Number.NaN,
      exactCopies: s.fidelity?.exactCopies ?? 0,
      syntheticRows: s.fidelity?.syntheticRows ?? 0,
      fitSeconds: s.seconds.mean,
      detectionAuc: s.fidelity?.detectionAuc ?? Number.NaN,
    })),
    failures: [...new Set(report.failures.map((f) => `${f.method}: ${f.message}`))],
    splits: report.protocol.methods.flatMap((method) => {
      const f1 = perSplitMean(report, method, 'minority_f1');
      const pr = perSplitMean(report, method, 'minority_pr_auc');
      return [...f1].map(([split, v]) => ({ method, split, f1: v, prAuc: pr.get(split)! }));
    }),
  };
}

/** A paired comparison of two per-split series: mean difference, splits won, pairs, Wilcoxon p (NaN below 6 pairs). */
interface Paired {
  readonly diff: number;
  readonly wins: number;
  readonly n: number;
  readonly p: number;
}

/** One screen's result on one dataset, paired with its baseline (screenRows). */
interface ScreenRow {
  readonly screen: string;
  readonly described: string;
  readonly dataset: string;
  readonly f1: number;
  readonly vsToday: Paired | undefined;
  readonly vsSmote: Paired | undefined;
  readonly vsClassic: Paired | undefined;
  readonly vsNone: Paired | undefined;
  readonly prVsNone: Paired | undefined;
  readonly detection: number;
  readonly fitSeconds: number;
}

/**
 * The screens (bench/results/screen-NAME/), per screen and dataset: ctgan's minority F1 and its
 * paired differences against today's ctgan (screen-baseline), SMOTE and the best classic method of
 * the baseline (the best mean of balanced, random, smote), the minority F1 and PR-AUC differences
 * against none, the detection AUC and the fit+sample seconds per split. With `baselineName`, the
 * screens `only` (default: all) are paired with screen-<baselineName>, result by result of the same
 * dataset name (e.g. 'haberman-min10').
 */
async function screenRows(baselineName?: string, only?: readonly string[]): Promise<ScreenRow[]> {
  const root = join(repoRoot, 'bench', 'results');
  const listed = only?.map((s) => `screen-${s}`) ?? (await readdir(root)).filter((d) => d.startsWith('screen-'));
  const missing = listed.find((d) => !existsSync(join(root, d)));
  if (missing !== undefined) throw new Error(`--screens: no results folder bench/results/${missing}`);
  const first = baselineName === undefined ? 'screen-baseline' : `screen-${baselineName}`;
  const screens = [...listed].sort((a, b) => (a === first ? -1 : b === first ? 1 : a.localeCompare(b)));
  const load = (dir: string): Promise<SavedResult[]> => loadSavedResults(join(root, dir));
  // Each screen is paired with the baseline of its own protocol: screen-baseline (5 x 1), screen-baseline5x2 (5 x 2),
  // or the one named.
  const baselineDirs = baselineName === undefined ? ['screen-baseline', 'screen-baseline5x2'] : [first];
  const baselines = new Map<string, SavedResult[]>();
  for (const dir of baselineDirs) if (existsSync(join(root, dir))) baselines.set(dir, await load(dir));
  if (baselineName !== undefined && !baselines.has(first)) throw new Error(`--baseline: no results folder bench/results/${first}`);
  const baselineOf = (r: SavedResult): { dir: string; result: SavedResult | undefined } => {
    const dir = baselineName !== undefined ? first : r.protocol.repeats === 2 ? 'screen-baseline5x2' : 'screen-baseline';
    return { dir, result: baselines.get(dir)?.find((b) => b.dataset === r.dataset) };
  };
  const values = (r: SavedResult | undefined, method: string, metric: 'f1' | 'prAuc'): Map<string, number> =>
    new Map((r?.splits ?? []).filter((x) => x.method === method).map((x) => [x.split, x[metric]]));
  // A method the screen did not run (smote, the classics) comes from its baseline: same seed, same splits.
  const either = (r: SavedResult, base: SavedResult | undefined, method: string, metric: 'f1' | 'prAuc'): Map<string, number> => {
    const own = values(r, method, metric);
    return own.size > 0 ? own : values(base, method, metric);
  };
  const paired = (a: Map<string, number>, b: Map<string, number>): Paired | undefined => {
    const keys = [...a.keys()].filter((k) => b.has(k));
    if (keys.length === 0) return undefined;
    const d = keys.map((k) => a.get(k)! - b.get(k)!);
    const p = keys.length >= 6 ? comparePaired(keys.map((k) => a.get(k)!), keys.map((k) => b.get(k)!), new Rng(0)).pValue : Number.NaN;
    return { diff: d.reduce((x, y) => x + y, 0) / d.length, wins: d.filter((x) => x > 0).length, n: d.length, p };
  };
  const rows: ScreenRow[] = [];
  for (const dir of screens) {
    for (const r of await load(dir)) {
      const { dir: baseDir, result: base } = baselineOf(r);
      // The screen's GAN: 'ctgan', or a filtered 'ctgan+purity'.
      const method = r.protocol.methods.find((m) => m.startsWith('ctgan')) ?? 'ctgan';
      const gan = values(r, method, 'f1');
      const mean = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0) / m.size;
      const classic = ['balanced', 'random', 'smote'].map((m) => values(base, m, 'f1')).filter((m) => m.size > 0).sort((a, b) => mean(b) - mean(a))[0];
      const fid = r.fidelity.find((f) => f.method === method);
      const extra = r as SavedResult & { ctganParams?: unknown; amount?: unknown };
      const described = [method === 'ctgan' ? '' : method, extra.ctganParams ? `\`${JSON.stringify(extra.ctganParams)}\`` : '', extra.amount !== undefined ? `amount ${String(extra.amount)}` : ''].filter((x) => x !== '').join(', ') || 'defaults';
      rows.push({
        screen: dir.replace(/^screen-/, ''),
        described,
        dataset: r.dataset,
        f1: mean(gan),
        vsToday: dir === baseDir ? undefined : paired(gan, values(base, 'ctgan', 'f1')),
        vsSmote: paired(gan, either(r, base, 'smote', 'f1')),
        vsClassic: classic ? paired(gan, classic) : undefined,
        vsNone: paired(gan, either(r, base, 'none', 'f1')),
        prVsNone: paired(values(r, method, 'prAuc'), either(r, base, 'none', 'prAuc')),
        detection: fid?.detectionAuc ?? Number.NaN,
        fitSeconds: fid?.fitSeconds ?? Number.NaN,
      });
    }
  }
  return rows;
}

const pairedText = (c: Paired | undefined): string =>
  c === undefined ? 'n/a' : `${signed(c.diff)} (${c.wins}/${c.n}${Number.isFinite(c.p) ? `, p ${c.p.toFixed(3)}` : ''})`;

/** The per-dataset ablation table (--screen-table). */
function screenTable(rows: readonly ScreenRow[]): string[] {
  return [
    '| screen | ctgan method, params | dataset | ctgan F1 | vs today\'s ctgan | vs smote | vs best classic | F1 vs none | PR-AUC vs none | detection AUC | fit+sample s/split |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.screen} | ${r.described} | ${r.dataset} | ${f3(r.f1)} | ${r.vsToday ? pairedText(r.vsToday) : '-'} | ${pairedText(r.vsSmote)} | ${pairedText(r.vsClassic)} | ${pairedText(r.vsNone)} | ${pairedText(r.prVsNone)} | ${f3(r.detection)} | ${Number.isFinite(r.fitSeconds) ? r.fitSeconds.toFixed(1) : 'n/a'} |`,
    ),
  ];
}

/**
 * Issue #12's ablation summary (--screen-summary): per screen, significantly better / tied / worse
 * (two-sided Wilcoxon at 0.05) on how many datasets against today's ctgan, SMOTE and the best classic,
 * PR-AUC significantly below none, glass against none, the largest detection AUC and the seconds.
 */
function screenSummary(rows: readonly ScreenRow[], alpha = 0.05): string[] {
  const btw = (cs: readonly (Paired | undefined)[]): string => {
    const tested = cs.filter((c): c is Paired => c !== undefined);
    const better = tested.filter((c) => c.p < alpha && c.diff > 0).length;
    const worse = tested.filter((c) => c.p < alpha && c.diff < 0).length;
    return `${better} / ${tested.length - better - worse} / ${worse}`;
  };
  const lines = [
    '| screen | ctgan method, params | sets | vs today\'s ctgan (better / tie / worse) | vs smote | vs best classic | PR-AUC below none | glass F1 vs none | max detection AUC | fit+sample s/split (mean over sets) |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const screen of [...new Set(rows.map((r) => r.screen))]) {
    const of = rows.filter((r) => r.screen === screen);
    const glass = of.find((r) => r.dataset === 'glass');
    const prLosses = of.filter((r) => r.prVsNone !== undefined && r.prVsNone.p < alpha && r.prVsNone.diff < 0).map((r) => r.dataset);
    const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    lines.push(
      `| ${screen} | ${of[0]!.described} | ${of.length} | ${of.some((r) => r.vsToday) ? btw(of.map((r) => r.vsToday)) : '-'} | ${btw(of.map((r) => r.vsSmote))} | ${btw(of.map((r) => r.vsClassic))} | ${prLosses.length}${prLosses.length > 0 ? ` (${prLosses.join(', ')})` : ''} | ${glass ? pairedText(glass.vsNone) : 'n/a'} | ${f3(Math.max(...of.map((r) => r.detection).filter(Number.isFinite)))} | ${mean(of.map((r) => r.fitSeconds).filter(Number.isFinite)).toFixed(1)} |`,
    );
  }
  return lines;
}

/** Per split (repeat:fold): the metric averaged over the classifiers (splits where one failed are left out). */
function perSplitMean(report: EvaluationReport, method: string, metric: 'minority_f1' | 'minority_pr_auc'): Map<string, number> {
  const sums = new Map<string, number[]>();
  for (const r of report.runs.filter((x) => x.method === method)) {
    const key = `${r.repeat}:${r.fold}`;
    sums.set(key, [...(sums.get(key) ?? []), r.metrics[metric]]);
  }
  return new Map([...sums].filter(([, v]) => v.length === report.protocol.classifiers.length).map(([k, v]) => [k, v.reduce((a, b) => a + b, 0) / v.length]));
}

// ---------------------------------------------------------------------------------------------
// docs/benchmarks.md, quality section
// ---------------------------------------------------------------------------------------------

const ANCHOR_METHOD: Record<string, string> = { none: 'none', random: 'ros', smote: 'smote' };
const ANCHOR_CLASSIFIER: Record<string, string> = { logistic: 'logreg', mlp: 'mlp', forest: 'rf' };

async function loadAnchors(): Promise<Map<string, { f1: [number, number]; prAuc: [number, number] }>> {
  const out = new Map<string, { f1: [number, number]; prAuc: [number, number] }>();
  const file = join(shared, 'anchors', 'baseline_results.csv');
  if (!existsSync(file)) return out;
  const [header, ...lines] = (await readFile(file, 'utf8')).trim().split('\n');
  const cols = header!.split(',');
  const at = (row: string[], name: string): string => row[cols.indexOf(name)]!;
  for (const line of lines) {
    const row = line.split(',');
    out.set(`${at(row, 'dataset')}|${at(row, 'method')}|${at(row, 'classifier')}`, {
      f1: [Number(at(row, 'minority_f1_mean')), Number(at(row, 'minority_f1_std'))],
      prAuc: [Number(at(row, 'minority_pr_auc_mean')), Number(at(row, 'minority_pr_auc_std'))],
    });
  }
  return out;
}


async function writeDocs(): Promise<void> {
  if (!existsSync(resultsDir)) return;
  const results = await loadSavedResults(resultsDir);
  const anchors = await loadAnchors();
  const lines: string[] = [START, '## Quality: does augmentation help a classifier?', ''];
  lines.push(
    'Produced by `npm run bench:quality` (bench/quality.ts) from the saved results in `bench/results/quality/`; do not edit by hand.',
    'Protocol as in the anchors (`../shared/anchors/baseline_summary.md`): stratified 5-fold CV x 3 repeats (seed 0), preprocessing fitted on the (augmented) training fold, augmentation of the training fold only (every minority class up to the majority count), metrics on the untouched real test fold; minority = smallest class of the dataset; minority F1 at the argmax decision. Values: mean±std over the splits.',
    'Our classifiers are re-implementations, not scikit-learn: `logistic` (L2, C=1, L-BFGS) ~ logreg, `mlp` (64 ReLU, Adam, early stopping, TensorFlow.js) ~ MLPClassifier((64,)), `forest` (100 CART trees, sqrt features) ~ RandomForestClassifier. Methods: `random` ~ RandomOverSampler (ros), `smote` ~ SMOTE/SMOTENC; `balanced` (class weights) and `ctgan` have no anchor. Anchor columns: scikit-learn 1.2 + imbalanced-learn 0.10 on the same files.',
    '',
  );
  if (results.length === 0) lines.push('_No results saved yet._', '');
  for (const r of results) {
    const p = r.protocol;
    lines.push(`### ${r.dataset}`, '');
    lines.push(
      `${r.rows} rows, minority class '${r.minorityClass}'. Ran ${p.folds} folds x ${p.repeats} repeat(s), ctgan epochs ${p.epochs ?? 'default'}, backend ${r.backend}, ${(r.seconds / 60).toFixed(1)} min.`,
      '',
    );
    lines.push('| method | classifier | minority F1 (ours) | minority F1 (anchor) | PR-AUC (ours) | PR-AUC (anchor) | verdict on minority F1 vs none (p) |', '|---|---|---|---|---|---|---|');
    for (const s of r.summary) {
      const key = `${r.dataset}|${ANCHOR_METHOD[s.method] ?? '-'}|${ANCHOR_CLASSIFIER[s.classifier] ?? '-'}`;
      const a = anchors.get(key);
      const v = r.verdicts.find((x) => x.method === s.method && x.classifier === s.classifier);
      lines.push(`| ${s.method} | ${s.classifier} | ${pm(s.f1)} | ${pm(a?.f1)} | ${pm(s.prAuc)} | ${pm(a?.prAuc)} | ${v ? `${v.kind} (${signed(v.meanDiff)}, p ${pv(v.pValue)})` : 'baseline'} |`);
    }
    lines.push('');
    const gan = r.ganVs;
    if (gan.length > 0 && gan.every((g) => g.n === 0)) {
      lines.push('**The GAN (ctgan) could not run on any split of this dataset** (see "Could not run" below).', '');
    } else if (gan.length > 0) {
      const all = r.verdicts.find((v) => v.method === 'ctgan' && v.classifier === 'all');
      const allPr = r.prAucVerdicts.find((v) => v.method === 'ctgan' && v.classifier === 'all');
      lines.push(
        `**The GAN (ctgan), mean over classifiers:** vs none on minority F1: ${all ? `${all.kind} (${signed(all.meanDiff)}, p ${pv(all.pValue)})` : 'n/a'}; on PR-AUC: ${allPr ? `${allPr.kind} (${signed(allPr.meanDiff)}, p ${pv(allPr.pValue)})` : 'n/a'}.`,
        '',
        '| ctgan vs | metric | mean difference [95% CI] | Wilcoxon p | result |',
        '|---|---|---|---|---|',
      );
      for (const g of gan) {
        const result = g.n < 6 ? 'untestable (a two-sided Wilcoxon needs at least 6 pairs to reach p < 0.05)' : Number.isFinite(g.pValue) && g.pValue < 0.05 ? (g.meanDiff > 0 ? 'GAN wins' : 'GAN loses') : 'tie';
        lines.push(`| ${g.other} | ${g.metric} | ${signed(g.meanDiff)} [${f3(g.ciLow)}, ${f3(g.ciHigh)}] | ${pv(g.pValue)} | ${result} |`);
      }
      lines.push('');
    }
    if (r.fidelity.length > 0) {
      lines.push('| synthesizer | mean KS | mean TV | corr. diff | DCR synth→train (median) | DCR holdout→train (median) | exact copies | fit+sample s/split |', '|---|---|---|---|---|---|---|---|');
      for (const f of r.fidelity) {
        lines.push(`| ${f.method} | ${f3(f.meanKs)} | ${f3(f.meanTv)} | ${f3(f.corr)} | ${f3(f.dcrSynth)} | ${f3(f.dcrHoldout)} | ${f.exactCopies} of ${f.syntheticRows} | ${f.fitSeconds.toFixed(1)} |`);
      }
      lines.push('');
    }
    if (r.failures.length > 0) lines.push(`Could not run: ${r.failures.map((f) => f.replace(/^([\w-]+): \1: /, '$1: ')).join('; ')}`, '');
  }
  lines.push(...ganOverview(results), END);
  await replaceDocsSection(START, END, lines.join('\n'));
}

/** Replace the docs section between `start` and `end` (the markers included in `section`), or append it. */
async function replaceDocsSection(start: string, end: string, section: string): Promise<void> {
  let doc = existsSync(docsPath) ? await readFile(docsPath, 'utf8') : '# Benchmarks\n\n';
  if (doc.includes(start) && doc.includes(end)) {
    doc = doc.slice(0, doc.indexOf(start)) + section + doc.slice(doc.indexOf(end) + end.length);
  } else {
    doc = `${doc.trimEnd()}\n\n${section}\n`;
  }
  await writeFileAtomic(docsPath, doc);
}

/** `--tables DIR[,DIR2]`: the tables of bench/quality-tables.ts, printed and written into the docs. */
async function writeMethodTables(dirs: readonly string[]): Promise<void> {
  const paths = dirs.map((d) => (existsSync(d) ? resolve(d) : join(repoRoot, 'bench', 'results', d)));
  const missing = paths.find((p) => !existsSync(p));
  if (missing !== undefined) throw new Error(`--tables: no results folder ${missing}`);
  const runs = await Promise.all(paths.map((p) => loadSavedResults(p)));
  const source = dirs.map((d) => `\`${d}\``).join(' and ');
  const lines = [
    TABLES_START,
    '### Method against method: threshold, auto and the best single method',
    '',
    `Produced by \`npx tsx bench/quality.ts --tables ${dirs.join(',')}\` from the saved results in ${source}; do not edit by hand.`,
    '',
    ...methodTables(mergeRuns(runs)),
    TABLES_END,
  ];
  console.log(lines.slice(1, -1).join('\n'));
  await replaceDocsSection(TABLES_START, TABLES_END, lines.join('\n'));
}

/** One line per dataset: where the GAN wins, ties and loses against none and the classic oversamplers. */
function ganOverview(results: SavedResult[]): string[] {
  const withGan = results.filter((r) => r.ganVs.length > 0);
  if (withGan.length === 0) return [];
  const lines = ['### Where the GAN wins, ties and loses (minority F1 and PR-AUC, mean over classifiers, paired Wilcoxon at 0.05)', ''];
  lines.push('| dataset | vs none (F1) | vs none (PR-AUC) | vs random (F1) | vs smote (F1) | vs smote (PR-AUC) |', '|---|---|---|---|---|---|');
  const word = (g: SavedResult['ganVs'][number] | undefined): string =>
    !g ? 'n/a' : g.n === 0 ? 'could not run' : g.n < 6 ? `untestable, ${g.n} splits (${signed(g.meanDiff)})` : Number.isFinite(g.pValue) && g.pValue < 0.05 ? `${g.meanDiff > 0 ? 'wins' : 'loses'} (${signed(g.meanDiff)})` : `ties (${signed(g.meanDiff)})`;
  for (const r of withGan) {
    const g = (other: string, metric: string): SavedResult['ganVs'][number] | undefined => r.ganVs.find((x) => x.other === other && x.metric === metric);
    lines.push(`| ${r.dataset} | ${word(g('none', 'minority_f1'))} | ${word(g('none', 'minority_pr_auc'))} | ${word(g('random', 'minority_f1'))} | ${word(g('smote', 'minority_f1'))} | ${word(g('smote', 'minority_pr_auc'))} |`);
  }
  lines.push('');
  const tally = (other: string, metric: string): string => {
    const counts = { wins: [] as string[], ties: [] as string[], loses: [] as string[], 'too few splits to test (< 6 pairs)': [] as string[], 'could not run': [] as string[] };
    for (const r of withGan) {
      const g = r.ganVs.find((x) => x.other === other && x.metric === metric);
      if (!g) continue;
      const key = g.n === 0 ? 'could not run' : g.n < 6 ? 'too few splits to test (< 6 pairs)' : Number.isFinite(g.pValue) && g.pValue < 0.05 ? (g.meanDiff > 0 ? 'wins' : 'loses') : 'ties';
      counts[key].push(r.dataset);
    }
    return (Object.entries(counts) as [string, string[]][])
      .filter(([, v]) => v.length > 0)
      .map(([k, v]) => `${k} on ${v.length} (${v.join(', ')})`)
      .join('; ');
  };
  lines.push(
    'In plain words (generated from the table above):',
    '',
    `- ctgan vs no augmentation, minority F1: ${tally('none', 'minority_f1')}.`,
    `- ctgan vs no augmentation, PR-AUC: ${tally('none', 'minority_pr_auc')}.`,
    `- ctgan vs SMOTE, minority F1: ${tally('smote', 'minority_f1')}.`,
    `- ctgan vs SMOTE, PR-AUC: ${tally('smote', 'minority_pr_auc')}.`,
    `- ctgan vs random oversampling, minority F1: ${tally('random', 'minority_f1')}.`,
    '',
  );
  return lines;
}

await main();
