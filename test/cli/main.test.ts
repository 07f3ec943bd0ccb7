import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUGMENT_SPEC } from '../../src/cli/commands/augment.js';
import { DEMO_SPEC } from '../../src/cli/commands/demo.js';
import { EVALUATE_SPEC } from '../../src/cli/commands/evaluate.js';
import { FIT_SPEC } from '../../src/cli/commands/fit.js';
import { SAMPLE_SPEC } from '../../src/cli/commands/sample.js';
import { captureIO } from '../../src/cli/terminal.js';
import { COMMANDS, main } from '../../src/cli/main.js';
import { COMMON_FLAGS, type CommandSpec } from '../../src/cli/parse-args.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

async function run(argv: string[]) {
  const io = captureIO();
  const code = await main(argv, io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

describe('gan-augment help and version', () => {
  it('lists every command with --help, help, and no arguments', async () => {
    for (const argv of [['--help'], ['help'], []]) {
      const { code, stdout } = await run(argv);
      expect(code).toBe(0);
      for (const name of Object.keys(COMMANDS)) expect(stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
      expect(stdout).toContain('Exit codes:');
    }
  });

  it('prints the package version', async () => {
    const { code, stdout } = await run(['--version']);
    expect(code).toBe(0);
    expect(stdout).toBe(`${version}\n`);
  });

  const specs: CommandSpec[] = [AUGMENT_SPEC, FIT_SPEC, SAMPLE_SPEC, DEMO_SPEC, EVALUATE_SPEC];
  for (const spec of specs) {
    it(`'${spec.name} --help' lists every option with a description`, async () => {
      for (const argv of [[spec.name, '--help'], ['help', spec.name]]) {
        const { code, stdout, stderr } = await run(argv);
        expect(code).toBe(0);
        expect(stderr).toBe('');
        expect(stdout).toContain(`Usage: gan-augment ${spec.name}`);
        for (const flag of [...spec.flags, ...COMMON_FLAGS].filter((f) => !f.hidden)) {
          const line = stdout.split('\n').findIndex((l) => l.startsWith(`  --${flag.name} `) || l === `  --${flag.name}`);
          expect(line, `--${flag.name} in ${spec.name} --help`).toBeGreaterThanOrEqual(0);
          expect(flag.description.length).toBeGreaterThan(5);
          expect(stdout).toContain(flag.description);
        }
      }
    });
  }

  it("offers a flag for every option of src/options.ts (the schema's flag names)", async () => {
    const { OPTION_FLAGS } = await import('../../src/options/index.js');
    const offered = new Set([AUGMENT_SPEC, FIT_SPEC, SAMPLE_SPEC].flatMap((s) => s.flags.map((f) => `--${f.name}`)).concat(COMMON_FLAGS.map((f) => `--${f.name}`)));
    for (const flag of Object.values(OPTION_FLAGS).filter((f) => f.startsWith('--'))) expect(offered, flag).toContain(flag);
  });

  it('shows defaults in augment --help', async () => {
    const { stdout } = await run(['augment', '--help']);
    expect(stdout).toMatch(/--seed N\s+.*\(default: 42\)/);
    expect(stdout).toMatch(/--model NAME\s+.*\(default: ctgan\)/);
    expect(stdout).toMatch(/--backend NAME\s+.*auto\|tensorflow-gpu\|tensorflow\|wasm\|cpu.*\(default: auto\)/);
    expect(stdout).toMatch(/--model-param KEY=VALUE\s+.*\(repeatable\)/);
  });
});

describe('usage errors', () => {
  it('names an unknown flag in one line and suggests --help (exit 2)', async () => {
    const { code, stdout, stderr } = await run(['augment', '--bogus', 'x']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^gan-augment: unknown option '--bogus'/);
    expect(stderr).toContain("gan-augment augment --help");
  });

  it('suggests the flag a typo was meant to be', async () => {
    const { code, stderr } = await run(['augment', '--lable', 'y']);
    expect(code).toBe(2);
    expect(stderr).toContain("Did you mean '--label'?");
  });

  it('rejects an unknown command, a stray word and a flag without its value', async () => {
    expect((await run(['augmnet'])).code).toBe(2);
    expect((await run(['augmnet'])).stderr).toMatch(/unknown command 'augmnet'.*--help/);
    const stray = await run(['augment', 'train.csv']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain("unexpected argument 'train.csv'");
    const noValue = await run(['augment', '--input', 'a.csv', '--label']);
    expect(noValue.code).toBe(2);
    expect(noValue.stderr).toContain("option '--label' needs a value");
    const dash = await run(['augment', '--label', '--seed', '3']);
    expect(dash.stderr).toContain('--label=VALUE');
  });

  it('names --label when it is missing', async () => {
    const { code, stderr } = await run(['augment', '--input', path.join(repoRoot, 'fixtures', 'demo-churn.csv'), '--output', 'x.parquet']);
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain('--label');
  });

  it('names the flag of a malformed value (validated by src/options.ts)', async () => {
    const { code, stderr } = await run(['augment', '--input', 'a.csv', '--label', 'y', '--output', 'o.parquet', '--epochs', '-3']);
    expect(code).toBe(2);
    expect(stderr).toContain('--epochs');
    const backend = await run(['fit', '--input', 'a.csv', '--label', 'y', '--model-dir', 'm', '--backend', 'gpu']);
    expect(backend.code).toBe(2);
    expect(backend.stderr).toContain('--backend');
  });

  it('requires --output on the command line', async () => {
    const { code, stderr } = await run(['augment', '--input', 'a.csv', '--label', 'y']);
    expect(code).toBe(2);
    expect(stderr).toContain('--output is required');
  });

  it('refuses binary output to a terminal', async () => {
    const io = captureIO({ stdoutIsTTY: true });
    const code = await main(['augment', '--input', 'a.csv', '--label', 'y', '--output', '-'], io);
    expect(code).toBe(2);
    expect(io.stderrText()).toContain('terminal');
  });
});
