/**
 * The new samplers through the command line, as users run them: `augment --model NAME` keeps every
 * input row byte for byte and balances the classes; `evaluate --methods NAME` compares them; smoten
 * refuses numeric columns with the fix.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/random.js';
import { cli, errorLine, tempDir } from '../../support/cli-errors.js';

const tmp = tempDir('imblearn-variants');
afterAll(() => tmp.cleanup());

/** 90 'no' rows around (0, 0) and 20 'yes' rows around (1.5, 1), overlapping. */
function numericCsv(): string {
  const rng = new Rng(21);
  const lines = ['a,b,label'];
  for (let i = 0; i < 110; i++) {
    const yes = i % 11 < 2;
    const a = (yes ? 1.5 : 0) + rng.normal();
    const b = (yes ? 1 : 0) + rng.normal();
    lines.push(`${Number(a.toFixed(4))},${Number(b.toFixed(4))},${yes ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}

function categoricalCsv(withNumber: boolean): string {
  const rng = new Rng(22);
  const lines = [withNumber ? 'colour,size,weight,label' : 'colour,size,label'];
  for (let i = 0; i < 80; i++) {
    const yes = i % 5 === 0;
    const colour = yes ? ['red', 'violet'][rng.int(2)] : ['red', 'green', 'blue'][rng.int(3)];
    const size = yes ? ['m', 'l'][rng.int(2)] : ['s', 'm', 'l', 'xl'][rng.int(4)];
    lines.push([colour, size, ...(withNumber ? [String(rng.int(100))] : []), yes ? 'yes' : 'no'].join(','));
  }
  return `${lines.join('\n')}\n`;
}

describe('augment --model with the imbalanced-learn samplers', () => {
  const numeric = tmp.put('numeric.csv', numericCsv());
  const categorical = tmp.put('categorical.csv', categoricalCsv(false));
  const cases: Array<[string, string, string[]]> = [
    ['borderline-smote', numeric, []],
    ['borderline-smote', numeric, ['--model-param', 'kind=borderline-2']],
    ['adasyn', numeric, []],
    ['smote-enn', numeric, []],
    ['smote-tomek', numeric, []],
    ['smoten', categorical, ['--keep-copies']],
  ];
  for (const [model, input, extra] of cases) {
    it(`${model} ${extra.join(' ')}: balances the classes and keeps every input row unchanged`, async () => {
      const output = path.join(tmp.dir, `${model}-${extra.length}.csv`);
      const run = await cli(['augment', '--input', input, '--label', 'label', '--model', model, ...extra, '--output', output, '--seed', '3', '--quiet']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const inLines = readFileSync(input, 'utf8').trimEnd().split('\n');
      const outLines = readFileSync(output, 'utf8').trimEnd().split('\n');
      expect(outLines[0]).toBe(`${inLines[0]},is_synthetic`);
      expect(outLines.slice(1, inLines.length)).toEqual(inLines.slice(1).map((l) => `${l},false`));
      const added = outLines.slice(inLines.length);
      const count = (lines: string[], label: string) => lines.filter((l) => l.endsWith(`,${label}`)).length;
      expect(added.every((l) => l.endsWith(',yes,true'))).toBe(true);
      expect(count(inLines.slice(1), 'yes') + added.length).toBe(count(inLines.slice(1), 'no'));
    });
  }

  it('smoten refuses a numeric column and says how to leave it out', async () => {
    const input = tmp.put('mixed.csv', categoricalCsv(true));
    const run = await cli(['augment', '--input', input, '--label', 'label', '--model', 'smoten', '--output', path.join(tmp.dir, 'mixed.out.csv'), '--quiet']);
    expect(run.code).toBe(4);
    expect(errorLine(run)).toMatch(/--model smoten cannot model numeric column 'weight'.*--ignore weight/);
  });
});

describe('evaluate --methods with the imbalanced-learn samplers', () => {
  it('cross-validates borderline-smote, adasyn, smote-enn and smote-tomek next to none', async () => {
    const input = tmp.put('numeric-eval.csv', numericCsv());
    const json = path.join(tmp.dir, 'report.json');
    const methods = ['borderline-smote', 'adasyn', 'smote-enn', 'smote-tomek'];
    const run = await cli(['evaluate', '--input', input, '--label', 'label', '--methods', methods.join(','), '--classifiers', 'logistic', '--folds', '2', '--repeats', '1', '--quiet', '--json', json]);
    expect(run.code, run.stderr).toBe(0);
    const text = readFileSync(json, 'utf8');
    for (const m of ['none', ...methods]) expect(text).toContain(`"${m}"`);
  });
});
