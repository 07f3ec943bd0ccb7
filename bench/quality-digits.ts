/**
 * Imbalanced-digits quality benchmark: does dcgan augmentation help the `cnn` classifier recognise
 * the minority digit (3, ~3% of its MNIST images kept)? Compares none / random oversampling / dcgan
 * with the evaluator (minority recall and F1, mean ± std over folds x repeats, the paired bootstrap
 * CI vs none) and reports the measured time per dcgan training epoch on the default backend.
 *
 *   npx tsx bench/quality-digits.ts                            # 5 folds x 1 repeat, dcgan 10 epochs, full set
 *   npx tsx bench/quality-digits.ts --folds 2 --epochs 2 --majority 200
 *
 * `--majority N` keeps N images of each majority digit (default 700, the fixture's full set) so a
 * loaded machine can run a smaller version; the minority digit always keeps its 31 images.
 * Each configuration's result is saved in bench/results/quality-digits/<folds>x<repeats>-e<epochs>-n<majority>.json;
 * all saved results are written into the "Imbalanced digits"
 * sub-section of docs/benchmarks.md (between its own markers, right after the generated quality
 * section, so `bench/quality.ts` never overwrites it). `--docs-only` rebuilds that sub-section from
 * the saved results.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { digitsTable, MINORITY_DIGIT, trainCounts } from '../fixtures/digits/build.js';
import { registerBuiltins } from '../plugins/index.js';
import { initBackend } from '../src/backend/pick.js';
import { evaluate } from '../src/evaluate/index.js';
import type { EvaluationReport } from '../src/evaluate/report-types.js';
import { writeFileAtomic } from '../src/io/atomic.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const resultDir = join(repoRoot, 'bench', 'results', 'quality-digits');
const docsPath = join(repoRoot, 'docs', 'benchmarks.md');
const START = '<!-- quality-digits:start -->';
const END = '<!-- quality-digits:end -->';
const AFTER = '<!-- quality:end -->';

const { values } = parseArgs({
  options: {
    folds: { type: 'string', default: '5' },
    repeats: { type: 'string', default: '1' },
    epochs: { type: 'string', default: '10' },
    majority: { type: 'string', default: '700' },
    methods: { type: 'string', default: 'none,random,dcgan' },
    'docs-only': { type: 'boolean', default: false },
  },
});

if (values['docs-only']) {
  await writeDocs();
  process.exit(0);
}

registerBuiltins();
const backend = await initBackend('auto', { convolutions: true });
const majority = Number(values.majority);
const counts = trainCounts().map((n, d) => (d === MINORITY_DIGIT ? n : Math.min(n, majority)));
const table = digitsTable(counts);
const started = performance.now();
console.log(`[${new Date().toISOString()}] digits: ${table.numRows} rows (per digit ${counts.join(' ')}), backend ${backend.name}, ${values.folds} folds x ${values.repeats} repeats, dcgan ${values.epochs} epochs`);
const report = await evaluate({
  input: table,
  label: 'digit',
  name: 'digits-imbalanced',
  folds: values.folds,
  repeats: values.repeats,
  seed: 0,
  methods: values.methods,
  classifiers: 'cnn',
  epochs: values.epochs,
  progress: (e) => {
    if (e.message) console.log(`  ${e.done}/${e.total} ${e.message} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  },
});

const lines = summarise(report, backend.name, counts);
await mkdir(resultDir, { recursive: true });
await writeFile(join(resultDir, `${values.folds}x${values.repeats}-e${values.epochs}-n${majority}.json`), `${JSON.stringify({ counts, backend: backend.name, protocol: report.protocol, seconds: report.seconds, lines, summary: report.summary, comparisons: report.comparisons, failures: report.failures }, null, 1)}\n`);
console.log(lines.join('\n'));
await writeDocs();

/** Replace the "Imbalanced digits" sub-section of docs/benchmarks.md (and nothing else) with every saved result. */
async function writeDocs(): Promise<void> {
  const files = existsSync(resultDir) ? (await readdir(resultDir)).filter((f) => f.endsWith('.json')).sort() : [];
  const result: string[] = [];
  for (const f of files) {
    const saved = JSON.parse(await readFile(join(resultDir, f), 'utf8')) as { lines: string[] };
    result.push(`#### ${f.replace(/\.json$/, '')}`, '', ...saved.lines, '');
  }
  if (result.length === 0) result.push('_No results saved yet._', '');
  const section = [
    START,
    '### Imbalanced digits (images: dcgan + cnn)',
    '',
    'Produced by `npx tsx bench/quality-digits.ts` (also run by `npm run bench:quality`) from the saved results in `bench/results/quality-digits/` (one per configuration: folds x repeats, dcgan epochs, images per majority digit); do not edit by hand. The machine is shared (2 cores), so speeds vary with its load.',
    'Data: `fixtures/digits` (real MNIST digits; digit 3 keeps 31 of its 1,032 images). Protocol: the evaluator (stratified k-fold, augmentation of the training fold only, every minority class up to the majority count, metrics on the untouched real test fold); classifier `cnn`. Values: mean ± std over folds x repeats; the CI is the paired 95% bootstrap interval of the difference to `none`. A dcgan epoch is one pass over the real training fold (about (k-1)/k of the 6,331 images).',
    '',
    ...result,
    END,
  ].join('\n');
  let doc = existsSync(docsPath) ? await readFile(docsPath, 'utf8') : '# Benchmarks\n\n';
  if (doc.includes(START) && doc.includes(END)) {
    doc = doc.slice(0, doc.indexOf(START)) + section + doc.slice(doc.indexOf(END) + END.length);
  } else if (doc.includes(AFTER)) {
    const at = doc.indexOf(AFTER) + AFTER.length;
    doc = `${doc.slice(0, at)}\n\n${section}${doc.slice(at)}`;
  } else {
    doc = `${doc.trimEnd()}\n\n${section}\n`;
  }
  await writeFileAtomic(docsPath, doc);
}

function summarise(r: EvaluationReport, backendName: string, perDigit: readonly number[]): string[] {
  const f3 = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');
  const signed = (v: number): string => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${v.toFixed(3)}` : 'n/a');
  const p = r.protocol;
  const out = [
    `${r.dataset.rows} rows (per digit ${perDigit.join(' ')}), minority digit '${r.dataset.minorityClass}'; cnn classifier; ${p.folds} folds x ${p.repeats} repeat(s) (seed 0); dcgan ${p.epochs ?? 'default'} epochs; backend ${backendName}; ${(r.seconds / 60).toFixed(1)} min in all; load average ${loadavg()[0]!.toFixed(1)} at the end.`,
    '',
    '| method | minority recall (mean ± std) | minority F1 (mean ± std) | F1 vs none: mean diff [95% CI], Wilcoxon p | recall vs none: mean diff [95% CI] |',
    '|---|---|---|---|---|',
  ];
  for (const s of r.summary) {
    const cmp = (metric: string) => r.comparisons.find((c) => c.method === s.method && c.classifier === 'cnn' && c.metric === metric)?.comparison;
    const f1 = cmp('minority_f1');
    const rec = cmp('minority_recall');
    const m = s.metrics;
    out.push(
      `| ${s.method} | ${f3(m.minority_recall.mean)} ± ${f3(m.minority_recall.std)} | ${f3(m.minority_f1.mean)} ± ${f3(m.minority_f1.std)} | ${f1 ? `${signed(f1.meanDiff)} [${f3(f1.ciLow)}, ${f3(f1.ciHigh)}], p ${f3(f1.pValue)} (n=${f1.n})` : 'baseline'} | ${rec ? `${signed(rec.meanDiff)} [${f3(rec.ciLow)}, ${f3(rec.ciHigh)}]` : 'baseline'} |`,
    );
  }
  const gan = r.synthesizers.find((s) => s.method === 'dcgan');
  if (gan && gan.history.length > 0) {
    const secs = gan.history.map((h) => h.seconds ?? Number.NaN).filter(Number.isFinite);
    const ips = gan.history.map((h) => h.images_per_s ?? Number.NaN).filter(Number.isFinite);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const first = r.runs.find((x) => x.method === 'dcgan' && x.repeat === 0 && x.fold === 0);
    const foldRows = first ? `, an epoch = ${first.trainRows - first.syntheticRows} real training images` : '';
    out.push('', `dcgan training on the first split (${backendName}${foldRows}): ${f3(mean(secs))} s per epoch (range ${f3(Math.min(...secs))}-${f3(Math.max(...secs))}), ${mean(ips).toFixed(0)} images/s; fit + sample ${gan.seconds.mean.toFixed(0)} ± ${gan.seconds.std.toFixed(0)} s per split.`);
  }
  if (r.failures.length > 0) out.push('', `Could not run: ${[...new Set(r.failures.map((f) => `${f.method}: ${f.message}`))].join('; ')}`);
  return out;
}
