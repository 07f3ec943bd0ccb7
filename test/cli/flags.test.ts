import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/terminal.js';
import { main } from '../../src/cli/main.js';
import { registerSynthesizer } from '../../src/registry.js';
import { echoSynthesizer } from '../support/echo-synthesizer.js';

const echo = echoSynthesizer('test-echo');

let dir = '';
let csv = '';
beforeAll(() => {
  registerSynthesizer(echo);
  dir = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-flags-'));
  csv = path.join(dir, 'small.csv');
  const rows = ['id,x,grade,colour,y'];
  for (let i = 0; i < 60; i++) rows.push(`${1000 + i},${(i * 0.37).toFixed(2)},${i % 4},${i % 3 === 0 ? 'red' : 'blue'},${i < 50 ? 'no' : 'yes'}`);
  writeFileSync(csv, `${rows.join('\n')}\n`);
});

describe('flags reach the API', () => {
  it('--model-param (repeated), --model-params and --train-on become the plugin parameters', async () => {
    const io = captureIO();
    const code = await main(
      ['augment', '--input', csv, '--label', 'y', '--output', path.join(dir, 'o.parquet'), '--model', 'test-echo', '--backend', 'cpu',
        '--model-param', 'alpha=1', '--model-param', 'name=x', '--model-params', 'beta=2.5,flag=true', '--train-on', 'minority'],
      io,
    );
    expect(code).toBe(2);
    const params = JSON.parse(/params (\{.*\})/.exec(io.stderrText())![1]!) as Record<string, unknown>;
    expect(params).toEqual({ alpha: 1, name: 'x', beta: 2.5, flag: true, trainOn: 'minority' });
  });

  it('--model-params takes a JSON object (for list-valued parameters)', async () => {
    const io = captureIO();
    const argv = ['augment', '--input', csv, '--label', 'y', '--output', path.join(dir, 'o.parquet'), '--model', 'test-echo', '--backend', 'cpu'];
    expect(await main([...argv, '--model-params', '{"generatorDims":[128,64],"lr":0.001}'], io)).toBe(2);
    expect(JSON.parse(/params (\{.*\})/.exec(io.stderrText())![1]!)).toEqual({ generatorDims: [128, 64], lr: 0.001 });
  });

  it('output, format, seed, strategy, minority, provenance column, ignore and summary are honoured', async () => {
    const out = path.join(dir, 'out.data');
    const summaryPath = path.join(dir, 'run.json');
    const io = captureIO();
    const code = await main(
      ['augment', '--input', csv, '--label', 'y', '--output', out, '--format', 'csv', '--model', 'random', '--seed', '9',
        '--strategy', '0.5', '--minority', 'yes', '--provenance-column', 'synth', '--ignore', 'id', '--categorical', 'grade', '--summary', summaryPath],
      io,
    );
    expect(code, io.stderrText()).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('id,x,grade,colour,y,synth');
    // ratio 0.5 of the 50-row majority: 'yes' grows from 10 to 25 rows.
    expect(lines.filter((l) => l.endsWith(',yes,true'))).toHaveLength(15);
    expect(lines.filter((l) => l.endsWith(',true')).every((l) => l.startsWith(','))).toBe(true); // ignored id: null in synthetic rows
    const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as Record<string, unknown>;
    expect(summary).toMatchObject({ seed: 9, model: 'random', strategy: '0.5', minority: ['yes'], provenanceColumn: 'synth' });
    const columns = summary['columns'] as { name: string; role: string }[];
    expect(columns.find((c) => c.name === 'grade')?.role).toBe('categorical');
    expect(columns.find((c) => c.name === 'id')?.role).toBe('ignored');
    expect(io.stderrText()).toContain(`wrote ${out}`);
  });
});
