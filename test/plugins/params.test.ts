/**
 * The plugins' parameter declarations: every built-in declares its parameters and validates with
 * them; snake_case and camelCase spellings give the same parameters; defaults and ranges are the
 * ones the plugins had before the declarations (same seed, same bytes); errors are one line.
 */
import { describe, expect, it } from 'vitest';
import '../../src/index.js';
import type { ParamDeclarations } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';
import { canonicalParams, parseDeclaredParams, paramSpellings } from '../../src/plugin-params.js';
import { canonicalModelParams, listClassifiers, listSynthesizers } from '../../src/registry.js';
import { Rng } from '../../src/random.js';
import { CTGAN_PARAMS, paramsToJson, parseParams } from '../../plugins/ctgan/params.js';
import { parseDcganParams } from '../../plugins/dcgan/params.js';
import { smoteFactory } from '../../plugins/smote/index.js';
import { ctganFactory } from '../../plugins/ctgan/index.js';
import { forestFactory } from '../../plugins/classifiers/forest.js';
import type { Dataset } from '../../src/contracts.js';

function errorOf(f: () => unknown): GanAugmentError {
  try {
    f();
  } catch (err) {
    if (err instanceof GanAugmentError) return err;
    throw err;
  }
  throw new Error('no error thrown');
}

describe('parameter declarations', () => {
  it('are declared by every built-in synthesizer and classifier, with help and a unique spelling each', () => {
    const plugins = [...listSynthesizers(), ...listClassifiers()];
    expect(plugins.length).toBeGreaterThanOrEqual(13);
    for (const p of plugins) {
      expect(p.params, p.name).toBeDefined();
      const seen = new Map<string, string>();
      for (const [key, decl] of Object.entries(p.params!)) {
        expect(decl.help.length, `${p.name}.${key}`).toBeGreaterThan(5);
        expect(decl.default !== undefined || decl.auto !== undefined, `${p.name}.${key} has a default or says how it is chosen`).toBe(true);
        for (const s of paramSpellings(key, decl)) {
          expect(seen.get(s) ?? key, `${p.name}: '${s}' names two parameters`).toBe(key);
          seen.set(s, key);
        }
      }
    }
  });

  it("are what each plugin accepts: the declared default passes, every declared name is known, an undeclared one is refused", () => {
    for (const p of [...listSynthesizers(), ...listClassifiers()]) {
      const create = (params: Record<string, unknown>): unknown => p.create(params);
      for (const [key, decl] of Object.entries(p.params!)) {
        if (decl.default === undefined) continue;
        for (const spelling of paramSpellings(key, decl)) expect(() => create({ [spelling]: decl.default }), `${p.name} ${spelling}`).not.toThrow();
      }
      expect(() => create({ no_such_parameter: 1 }), p.name).toThrow(/unknown parameter 'no_such_parameter'/);
    }
  });

  it("keep ctgan's and dcgan's defaults as they were", () => {
    expect(parseParams({})).toEqual({
      epochs: undefined, batchSize: undefined, pac: undefined, embeddingDim: 128, generatorDims: [256, 256], criticDims: [256, 256],
      generatorLr: 2e-4, criticLr: 2e-4, trainOn: 'minority', classSampling: 'log', fineTuneShare: 0.3, auxWeight: 0, auxFloor: 0.2877,
      checkpointEvery: 10, smallClassRows: 0, snapshot: 'last', ensemble: 1, noiseScale: 1,
    });
    // The saved form keeps one `lr` as before generator_lr / discriminator_lr existed (snapshot and ensemble are left out of checkpoint fingerprints; noiseScale is saved only when set).
    expect(Object.keys(paramsToJson(parseParams({})))).toEqual(['epochs', 'batchSize', 'pac', 'embeddingDim', 'generatorDims', 'criticDims', 'lr', 'trainOn', 'classSampling', 'fineTuneShare', 'auxWeight', 'auxFloor', 'checkpointEvery', 'smallClassRows', 'snapshot', 'ensemble']);
    expect(parseDcganParams({})).toEqual({ epochs: undefined, batchSize: undefined, noiseDim: 100, generatorWidth: 64, discriminatorWidth: 32, lr: 5e-4, beta1: 0.5, dropout: 0.3, auxWeight: 1 });
  });

  it('keep the ranges at their edges', () => {
    const ok = (raw: Record<string, unknown>): boolean => {
      try {
        parseParams(raw);
        return true;
      } catch {
        return false;
      }
    };
    expect([ok({ lr: 1 }), ok({ lr: 0 }), ok({ lr: 0.999 }), ok({ fineTuneShare: 0 }), ok({ auxWeight: 0 }), ok({ auxWeight: 100 })]).toEqual([false, false, true, false, true, false]);
    expect([ok({ smallClassRows: 0 }), ok({ smallClassRows: -1 }), ok({ pac: 'auto' }), ok({ pac: 0 }), ok({ epochs: '3' }), ok({ epochs: 2.5 })]).toEqual([true, false, true, false, true, false]);
    expect([ok({ generatorDims: '64,32' }), ok({ generatorDims: [] }), ok({ generatorDims: [64, 0] })]).toEqual([true, false, false]);
    expect(parseParams({ pac: 'auto' }).pac).toBeUndefined();
    expect(parseDcganParams({ generatorWidth: 6 }).generatorWidth).toBe(6);
    expect(() => parseDcganParams({ generatorWidth: 7 })).toThrow("dcgan parameter 'generatorWidth' must be an even integer >= 2, got '7'. The default is 64.");
    expect(() => parseDcganParams({ beta1: 1 })).toThrow(/beta1/);
    expect(parseDcganParams({ beta1: 0, auxWeight: 1000 })).toMatchObject({ beta1: 0, auxWeight: 1000 });
  });

  it('give the same parameters for the snake_case (SDV) and camelCase (API) spellings', () => {
    const snake = parseParams({ embedding_dim: 64, generator_dim: [32, 32], discriminator_dim: '16,16', generator_lr: 0.001, discriminator_lr: '0.0005', batch_size: 20, pac: 5, train_on: 'all', small_class_rows: 20 });
    const camel = parseParams({ embeddingDim: 64, generatorDims: [32, 32], criticDims: [16, 16], generatorLr: 0.001, criticLr: 0.0005, batchSize: 20, pac: 5, trainOn: 'all', smallClassRows: 20 });
    expect(snake).toEqual(camel);
    expect(parseParams({ discriminatorDim: [16], critic_dims: undefined })).toEqual(parseParams({ criticDims: [16] }));
    expect(snake.criticDims).toEqual([16, 16]);
    expect(parseDcganParams({ noise_dim: 8, generator_width: 4 })).toEqual(parseDcganParams({ noiseDim: 8, generatorWidth: 4 }));
    expect(canonicalModelParams('ctgan', { embedding_dim: 8, discriminator_dim: [4], bogus: 1 })).toEqual({ embeddingDim: 8, criticDims: [4], bogus: 1 });
    expect(canonicalModelParams('smote', { kNeighbors: 3 })).toEqual({ k_neighbors: 3 });
    expect(canonicalModelParams('not-registered', { kNeighbors: 3 })).toEqual({ kNeighbors: 3 });
  });

  it('give the same smote model for k_neighbors and kNeighbors (same saved parameters, same rows)', async () => {
    const values = Float64Array.from({ length: 30 }, (_, i) => (i * 7.3) % 11);
    const data: Dataset = { features: [{ kind: 'numeric', name: 'x', values, integer: false }], labels: Int32Array.from({ length: 30 }, (_, i) => (i < 20 ? 0 : 1)), classes: ['a', 'b'], rowCount: 30 };
    const fitted = async (params: Record<string, unknown>) => {
      const model = smoteFactory.create(params);
      await model.fit(data, { rng: new Rng(1) });
      return model;
    };
    const [snake, camel] = await Promise.all([fitted({ k_neighbors: 3 }), fitted({ kNeighbors: '3' })]);
    expect((await camel.serialize()).config).toEqual((await snake.serialize()).config);
    const rows = async (m: typeof snake) => Array.from(((await m.sample(new Map([[1, 15]]), new Rng(4))).features[0] as { values: Float64Array }).values);
    expect(await rows(camel)).toEqual(await rows(snake));
    expect(smoteFactory.minRowsPerClass({ kNeighbors: 2 })).toBe(3);
  });

  it("sets ctgan's two learning rates apart (generator_lr, discriminator_lr), lr setting both", () => {
    expect(parseParams({ lr: 0.001 })).toMatchObject({ generatorLr: 0.001, criticLr: 0.001 });
    expect(parseParams({ lr: 0.001, discriminator_lr: 0.003 })).toMatchObject({ generatorLr: 0.001, criticLr: 0.003 });
    const apart = parseParams({ generator_lr: 0.001 });
    expect(apart).toMatchObject({ generatorLr: 0.001, criticLr: 2e-4 });
    const saved = paramsToJson(apart);
    expect(saved).toMatchObject({ generatorLr: 0.001, criticLr: 2e-4 });
    expect(saved).not.toHaveProperty('lr');
    const reread = Object.fromEntries(Object.entries(saved).filter(([, v]) => v !== null));
    expect(parseParams(reread)).toEqual(apart);
    expect(paramsToJson(parseParams({ lr: 0.001 }))).toMatchObject({ lr: 0.001 });
  });

  it('refuse an unknown name in one line naming the known ones, and one parameter given in two spellings', () => {
    const unknown = errorOf(() => ctganFactory.create({ embedding_size: 8 }));
    expect(unknown.code).toBe('usage');
    expect(unknown.message).not.toContain('\n');
    expect(unknown.message).toMatch(/^ctgan: unknown parameter 'embedding_size'\. Known parameters: epochs, batch_size, pac, embedding_dim, generator_dim, discriminator_dim, lr, generator_lr, discriminator_lr, train_on,/);
    const forest = errorOf(() => forestFactory.create({ trees: 0 }));
    expect(forest.message).toBe("forest parameter 'trees' must be a positive integer, got '0'. The default is 100.");
    const twice = errorOf(() => parseParams({ embedding_dim: 8, embeddingDim: 16 }));
    expect(twice.message).toBe("ctgan: parameter 'embedding_dim' is given twice, as 'embedding_dim' and 'embeddingDim'. Give it once.");
    const none = errorOf(() => listSynthesizers().find((f) => f.name === 'random')!.create({ k_neighbors: 3 }));
    expect(none.message).toMatch(/^random: unknown parameter 'k_neighbors': the 'random' model takes no parameters\./);
    expect(() => smoteFactory.create({ train_on: 'all', trainOn: 'minority' })).not.toThrow(); // the stage's --train-on, unused by smote
  });

  it('parse any declaration the same way (the contract a user plugin can call too)', () => {
    const spec = {
      depth: { type: 'integer', default: 3, min: 1, max: 9, help: 'tree depth' },
      rate: { type: 'number', min: 0, minOpen: true, auto: 'from the data', help: 'a rate' },
      mode: { type: 'choice', aliases: ['speed'], default: 'fast', choices: { fast: ['f'], slow: [] }, help: 'speed' },
    } as const satisfies ParamDeclarations;
    expect(parseDeclaredParams('toy', spec, { depth: '9', mode: 'f' })).toEqual({ depth: 9, rate: undefined, mode: 'fast' });
    expect(parseDeclaredParams('toy', spec, { speed: 'slow', rate: 'auto' })).toMatchObject({ mode: 'slow', rate: undefined });
    expect(() => parseDeclaredParams('toy', spec, { depth: 10 })).toThrow("toy parameter 'depth' must be an integer from 1 to 9, got '10'. The default is 3.");
    expect(() => parseDeclaredParams('toy', spec, { rate: 0 })).toThrow("toy parameter 'rate' must be a positive number, got '0'. Leave it out for the default (from the data).");
    expect(canonicalParams(spec, { speed: 'slow', Depth: 1 })).toEqual({ mode: 'slow', Depth: 1 });
    expect(Object.keys(CTGAN_PARAMS)).toContain('criticLr');
  });
});
