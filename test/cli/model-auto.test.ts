/**
 * `augment --model auto`: the choice is made by cross-validation on the input, recorded in the
 * summary with its evidence; when nothing beats the best baseline the input goes out unchanged
 * (every row marked real), and --require-improvement then exits 10 and writes nothing.
 * `fit --model auto` then has nothing worth fitting: it exits 10 and saves no model folder.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/terminal.js';
import { main } from '../../src/cli/main.js';

/** Perfectly separable already: no oversampler can beat the real rows alone. */
function separableCsv(): { dir: string; csv: string; rows: string[] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-auto-'));
  const csv = path.join(dir, 'separable.csv');
  const rows = ['x,z,y'];
  for (let i = 0; i < 80; i++) rows.push(`${i},${i % 3},${i < 12 ? 'yes' : 'no'}`);
  writeFileSync(csv, `${rows.join('\n')}\n`);
  return { dir, csv, rows };
}

describe('augment --model auto', () => {
  it('records the choice, and writes the input unchanged when no candidate beats the baselines', async () => {
    const { dir, csv, rows } = separableCsv();
    const out = path.join(dir, 'out.csv');
    const summary = path.join(dir, 'summary.json');
    const args = ['augment', '--input', csv, '--label', 'y', '--output', out, '--model', 'auto', '--auto-candidates', 'random', '--auto-classifiers', 'forest', '--summary', summary];
    const io = captureIO();
    const code = await main(args, io);
    expect(code, io.stderrText()).toBe(0);
    expect(io.stderrText()).toMatch(/--model auto: Do not augment/);
    const written = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(written).toEqual([`${rows[0]},is_synthetic`, ...rows.slice(1).map((r) => `${r},false`)]);
    const record = JSON.parse(readFileSync(summary, 'utf8')) as { options: { auto: { chosen: string | null; candidates: string[]; ranking: { method: string }[] } }; classes: { added: number }[] };
    expect(record.options.auto.chosen).toBeNull();
    expect(record.options.auto.candidates).toEqual(['random']);
    expect(record.options.auto.ranking.map((r) => r.method).sort()).toEqual(['balanced', 'none', 'random', 'threshold']);
    expect(record.classes.every((c) => c.added === 0)).toBe(true);

    const strict = path.join(dir, 'strict.csv');
    const io2 = captureIO();
    expect(await main([...args.slice(0, 6), strict, ...args.slice(7, 13), '--require-improvement', 'minority_f1'], io2)).toBe(10);
    expect(existsSync(strict)).toBe(false);
  });
});

describe('augment --model auto on a streamed input', () => {
  it('chooses within --training-rows-per-class: a class over the cap is a usage error naming it, before choosing or writing', async () => {
    const { dir, csv } = separableCsv();
    const out = path.join(dir, 'capped.csv');
    const io = captureIO();
    const code = await main(['augment', '--input', csv, '--label', 'y', '--output', out, '--model', 'auto', '--auto-candidates', 'random', '--auto-classifiers', 'forest', '--training-rows-per-class', '20'], io);
    expect(code).toBe(2);
    expect(io.stderrText()).toMatch(/class 'no' of .*separable\.csv' has 68 rows, more than --training-rows-per-class 20/);
    expect(io.stderrText()).not.toMatch(/cross-validat.*fold/i);
    expect(existsSync(out)).toBe(false);
  });
});

describe('fit --model auto', () => {
  it('exits 10 and saves no model folder when no candidate beats the baselines', async () => {
    const { dir, csv } = separableCsv();
    const modelDir = path.join(dir, 'model');
    const io = captureIO();
    const code = await main(['fit', '--input', csv, '--label', 'y', '--model-dir', modelDir, '--model', 'auto', '--auto-candidates', 'random', '--auto-classifiers', 'forest'], io);
    expect(code, io.stderrText()).toBe(10);
    expect(io.stderrText()).toMatch(/--model auto: Do not augment/);
    expect(io.stderrText()).toMatch(/no candidate \(random\) beats the best baseline .*nothing was saved/);
    expect(existsSync(modelDir)).toBe(false);
  });
});
