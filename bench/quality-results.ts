/**
 * The quality benchmark's saved results (bench/results/<run>/<dataset>.json): their shape, how a
 * folder of them is read, and the number formats the generated tables share.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EvaluationReport } from '../src/evaluate/report-types.js';

/** What is kept per dataset: enough for the docs, small enough to commit. */
export interface SavedResult {
  dataset: string;
  rows: number;
  minorityClass: string;
  protocol: EvaluationReport['protocol'];
  seconds: number;
  backend: string;
  summary: Array<{ method: string; classifier: string; f1: [number, number]; prAuc: [number, number]; n: number }>;
  verdicts: Array<{ method: string; classifier: string; kind: string; meanDiff: number; pValue: number }>;
  prAucVerdicts: Array<{ method: string; classifier: string; kind: string; meanDiff: number; pValue: number }>;
  /** ctgan against the other augmenters, paired per split (mean over classifiers). */
  ganVs: Array<{ other: string; metric: string; meanDiff: number; ciLow: number; ciHigh: number; pValue: number; n: number }>;
  fidelity: Array<{ method: string; meanKs: number; meanTv: number; corr: number; dcrSynth: number; dcrHoldout: number; exactCopies: number; syntheticRows: number; fitSeconds: number; detectionAuc?: number }>;
  failures: string[];
  /** Per split (repeat:fold) and method: metrics averaged over the classifiers, for paired comparisons between runs. */
  splits?: Array<{ method: string; split: string; f1: number; prAuc: number }>;
}

/** Every `<dataset>.json` of a results folder, by file name. */
export async function loadSavedResults(dir: string): Promise<SavedResult[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(files.map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as SavedResult));
}

export const pm = (v: [number, number] | undefined): string => (v && Number.isFinite(v[0]) ? `${v[0].toFixed(3)}±${v[1].toFixed(3)}` : 'n/a');
export const f3 = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');
export const signed = (v: number): string => (Number.isFinite(v) ? `${v >= 0 ? '+' : ''}${v.toFixed(3)}` : 'n/a');
export const pv = (p: number): string => (!Number.isFinite(p) ? 'n/a' : p < 0.001 ? p.toExponential(1) : p.toFixed(3));
