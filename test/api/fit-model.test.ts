/**
 * `fitModel({ model: 'auto' })`: chooses as augment does, fits the choice, and the model folder's
 * manifest records it with its evidence; a filtered candidate is refused before any work.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerBuiltins } from '../../plugins/index.js';
import { fitModel } from '../../src/api/fit-model.js';
import { isGanAugmentError } from '../../src/errors.js';
import { MANIFEST_FILE } from '../../src/model-store/manifest.js';
import { registerSynthesizer } from '../../src/registry.js';
import { modesTable, oracleFactory } from '../support/modes-data.js';

beforeAll(() => {
  registerBuiltins();
  registerSynthesizer(oracleFactory);
});

describe("fitModel({ model: 'auto' })", () => {
  it('fits the synthesizer that beats the baselines and records the choice in the model folder', async () => {
    const modelDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'gan-augment-fit-auto-')), 'model');
    const result = await fitModel({ input: modesTable({ majority: 300, minority: 24 }), label: 'class', modelDir, model: 'auto', autoCandidates: ['oracle'], autoClassifiers: ['forest'], quiet: true });
    expect(result.autoChoice?.chosen).toBe('oracle');
    expect(result.summary.model).toBe('oracle');
    const manifest = JSON.parse(readFileSync(path.join(modelDir, MANIFEST_FILE), 'utf8')) as { plugin: string; training: { auto: { chosen: string; evidence: { against: string; pValue: number } } } };
    expect(manifest.plugin).toBe('oracle');
    expect(manifest.training.auto.chosen).toBe('oracle');
    expect(manifest.training.auto.evidence.against).toBe('threshold');
    expect(manifest.training.auto.evidence.pValue).toBeLessThan(0.05);
    expect(result.summary.options.auto).toEqual(manifest.training.auto);
  });

  it("refuses a '+purity' candidate before choosing: a filter acts when rows are generated", async () => {
    const modelDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'gan-augment-fit-auto-')), 'model');
    const err = await fitModel({ input: modesTable({ majority: 30, minority: 10 }), label: 'class', modelDir, model: 'auto', autoCandidates: ['smote+purity'], quiet: true }).catch((e: unknown) => e);
    expect(isGanAugmentError(err) && err.code).toBe('usage');
    expect((err as Error).message).toMatch(/--auto-candidates: fit cannot take 'smote\+purity'/);
    expect(existsSync(modelDir)).toBe(false);
  });
});
