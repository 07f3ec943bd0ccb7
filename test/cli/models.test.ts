/**
 * `gan-augment models` (text and --json): every registered synthesizer and classifier, each
 * parameter as declared; a user's plugin without declarations still listed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { SynthesizerFactory } from '../../src/contracts.js';
import { main } from '../../src/cli/main.js';
import { captureIO } from '../../src/cli/terminal.js';
import { defaultCell, paramName, rangeCell } from '../../src/plugin-params.js';
import { listClassifiers, listSynthesizers, registerSynthesizer } from '../../src/registry.js';

const undeclared: SynthesizerFactory = {
  name: 'test-undeclared',
  description: 'a user plugin that declares no parameters (test only)',
  supports: ['numeric'],
  minRowsPerClass: () => 1,
  create() {
    throw new Error('not used');
  },
  deserialize() {
    throw new Error('not used');
  },
};

async function run(args: string[]): Promise<string> {
  const io = captureIO();
  const code = await main(['models', ...args], io);
  expect(code, io.stderrText()).toBe(0);
  return io.stdoutText();
}

beforeAll(() => {
  registerSynthesizer(undeclared);
});

describe('gan-augment models', () => {
  it('lists every synthesizer and classifier, one aligned line per declared parameter', async () => {
    const text = await run([]);
    const lines = text.split('\n');
    const plugins = [...listSynthesizers(), ...listClassifiers()];
    expect(plugins.map((p) => p.name)).toEqual(expect.arrayContaining(['ctgan', 'dcgan', 'smote', 'random', 'logistic', 'forest', 'test-undeclared']));
    for (const p of plugins) {
      const at = lines.findIndex((l) => l.startsWith(`${p.name} (`));
      expect(at, p.name).toBeGreaterThanOrEqual(0);
      expect(lines[at + 1]).toBe(`  ${p.description}`);
      const entries = Object.entries(p.params ?? {});
      entries.forEach(([key, decl], i) => {
        const cells = lines[at + 2 + i]!.trim().split(/\s{2,}/);
        expect(cells.slice(0, 4), `${p.name}.${key}`).toEqual([paramName(key, decl), decl.type, decl.default !== undefined ? defaultCell(decl) : 'auto', rangeCell(decl)]);
        expect(cells.slice(4).join('  ')).toContain(decl.help);
      });
    }
    expect(lines[lines.findIndex((l) => l.startsWith('test-undeclared ('))! + 2]).toBe('  parameters not declared');
    expect(lines[lines.findIndex((l) => l.startsWith('random ('))! + 2]).toBe('  no parameters');
    expect(text).toMatch(/^ {2}discriminator_dim +integer-list +256,256 +each >= 1 +/m);
    // A model's default filter is listed after its parameters; smote's rows are not filtered by default.
    const block = (name: string): string => text.slice(text.indexOf(`\n${name} (`), text.indexOf('\n\n', text.indexOf(`\n${name} (`)));
    expect(block('ctgan')).toContain('\n  Rows filtered by default: purity (when --filter is absent; --filter none turns it off).');
    expect(block('smote')).not.toContain('filtered by default');
  });

  it('--json gives the same list with every declaration field', async () => {
    const json = JSON.parse(await run(['--json'])) as {
      synthesizers: Array<{ name: string; supports: string[]; parameters: Array<Record<string, unknown>> | null }>;
      classifiers: Array<{ name: string; input: string; parameters: Array<Record<string, unknown>> | null }>;
    };
    expect(json.synthesizers.map((s) => s.name)).toEqual(listSynthesizers().map((f) => f.name));
    expect(json.classifiers.map((c) => c.name)).toEqual(listClassifiers().map((f) => f.name));
    for (const factory of [...listSynthesizers(), ...listClassifiers()]) {
      const listed = [...json.synthesizers, ...json.classifiers].find((p) => p.name === factory.name)!;
      if (!factory.params) {
        expect(listed.parameters).toBeNull();
        continue;
      }
      expect(listed.parameters!.map((p) => p['key'])).toEqual(Object.keys(factory.params));
      for (const p of listed.parameters!) {
        const decl = factory.params[p['key'] as string]!;
        expect(p).toMatchObject({ ...JSON.parse(JSON.stringify(decl)), name: paramName(p['key'] as string, decl), range: rangeCell(decl) });
        expect(p['spellings']).toContain(p['apiName']);
      }
    }
    const ctgan = json.synthesizers.find((s) => s.name === 'ctgan')!;
    expect(ctgan.parameters!.find((p) => p['name'] === 'discriminator_dim')).toMatchObject({ key: 'criticDims', apiName: 'criticDims', default: [256, 256] });
    expect(json.synthesizers.find((s) => s.name === 'test-undeclared')!.supports).toEqual(['numeric']);
    const defaults = Object.fromEntries(json.synthesizers.map((s) => [s.name, (s as { defaultFilter?: unknown }).defaultFilter]));
    expect(defaults).toMatchObject({ ctgan: ['purity'], smote: [], random: [], 'test-undeclared': [] });
  });

  it('is in the command list and has --help', async () => {
    expect(await run(['--help'])).toContain('Usage: gan-augment models [--json]');
    const io = captureIO();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.stdoutText()).toMatch(/^ {2}models +List every synthesizer/m);
  });
});
