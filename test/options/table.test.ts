/** The option table: one seed rule, GAN_AUGMENT_BACKEND everywhere, limits whatever the spelling. */
import { afterEach, describe, expect, it } from 'vitest';
import { OPTIONS, keysOf, resolveOptions, type Scope } from '../../src/options/index.js';
import { flagsFor, type CliCommand } from '../../src/cli/flags.js';
import { CLI_SCOPES } from '../../src/options/index.js';
import { defaultWorkers } from '../../src/options/table.js';
import { availableParallelism } from 'node:os';

const SCOPES: readonly Scope[] = ['augment', 'augment-stream', 'fit', 'sample', 'sample-shards', 'evaluate', 'demo'];
const minimal: Record<Scope, Record<string, unknown>> = {
  augment: { input: 'a.csv', label: 'y' },
  'augment-stream': { input: 'a.csv', label: 'y' },
  fit: { input: 'a.csv', label: 'y', modelDir: 'm' },
  sample: { modelDir: 'm', counts: 'y=1' },
  'sample-shards': { modelDir: 'm', counts: 'y=1' },
  evaluate: { input: 'a.csv', label: 'y' },
  demo: {},
  worker: {},
};

afterEach(() => {
  delete process.env.GAN_AUGMENT_BACKEND;
});

describe('the option table', () => {
  it('gives every entry point the same seed rule and default', () => {
    for (const scope of SCOPES) {
      expect((resolveOptions(scope, minimal[scope]) as { seed: number }).seed, scope).toBe(42);
      expect((resolveOptions(scope, { ...minimal[scope], seed: '4294967295' }) as { seed: number }).seed, scope).toBe(4294967295);
      expect(() => resolveOptions(scope, { ...minimal[scope], seed: -1 }), scope).toThrow('--seed must be an integer from 0 to 4294967295, got -1.');
    }
  });

  it('takes the backend from GAN_AUGMENT_BACKEND for every entry point, evaluate included', () => {
    process.env.GAN_AUGMENT_BACKEND = 'cpu';
    for (const scope of SCOPES) expect((resolveOptions(scope, minimal[scope]) as { backend: string }).backend, scope).toBe('cpu');
    expect((resolveOptions('evaluate', { ...minimal.evaluate, backend: 'wasm' }) as { backend: string }).backend).toBe('wasm');
    process.env.GAN_AUGMENT_BACKEND = 'bogus';
    expect(() => resolveOptions('evaluate', minimal.evaluate)).toThrow(/GAN_AUGMENT_BACKEND "bogus" is not a backend/);
  });

  it('refuses absurd requests up front with the limit named, whatever the spelling', () => {
    for (const epochs of ['1e9', '1000000000', 1e9, '+1000000000']) {
      expect(() => resolveOptions('fit', { ...minimal.fit, epochs })).toThrow(/^--epochs must be at most 100000, got/);
    }
    expect((resolveOptions('fit', { ...minimal.fit, epochs: '1e3' }) as { epochs: number }).epochs).toBe(1000);
    expect(() => resolveOptions('evaluate', { ...minimal.evaluate, folds: '1e6' })).toThrow(/^--folds must be at most 100/);
  });

  it('names unknown API keys and CLI-only flags are not API options', () => {
    expect(() => resolveOptions('augment', { ...minimal.augment, requireImprovement: 'minority_f1' })).toThrow("Unknown option 'requireImprovement'.");
    expect(keysOf('augment', true)).toContain('requireImprovement');
  });

  it('gives every command distinct flags, each with help', () => {
    for (const command of Object.keys(CLI_SCOPES) as CliCommand[]) {
      const names = flagsFor(command).map((f) => f.name);
      expect(new Set(names).size, command).toBe(names.length);
      for (const f of flagsFor(command)) expect(f.description.length, `${command} --${f.name}`).toBeGreaterThan(5);
    }
    for (const [key, spec] of Object.entries(OPTIONS)) expect(spec.scopes.length, key).toBeGreaterThan(0);
  });

  it('takes the default of --workers from GAN_AUGMENT_WORKERS, else the cores, and names the variable when it is wrong', () => {
    expect(defaultWorkers({ GAN_AUGMENT_WORKERS: '3' })).toBe(3);
    expect(defaultWorkers({})).toBe(availableParallelism());
    expect(() => defaultWorkers({ GAN_AUGMENT_WORKERS: '0' })).toThrow("GAN_AUGMENT_WORKERS must be a positive integer, got '0'.");
  });
});
