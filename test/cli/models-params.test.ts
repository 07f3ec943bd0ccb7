/**
 * Model parameters on the command line: --model-params JSON and K=V combine with --model-param,
 * and a snake_case and a camelCase spelling give the same run (same summary, same bytes).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO } from '../../src/cli/terminal.js';
import { modelParams } from '../../src/options/parse.js';
import { registerSynthesizer } from '../../src/registry.js';
import { echoSynthesizer } from '../support/echo-synthesizer.js';

const echo = echoSynthesizer('test-echo-params');

let dir = '';
let csv = '';
beforeAll(() => {
  registerSynthesizer(echo);
  dir = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-model-params-'));
  csv = path.join(dir, 'small.csv');
  const rows = ['x,z,y'];
  for (let i = 0; i < 40; i++) rows.push(`${((i * 0.37) % 5).toFixed(2)},${(i * 1.3) % 7},${i < 32 ? 'no' : 'yes'}`);
  writeFileSync(csv, `${rows.join('\n')}\n`);
});

describe('--model-param and --model-params', () => {
  it('combine, JSON and K=V alike, in any order', async () => {
    const io = captureIO();
    const code = await main(
      ['augment', '--input', csv, '--label', 'y', '--output', path.join(dir, 'o.parquet'), '--model', 'test-echo-params', '--backend', 'cpu',
        '--model-params', '{"generator_dim":[128,64],"note":"a,b"}', '--model-param', 'epochs=3', '--model-params', 'pac=2,lr=0.001'],
      io,
    );
    expect(code).toBe(2);
    expect(JSON.parse(/params (\{.*\})/.exec(io.stderrText())![1]!)).toEqual({ generator_dim: [128, 64], note: 'a,b', epochs: 3, pac: 2, lr: 0.001 });
  });

  it('parse mixed text, a later key winning, and name bad JSON', () => {
    expect(modelParams('epochs=3,{"generatorDims":[8,8],"s":"}{"},{"pac":2}, lr=0.01,', '--model-params')).toEqual({ epochs: 3, generatorDims: [8, 8], s: '}{', pac: 2, lr: 0.01 });
    expect(modelParams('{"k":1},k=2', '--model-params')).toEqual({ k: 2 });
    expect(() => modelParams('{"k":1,},k=2', '--model-params')).toThrow(/^--model-params is not valid JSON/);
    expect(() => modelParams('oops,k=1', '--model-params')).toThrow("--model-params: 'oops' is not of the form key=value.");
    // A list in K=V form: the words without '=' continue the value before them.
    expect(modelParams('generator_dim=128, 64,epochs=5', '--model-param')).toEqual({ generator_dim: '128,64', epochs: 5 });
  });

  it('give the same run for k_neighbors and kNeighbors: the summary records one spelling, the outputs are the same bytes', async () => {
    const runWith = async (name: string) => {
      const out = path.join(dir, `${name}.csv`);
      const summary = path.join(dir, `${name}.json`);
      const io = captureIO();
      const code = await main(['augment', '--input', csv, '--label', 'y', '--output', out, '--summary', summary, '--model', 'smote', '--model-param', `${name}=3`, '--quiet'], io);
      expect(code, io.stderrText()).toBe(0);
      return { bytes: readFileSync(out, 'utf8'), params: (JSON.parse(readFileSync(summary, 'utf8')) as { modelParams: unknown }).modelParams };
    };
    const snake = await runWith('k_neighbors');
    const camel = await runWith('kNeighbors');
    expect(snake.params).toEqual({ k_neighbors: 3 });
    expect(camel.params).toEqual(snake.params);
    expect(camel.bytes).toBe(snake.bytes);
  });

  it('refuse an unknown parameter in one line that names the known ones', async () => {
    const io = captureIO();
    const code = await main(['augment', '--input', csv, '--label', 'y', '--output', path.join(dir, 'u.csv'), '--model', 'smote', '--model-param', 'k_neighbours=3', '--quiet'], io);
    expect(code).toBe(2);
    expect(io.stderrText()).toBe("gan-augment: smote: unknown parameter 'k_neighbours'. Known parameters: k_neighbors (gan-augment models lists them).\n");
  });
});
