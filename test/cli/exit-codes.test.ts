import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SynthesizerFactory } from '../../src/contracts.js';
import { captureIO } from '../../src/cli/terminal.js';
import { main } from '../../src/cli/main.js';
import { GanAugmentError, type ErrorCode } from '../../src/errors.js';
import { registerSynthesizer } from '../../src/registry.js';

const EXPECTED: Record<ErrorCode, number> = {
  usage: 2,
  input: 3,
  schema: 4,
  data: 5,
  model: 6,
  output: 7,
  backend: 8,
  'no-improvement': 10,
};

/** A plugin whose create() throws what its `code` parameter names: each exit code end to end. */
const thrower: SynthesizerFactory = {
  name: 'test-thrower',
  description: 'throws on create (test only)',
  supports: ['numeric', 'categorical'],
  minRowsPerClass: () => 1,
  create(params) {
    const code = String(params['code']);
    if (code === 'bug') throw new TypeError('cannot read properties of undefined');
    throw new GanAugmentError(code as ErrorCode, `thrown for code ${code}`, { hint: 'second\nline' });
  },
  deserialize() {
    throw new Error('not used');
  },
};

let dir = '';
let csv = '';
beforeAll(() => {
  registerSynthesizer(thrower);
  dir = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-cli-'));
  csv = path.join(dir, 'small.csv');
  const rows = ['x,z,y'];
  for (let i = 0; i < 40; i++) rows.push(`${i},${i % 3 === 0 ? 'a' : 'b'},${i < 34 ? 'no' : 'yes'}`);
  writeFileSync(csv, `${rows.join('\n')}\n`);
});

async function run(argv: string[]) {
  const io = captureIO({ cwd: dir });
  const code = await main(argv, io);
  return { code, stderr: io.stderrText(), stdout: io.stdoutText() };
}

const augmentWith = (code: string, extra: string[] = []) => [
  'augment', '--input', csv, '--label', 'y', '--output', path.join(dir, `out-${code}.parquet`),
  '--model', 'test-thrower', '--model-param', `code=${code}`, '--backend', 'cpu', ...extra,
];

describe('exit codes', () => {
  for (const [code, exit] of Object.entries(EXPECTED)) {
    it(`a GanAugmentError '${code}' exits ${exit} with one line on stderr`, async () => {
      const r = await run(augmentWith(code));
      expect(r.code).toBe(exit);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines.filter((l) => l.startsWith('gan-augment: '))).toEqual([`gan-augment: thrown for code ${code} second line`]);
      expect(r.stderr).not.toContain('    at ');
    });
  }

  it('adds the stack trace with --verbose', async () => {
    const r = await run(augmentWith('data', ['--verbose']));
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('    at ');
  });

  it('reports anything else as a bug: exit 70, one line, stack only with --verbose', async () => {
    const r = await run(augmentWith('bug'));
    expect(r.code).toBe(70);
    expect(r.stderr).toMatch(/^gan-augment: internal error: TypeError: cannot read properties of undefined \(this is a bug; run with --verbose for the stack trace\)$/m);
    expect(r.stderr).not.toContain('    at ');
    const verbose = await run(augmentWith('bug', ['--verbose']));
    expect(verbose.code).toBe(70);
    expect(verbose.stderr).toContain('    at ');
  });

  it('a missing input file exits 3 and names it', async () => {
    const missing = path.join(dir, 'nope.csv');
    const r = await run(['augment', '--input', missing, '--label', 'y', '--output', path.join(dir, 'o.parquet'), '--model', 'random']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('nope.csv');
  });

  it('a label column that is not there exits 4 and names it', async () => {
    const r = await run(['augment', '--input', csv, '--label', 'target', '--output', path.join(dir, 'o.parquet'), '--model', 'random']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("'target'");
  });

  it('an unknown model exits 2 and lists the registered ones', async () => {
    const r = await run(['augment', '--input', csv, '--label', 'y', '--output', path.join(dir, 'o.parquet'), '--model', 'nonesuch']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--model: unknown synthesizer 'nonesuch'");
    expect(r.stderr).toContain('smote');
  });
});
