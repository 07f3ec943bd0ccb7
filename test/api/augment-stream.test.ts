/**
 * `augmentStream({ model: 'auto' })` chooses as `augment({ model: 'auto' })` does, on every
 * labelled row read in one pass, and refuses inputs whose classes exceed the per-class cap instead
 * of choosing on a sample; `--model-param NAME.KEY=VALUE` reaches the candidate it names, in the
 * cross-validation and in the run after it.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as A from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerBuiltins } from '../../plugins/index.js';
import { main } from '../../src/cli/main.js';
import { captureIO } from '../../src/cli/terminal.js';
import type { SynthesizerFactory } from '../../src/contracts.js';
import { augment } from '../../src/api/augment.js';
import { augmentStream } from '../../src/api/augment-stream.js';
import { candidateParams } from '../../src/evaluate/choose-model.js';
import { readTable, writeTable } from '../../src/io/index.js';
import { registerSynthesizer } from '../../src/registry.js';
import { modesTable, oracleFactory } from '../support/modes-data.js';
import { table } from '../support/schema-tables.js';

/** The oracle under another name, recording the parameters of every synthesizer it creates. */
const created: Record<string, unknown>[] = [];
const recordingOracle: SynthesizerFactory = {
  ...oracleFactory,
  name: 'rec-oracle',
  create(params) {
    created.push({ ...params });
    return oracleFactory.create(params);
  },
};

let dir: string;
beforeAll(async () => {
  registerBuiltins();
  registerSynthesizer(recordingOracle);
  dir = await mkdtemp(path.join(tmpdir(), 'gan-augment-stream-auto-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const rowsOf = (t: A.Table): unknown[] => t.toArray().map((r) => JSON.stringify(r.toJSON()));

/** Perfectly separable already: no oversampler can beat the real rows alone (a quick choice). */
function separable(): A.Table {
  const n = 80;
  return table([
    ['x', new A.Float64(), Array.from({ length: n }, (_, i) => i)],
    ['y', new A.Utf8(), Array.from({ length: n }, (_, i) => (i < 12 ? 'yes' : 'no'))],
  ]);
}

describe("augmentStream({ model: 'auto' })", () => {
  it('makes the choice augment() makes on the same file, figures and all, and writes its rows', async () => {
    const input = path.join(dir, 'separable.parquet');
    await writeTable(separable(), input);
    const options = { input, label: 'y', model: 'auto', autoCandidates: ['random'], autoClassifiers: ['forest'], seed: 4, quiet: true };
    const inMemory = await augment({ ...options, output: path.join(dir, 'memory.parquet') });
    const streamed = await augmentStream({ ...options, output: path.join(dir, 'streamed.parquet') });
    expect(inMemory.autoChoice!.chosen).toBeNull();
    expect(streamed.summary.options['auto']).toEqual(inMemory.summary.options['auto']);
    expect(rowsOf((await readTable(path.join(dir, 'streamed.parquet'))).table)).toEqual(rowsOf(inMemory.table));
  });

  it('augments with the chosen synthesizer and its --model-param, given as NAME.KEY', async () => {
    const input = path.join(dir, 'modes.parquet');
    await writeTable(modesTable({ majority: 300, minority: 24 }), input);
    created.length = 0;
    const { summary } = await augmentStream({
      input, output: path.join(dir, 'modes-out.parquet'), label: 'class', model: 'auto', seed: 42, quiet: true,
      autoCandidates: ['random', 'rec-oracle'], autoClassifiers: ['forest'], modelParams: { 'rec-oracle.spread': 2 },
    });
    const choice = summary.options['auto'] as { chosen: string | null };
    expect(choice.chosen).toBe('rec-oracle');
    expect(summary.model).toBe('rec-oracle');
    expect(summary.modelParams).toEqual({ spread: 2 });
    expect(summary.classes.find((c) => c.class === 'yes')).toMatchObject({ before: 24, added: 276, after: 300 });
    // Every fit of the candidate (check, folds, final run) had its parameter; none went to random.
    expect(created.length).toBeGreaterThan(10);
    expect(created.every((p) => p['spread'] === 2)).toBe(true);
    const out = (await readTable(path.join(dir, 'modes-out.parquet'))).table;
    expect(out.numRows).toBe(324 + 276);
  });

  it('refuses an input with a class over the per-class cap, naming it, before choosing and writing anything', async () => {
    const input = path.join(dir, 'capped.parquet');
    await writeTable(separable(), input);
    const output = path.join(dir, 'capped-out.parquet');
    const err = await augmentStream({ input, output, label: 'y', model: 'auto', trainingRowsPerClass: 50, quiet: true }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'usage' });
    expect((err as Error).message).toBe(`--model auto cross-validates on every row in memory, and class 'no' of '${input}' has 68 rows, more than --training-rows-per-class 50. Raise --training-rows-per-class to 68 if memory allows, or choose on a sample (gan-augment evaluate on one, or chooseModel()) and pass --model NAME.`);
    expect(existsSync(output)).toBe(false);
  });
});

describe('--model-param with --model auto', () => {
  it('goes to the candidate named before the dot, smote.* also to smote+purity', () => {
    const params = candidateParams(['smote', 'smote+purity', 'ctgan', 'random'], { 'smote.k_neighbors': 3, 'ctgan.pac': 5, 'ctgan.generator_lr': 0.001 });
    expect(Object.fromEntries(params)).toEqual({ smote: { k_neighbors: 3 }, ctgan: { pac: 5, generator_lr: 0.001 } });
  });

  it("is checked by the candidate it names: an unknown parameter is that candidate's usual error", () => {
    expect(() => candidateParams(['smote', 'ctgan'], { 'smote.pac': 5 })).toThrow("smote: unknown parameter 'pac'. Known parameters: k_neighbors");
    expect(() => candidateParams(['smote', 'ctgan'], { 'ctgan.pac': 0 })).toThrow(/ctgan parameter 'pac' must be/);
  });

  it('must name a candidate, and says which candidates take a parameter given without one', async () => {
    expect(() => candidateParams(['smote', 'ctgan'], { 'dcgan.epochs': 3 })).toThrow("--model-param dcgan.epochs: 'dcgan' is not among the --auto-candidates (smote, ctgan).");
    const err = (() => {
      try {
        candidateParams(['random', 'smote', 'ctgan'], { k_neighbors: 3 });
      } catch (e) {
        return e as Error & { hint?: string };
      }
    })();
    expect(err?.message).toBe("--model-param k_neighbors: with --model auto, name the candidate a parameter is for (random, smote, ctgan), e.g. --model-param smote.k_neighbors=VALUE. smote takes 'k_neighbors'.");
    // The API refuses it before cross-validating anything: no candidate was created.
    created.length = 0;
    await expect(augment({ input: separable(), label: 'y', model: 'auto', autoCandidates: ['rec-oracle'], modelParams: { spread: 2 }, quiet: true })).rejects.toThrow(
      "--model-param spread: with --model auto, name the candidate a parameter is for (rec-oracle), e.g. --model-param rec-oracle.spread=VALUE.",
    );
    expect(created).toEqual([]);
  });

  it('on the command line: an unknown parameter of a named candidate is a one-line usage error before any work', async () => {
    const input = path.join(dir, 'cli.parquet');
    await writeTable(separable(), input);
    const output = path.join(dir, 'cli-out.parquet');
    const io = captureIO();
    const code = await main(['augment', '--input', input, '--label', 'y', '--output', output, '--model', 'auto', '--auto-candidates', 'random,smote', '--model-param', 'smote.pac=5'], io);
    expect(code).toBe(2);
    expect(io.stderrText().trim().split('\n')).toEqual([expect.stringMatching(/^gan-augment: smote: unknown parameter 'pac'\. Known parameters: k_neighbors/)]);
    expect(existsSync(output)).toBe(false);
  });
});
