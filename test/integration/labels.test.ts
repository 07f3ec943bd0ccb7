/**
 * Label and class problems: each is one line naming the --label column or the class and the fix.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBuiltins } from '../../src/index.js';
import { getSynthesizer } from '../../src/registry.js';
import { cli, csv, errorLine, tempDir } from '../support/cli-errors.js';

const tmp = tempDir('labels');
afterAll(tmp.cleanup);
beforeAll(() => registerBuiltins());

const augment = (input: string, ...extra: string[]) =>
  cli(['augment', '--input', input, '--output', path.join(tmp.dir, 'out.parquet'), '--quiet', ...extra]);

/** 40 rows, class 'rare' has `rare` of them. */
function withRare(rare: number): string {
  const lines = ['x,y,label'];
  for (let i = 0; i < 40; i++) lines.push(`${i},${(i * 7) % 11},${i < rare ? 'rare' : 'common'}`);
  return `${lines.join('\n')}\n`;
}

describe('label column', () => {
  it('a label column that does not exist lists the columns (exit 4)', async () => {
    const run = await augment(tmp.put('a.csv', csv(40)), '--label', 'klass', '--model', 'random');
    expect(run.code).toBe(4);
    expect(errorLine(run)).toBe("gan-augment: --label: column 'klass' is not in the input. Available columns: 'x', 'y', 'label'.");
  });

  it('a label with one class only (exit 4)', async () => {
    const run = await augment(tmp.put('one.csv', 'x,label\n1,a\n2,a\n3,a\n'), '--label', 'label', '--model', 'random');
    expect(run.code).toBe(4);
    expect(errorLine(run)).toMatch(/--label: column 'label' holds one class only \('a'\); there is nothing to balance\. Check that --label names the class column/);
  });

  it('an all-null label (exit 4)', async () => {
    const run = await augment(tmp.put('null.csv', 'x,label\n1,\n2,\n3,\n'), '--label', 'label', '--model', 'random');
    expect(run.code).toBe(4);
    expect(errorLine(run)).toMatch(/--label: every value of column 'label' is missing\. Choose the column that holds the classes as --label/);
  });

  it('a --minority class that does not exist lists the classes (exit 2)', async () => {
    const run = await augment(tmp.put('m.csv', csv(40)), '--label', 'label', '--model', 'random', '--minority', 'fraud');
    expect(run.code).toBe(2);
    expect(errorLine(run)).toBe("gan-augment: --minority: class 'fraud' is not in the label column. Classes in the label column: 'common', 'rare'.");
  });
});

describe('a minority class too small to train on (exit 5)', () => {
  it('smote needs k_neighbors + 1 rows, and says how to lower k_neighbors', async () => {
    const file = tmp.put('three.csv', withRare(3));
    const run = await augment(file, '--label', 'label', '--model', 'smote');
    expect(run.code).toBe(5);
    expect(errorLine(run)).toBe(
      "gan-augment: Class 'rare' has 3 rows; --model smote needs at least 6 per class it learns. Use --model-param k_neighbors=2 (SMOTE needs k_neighbors + 1 rows), or --model random (needs 1 row); or leave the class out with --minority.",
    );
    const k3 = await augment(file, '--label', 'label', '--model', 'smote', '--model-param', 'k_neighbors=3');
    expect(errorLine(k3)).toMatch(/needs at least 4 per class/);
    // The advice works.
    expect((await augment(file, '--label', 'label', '--model', 'smote', '--model-param', 'k_neighbors=2')).code).toBe(0);
  });

  it("ctgan needs the plugin's minRowsPerClass rows", async () => {
    const min = getSynthesizer('ctgan').minRowsPerClass({});
    const run = await augment(tmp.put('few.csv', withRare(min - 1)), '--label', 'label', '--model', 'ctgan');
    expect(run.code).toBe(5);
    expect(errorLine(run)).toBe(
      `gan-augment: Class 'rare' has ${min - 1} rows; --model ctgan needs at least ${min} per class it learns. Use --model smote --model-param k_neighbors=3 (SMOTE needs k_neighbors + 1 rows), or --model random (needs 1 row); or leave the class out with --minority.`,
    );
  });

  it('a single-row class can still be oversampled by random', async () => {
    const run = await augment(tmp.put('single.csv', withRare(1)), '--label', 'label', '--model', 'random');
    expect(run.code).toBe(0);
  });
});
