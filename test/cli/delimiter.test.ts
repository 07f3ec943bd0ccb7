/**
 * --delimiter: semicolon (European exports) and tab separated files through augment (streaming),
 * fit (in memory) and evaluate; a bad value is a usage error naming the flag.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTable } from '../../src/io/read.js';
import { cli, errorLine, tempDir } from '../support/cli-errors.js';

const tmp = tempDir('delimiter');
afterAll(tmp.cleanup);

/** 60 rows, 12 of class 'rare'; `sep` between fields and a decimal point inside the values. */
function table(sep: string): string {
  const lines = [['x', 'y', 'city', 'label'].join(sep)];
  for (let i = 0; i < 60; i++) lines.push([(i * 0.37).toFixed(2), (i % 7) + 0.5, i % 2 ? 'Köln' : 'Lyon', i % 5 === 0 ? 'rare' : 'common'].join(sep));
  return `${lines.join('\n')}\n`;
}

describe('--delimiter', () => {
  it("augment reads a ';' separated file with --delimiter ';' and the rows come out typed", async () => {
    const input = tmp.put('semi.csv', table(';'));
    const out = path.join(tmp.dir, 'semi.parquet');
    const run = await cli(['augment', '--input', input, '--delimiter', ';', '--label', 'label', '--model', 'random', '--output', out, '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { table: written } = await readTable(out);
    expect(written.schema.fields.map((f) => f.name)).toEqual(['x', 'y', 'city', 'label', 'is_synthetic']);
    expect(written.numRows).toBe(96); // 48 common + 12 rare + 36 synthetic rare
    expect(String(written.schema.fields[0]!.type)).toBe('Float64');
  });

  it("without --delimiter the same file is one column, and the error says so", async () => {
    const input = tmp.put('semi2.csv', table(';'));
    const run = await cli(['augment', '--input', input, '--label', 'label', '--model', 'random', '--output', path.join(tmp.dir, 'x.parquet'), '--quiet']);
    expect(run.code).toBe(4);
    expect(errorLine(run)).toContain("'x;y;city;label'");
  });

  it("fit and evaluate take --delimiter tab", async () => {
    const input = tmp.put('tabs.tsv', table('\t'));
    const fit = await cli(['fit', '--input', input, '--delimiter', 'tab', '--label', 'label', '--model', 'random', '--model-dir', path.join(tmp.dir, 'm'), '--quiet']);
    expect(fit.stderr).toBe('');
    expect(fit.code).toBe(0);
    const evaluated = await cli(['evaluate', '--input', input, '--delimiter', 'tab', '--label', 'label', '--methods', 'random', '--classifiers', 'logistic', '--folds', '2', '--repeats', '1', '--quiet']);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toContain('random');
  });

  it('a delimiter that is not one character is a usage error naming the flag', async () => {
    const input = tmp.put('semi3.csv', table(';'));
    const run = await cli(['augment', '--input', input, '--delimiter', ';;', '--label', 'label', '--output', path.join(tmp.dir, 'y.parquet'), '--quiet']);
    expect(run.code).toBe(2);
    expect(errorLine(run)).toBe("gan-augment: --delimiter must be one character (such as ';' or '|') or 'tab'; got ';;'.");
  });
});
