import { describe, expect, it } from 'vitest';
import { DEFAULT_SEED, resolveAugmentOptions, resolveFitModelOptions, resolveSampleOptions } from '../../src/options/index.js';

const base = { input: 'in.csv', label: 'class' };

describe('resolveAugmentOptions', () => {
  it('applies the documented defaults', () => {
    const o = resolveAugmentOptions(base);
    expect(o).toMatchObject({
      model: 'ctgan', seed: DEFAULT_SEED, strategy: { kind: 'auto' }, provenanceColumn: 'is_synthetic', backend: 'auto',
      minority: [], categorical: [], ignore: [], numeric: [], keepCopies: false, quiet: false, modelParams: {},
    });
    expect(DEFAULT_SEED).toBe(42);
    expect(o.epochs).toBeUndefined();
    expect(o.output).toBeUndefined();
  });

  it('takes CLI text and typed values alike', () => {
    const fromCli = resolveAugmentOptions({
      ...base, epochs: '50', batchSize: '100', seed: '7', minority: 'yes, maybe', categorical: 'a,b', strategy: '0.5',
      modelParams: 'pac=5,lr=0.001,name=x,flag=true', keepCopies: 'true', format: 'feather', trainOn: 'minority', quiet: 'yes',
    });
    const fromApi = resolveAugmentOptions({
      ...base, epochs: 50, batchSize: 100, seed: 7, minority: ['yes', 'maybe'], categorical: ['a', 'b'], strategy: 0.5,
      modelParams: { pac: 5, lr: 0.001, name: 'x', flag: true }, keepCopies: true, format: 'arrow', trainOn: 'minority', quiet: true,
    });
    expect(fromCli).toEqual(fromApi);
    expect(fromCli.strategy).toEqual({ kind: 'ratio', ratio: 0.5 });
    expect(resolveAugmentOptions({ ...base, modelParams: '{"generatorDims":[64,64]}' }).modelParams).toEqual({ generatorDims: [64, 64] });
  });

  it('names the CLI flag in every error', () => {
    expect(() => resolveAugmentOptions({ ...base, epochs: -3 })).toThrow('--epochs must be a positive integer, got -3');
    expect(() => resolveAugmentOptions({ ...base, epochs: '2.5' })).toThrow("--epochs must be a positive integer, got '2.5'");
    expect(() => resolveAugmentOptions({ ...base, batchSize: 0 })).toThrow('--batch-size must be a positive integer');
    expect(() => resolveAugmentOptions({ ...base, seed: 'abc' })).toThrow("--seed must be an integer from 0 to 4294967295, got 'abc'");
    expect(() => resolveAugmentOptions({ ...base, backend: 'gpu' })).toThrow("--backend must be one of auto, tensorflow-gpu, tensorflow, wasm, cpu; got 'gpu'");
    expect(() => resolveAugmentOptions({ ...base, format: 'xlsx' })).toThrow("--format must be one of parquet, arrow, arrow-stream, csv; got 'xlsx'");
    expect(() => resolveAugmentOptions({ ...base, trainOn: 'some' })).toThrow("--train-on must be one of all, minority; got 'some'");
    expect(() => resolveAugmentOptions({ ...base, strategy: 'most' })).toThrow(/--strategy must be one of/);
    expect(() => resolveAugmentOptions({ ...base, modelParams: 'pac' })).toThrow("--model-params: 'pac' is not of the form key=value");
    expect(() => resolveAugmentOptions({ ...base, keepCopies: 'maybe' })).toThrow("--keep-copies must be true or false, got 'maybe'");
    expect(() => resolveAugmentOptions({ input: 'x.csv' } as never)).toThrow('--label is required');
    expect(() => resolveAugmentOptions({ label: 'y' } as never)).toThrow('--input is required');
    expect(() => resolveAugmentOptions({ ...base, epoch: 3 } as never)).toThrow("Unknown option 'epoch'");
  });
});

describe('resolveFitModelOptions / resolveSampleOptions', () => {
  it('validates the model directory and counts', () => {
    expect(resolveFitModelOptions({ ...base, modelDir: 'm' }).modelDir).toBe('m');
    expect(() => resolveFitModelOptions({ ...base } as never)).toThrow('--model-dir is required');
    expect(resolveSampleOptions({ modelDir: 'm', counts: 'yes=5,no=2' }).counts).toEqual({ yes: 5, no: 2 });
    expect(() => resolveSampleOptions({ modelDir: 'm', counts: '' })).toThrow('--counts is required');
    expect(() => resolveSampleOptions({ modelDir: 'm', counts: 'yes=-1' })).toThrow("--counts: the count for class 'yes' must be a non-negative integer");
    expect(() => resolveSampleOptions({ modelDir: 'm', counts: '0.5' })).toThrow('--counts must list rows per class');
  });
});
