/**
 * A `SynthesizerFactory` for a `ClassSampler` plugin (the SMOTE family) from its parameter
 * declaration: `create`, `minRowsPerClass` and `deserialize` all validate through the same
 * declaration, and a saved model whose parameters no longer validate is reported as corrupt.
 */
import type { FeatureKind, ParamDeclarations, SynthesizerFactory } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';
import { parseDeclaredParams, type ParsedParams } from '../../src/plugin-params.js';
import { datasetFromArtifacts } from '../random/stored-rows.js';
import type { ClassSampler } from './class-sampler.js';

export interface SamplerPlugin<S extends ParamDeclarations> {
  readonly name: string;
  /** What it does, in a sentence or two. */
  readonly description: string;
  readonly supports: readonly FeatureKind[];
  readonly params: S;
  minRowsPerClass(params: ParsedParams<S>): number;
  make(params: ParsedParams<S>): ClassSampler;
}

/** @example export const adasynFactory = samplerFactory({ name: 'adasyn', description, supports: ['numeric'], params, minRowsPerClass, make }); */
export function samplerFactory<S extends ParamDeclarations>(plugin: SamplerPlugin<S>): SynthesizerFactory {
  // The stage passes --train-on as `trainOn`; these samplers work per class, so either value is fine.
  const parse = (raw: Readonly<Record<string, unknown>>): ParsedParams<S> => parseDeclaredParams(plugin.name, plugin.params, raw, ['trainOn']);
  return {
    name: plugin.name,
    description: plugin.description,
    supports: plugin.supports,
    params: plugin.params,
    usesTensorFlow: false,
    minRowsPerClass: (raw) => plugin.minRowsPerClass(parse(raw)),
    create: (raw) => plugin.make(parse(raw)),
    deserialize(artifacts) {
      const config = artifacts.config;
      const saved: Record<string, unknown> = {};
      for (const key of Object.keys(plugin.params)) {
        const value = config !== null && typeof config === 'object' && !Array.isArray(config) ? config[key] : undefined;
        if (value === undefined) throw corrupt(plugin.name, `${key} is missing`);
        saved[key] = value;
      }
      let params: ParsedParams<S>;
      try {
        params = parse(saved);
      } catch (err) {
        throw corrupt(plugin.name, (err instanceof Error ? err.message : String(err)).replace(/\.$/, ''));
      }
      const model = plugin.make(params);
      model.load(datasetFromArtifacts(artifacts, plugin.name));
      return model;
    },
  };
}

function corrupt(model: string, what: string): GanAugmentError {
  return new GanAugmentError('model', `The saved '${model}' model is corrupt: ${what}.`, {
    hint: 'Refit the model (run without --load-model) and save it again.',
  });
}
