/**
 * Options out of range: one line naming the flag, what is allowed, exit code 2 (usage), before any
 * training starts.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, csv, errorLine, tempDir } from '../support/cli-errors.js';

const tmp = tempDir('options');
afterAll(tmp.cleanup);
const input = tmp.put('in.csv', csv(40));
const out = path.join(tmp.dir, 'out.parquet');
const augment = (...extra: string[]) => cli(['augment', '--input', input, '--label', 'label', '--output', out, '--quiet', ...extra]);

async function usage(args: string[], expected: string | RegExp): Promise<void> {
  const run = await augment(...args);
  expect(run.code, run.stderr).toBe(2);
  const line = errorLine(run);
  if (typeof expected === 'string') expect(line).toBe(`gan-augment: ${expected}`);
  else expect(line).toMatch(expected);
}

describe('options out of range (exit 2)', () => {
  it('negative, zero and fractional epochs', async () => {
    await usage(['--model', 'smote', '--epochs=-3'], "--epochs must be a positive integer, got '-3'.");
    await usage(['--model', 'smote', '--epochs', '0'], "--epochs must be a positive integer, got '0'.");
    await usage(['--model', 'smote', '--epochs', '1.5'], "--epochs must be a positive integer, got '1.5'.");
    // Without '=', a value starting with '-' looks like a flag: the parser says how to pass it.
    await usage(['--model', 'smote', '--epochs', '-3'], /option '--epochs' needs a value \(N\)\. To pass a value that starts with '-', write --epochs=VALUE\./);
  });

  it('an explicit --batch-size larger than the training rows', async () => {
    await usage(['--model', 'smote', '--batch-size', '1000'], '--batch-size 1000 is larger than the 40 rows the model trains on. Use --batch-size 40 or less, or leave it out: the default adapts to small classes.');
    await usage(['--model', 'smote', '--batch-size', '20', '--train-on', 'minority'], '--batch-size 20 is larger than the 8 rows the model trains on (--train-on minority). Use --batch-size 8 or less, or leave it out: the default adapts to small classes.');
    await usage(['--model', 'smote', '--batch-size=-5'], "--batch-size must be a positive integer, got '-5'.");
  });

  it("ctgan checks --batch-size against the rows of its default trainOn 'minority'", async () => {
    // 40 rows, 8 of them rare: 20 is within the table but above the 8 rows ctgan trains on by default.
    await usage(['--model', 'ctgan', '--epochs', '1', '--backend', 'cpu', '--batch-size', '20'], "--batch-size 20 is larger than the 8 rows ctgan trains on (trainOn 'minority'). Use --batch-size 8 or less, or leave it out: the default adapts to small classes.");
  });

  it('the default batch size adapts to a small class (ctgan, 1 epoch)', async () => {
    const small = tmp.put('small.csv', csv(60, 4)); // 15 rare rows, 45 common
    const run = await cli(['augment', '--input', small, '--label', 'label', '--output', out, '--quiet', '--model', 'ctgan', '--epochs', '1', '--backend', 'cpu', '--model-params', '{"pac":5,"embeddingDim":8,"generatorDims":[16],"criticDims":[16]}']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('a sampling ratio outside (0, 1]', async () => {
    const allowed = "Other forms: one of 'auto', 'not majority', 'not minority', 'minority', 'all', a ratio in (0, 1] such as 0.5, or per-class totals such as 'yes=500,maybe=200'.";
    await usage(['--model', 'random', '--strategy', '0'], `--strategy: a ratio must be in (0, 1] (minority rows / majority rows after augmentation); got 0. ${allowed}`);
    await usage(['--model', 'random', '--strategy', '1.5'], `--strategy: a ratio must be in (0, 1] (minority rows / majority rows after augmentation); got 1.5. ${allowed}`);
    await usage(['--model', 'random', '--strategy=-0.5'], `--strategy: a ratio must be in (0, 1] (minority rows / majority rows after augmentation); got -0.5. ${allowed}`);
    await usage(['--model', 'random', '--strategy', 'lots'], /--strategy must be one of 'auto', .*; got 'lots'\./);
  });

  it('a ratio below what a class already has names the smallest workable ratio', async () => {
    await usage(['--model', 'random', '--strategy', '0.1'], /--strategy 0\.1: class 'rare' already has 8 rows, more than 0\.1 x 32 .* Use a ratio of at least 0\.250/);
  });

  it('an unknown model, seed out of range, unknown option', async () => {
    await usage(['--model', 'gpt'], /--model: unknown synthesizer 'gpt'\. Choose one of: .*ctgan.*random.*smote/);
    await usage(['--model', 'random', '--seed', '99999999999'], "--seed must be an integer from 0 to 4294967295, got '99999999999'.");
    await usage(['--model', 'random', '--epoch', '3'], /unknown option '--epoch' for 'gan-augment augment'\. Did you mean '--epochs'\?/);
  });

  it('--privacy-distance values and combinations', async () => {
    const allowed = "a distance >= 0 such as 0.02, or a quantile of the real rows' nearest-neighbour distances such as q0.05";
    await usage(['--model', 'smote', '--privacy-distance', 'close'], `--privacy-distance must be ${allowed}; got 'close'.`);
    await usage(['--model', 'smote', '--privacy-distance=-0.1'], `--privacy-distance must be ${allowed}; got '-0.1'.`);
    await usage(['--model', 'smote', '--privacy-distance', 'q1.5'], "--privacy-distance: the quantile in 'q1.5' must be between 0 and 1, such as q0.05.");
    await usage(['--model', 'smote', '--privacy-distance', 'q0.05', '--keep-copies'], '--privacy-distance and --keep-copies contradict each other: the distance filter drops copies of training rows. Drop one of them.');
    await usage(['--model', 'random', '--privacy-distance', 'q0.05'], '--privacy-distance cannot be used with --model random, which copies training rows by design: every row would be dropped. Use a generative model (e.g. --model ctgan or --model smote), or leave out --privacy-distance.');
  });
});
