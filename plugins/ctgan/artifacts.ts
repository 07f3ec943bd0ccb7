/**
 * Saving and loading a fitted CTGAN as `ModelArtifacts`: a JSON config (parameters, class names,
 * the transformer state with every feature's name, kind, levels, integer flag and observed range,
 * the condition statistics, the network shape) plus every weight as a named Float32Array. Loading
 * validates each field and copies numbers into fresh variables; nothing in the file is executed.
 */
import * as tf from '@tensorflow/tfjs';
import type { JsonValue, ModelArtifacts } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';
import { Rng } from '../../src/random.js';
import { buildNetworks, namedWeights, weightSizes, type NetworkShape } from './networks.js';
import { paramsToJson, type CtganParams } from './params.js';
import { conditionStatsFromJson, conditionStatsToJson, conditionWidth } from './sampler.js';
import { outputSpans, outputWidth, transformerFromJson, transformerToJson } from './transformer.js';
import type { CtganModel } from './model.js';

export const FORMAT = 'gan-augment/ctgan';
export const FORMAT_VERSION = 1;

export function modelToArtifacts(model: CtganModel, params: CtganParams): ModelArtifacts {
  const arrays: Record<string, Float32Array> = {};
  for (const [name, v] of namedWeights(model.generator, model.critic)) arrays[name] = Float32Array.from(v.dataSync() as Float32Array);
  const s = model.shape;
  const config: JsonValue = {
    format: FORMAT,
    version: FORMAT_VERSION,
    params: paramsToJson(params),
    classes: [...model.classes],
    transformer: transformerToJson(model.transformer),
    conditions: conditionStatsToJson(model.conditions),
    network: {
      embeddingDim: s.embeddingDim,
      condDim: s.condDim,
      dataDim: s.dataDim,
      generatorDims: [...s.generatorDims],
      criticDims: [...s.criticDims],
      pac: s.pac,
    },
  };
  return { config, arrays };
}

/** Rebuild a model from artifacts; throws GanAugmentError('model') on anything inconsistent. */
export function modelFromArtifacts(artifacts: ModelArtifacts): { model: CtganModel; params: Record<string, unknown> } {
  const config = artifacts.config;
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw corrupt('config is not an object');
  if (config['format'] !== FORMAT) throw corrupt(`format is '${String(config['format'])}', expected '${FORMAT}'`);
  if (config['version'] !== FORMAT_VERSION) {
    throw new GanAugmentError('model', `ctgan model: format version ${String(config['version'])} is not supported (this version reads ${FORMAT_VERSION}).`, {
      hint: 'Re-train the model with this version of gan-augment.',
    });
  }
  const classes = config['classes'];
  if (!Array.isArray(classes) || classes.length === 0 || classes.some((c) => typeof c !== 'string')) throw corrupt('classes');
  const transformer = transformerFromJson(config['transformer'] ?? null);
  const conditions = conditionStatsFromJson(config['conditions']);
  if (conditions.classCount !== classes.length) throw corrupt('condition classes');
  const shape = networkShape(config['network']);
  if (shape.dataDim !== outputWidth(transformer) || shape.condDim !== conditionWidth(conditions)) throw corrupt('network shape does not match the transformer');
  checkWeightSizes(shape, artifacts.arrays);
  const rawParams = config['params'];
  const params = rawParams !== null && typeof rawParams === 'object' && !Array.isArray(rawParams) ? rawParams : {};
  // Build with throwaway initial values, then overwrite every variable from the file.
  const { generator, critic } = buildNetworks(shape, outputSpans(transformer), new Rng(0));
  const model: CtganModel = { transformer, conditions, classes: classes as string[], shape, generator, critic };
  const weights = namedWeights(generator, critic);
  try {
    for (const [name, v] of weights) {
      const data = artifacts.arrays[name];
      if (!(data instanceof Float32Array) || data.length !== v.size || data.some((x) => !Number.isFinite(x))) {
        throw corrupt(`weight '${name}' is missing, has the wrong size or holds non-finite numbers`);
      }
      tf.tidy(() => v.assign(tf.tensor(data, v.shape, 'float32')));
    }
  } catch (err) {
    for (const v of weights.values()) v.dispose();
    throw err;
  }
  const cleaned: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) if (v !== null) cleaned[k] = v;
  return { model, params: cleaned };
}

/**
 * The config's network shape must match the arrays read from weights.bin, name by name and size by
 * size, before any tensor is built: a config asking for a huge layer is refused at once.
 */
function checkWeightSizes(shape: NetworkShape, arrays: Readonly<Record<string, Float32Array>>): void {
  const sizes = weightSizes(shape);
  for (const [name, size] of sizes) {
    const data = arrays[name];
    if (!(data instanceof Float32Array)) throw corrupt(`weight '${name}' is missing from weights.bin`);
    if (data.length !== size) throw corrupt(`weight '${name}' holds ${data.length} numbers but the network shape needs ${size}`);
  }
  const extra = Object.keys(arrays).find((name) => !sizes.has(name));
  if (extra !== undefined) throw corrupt(`weights.bin holds an array '${extra}' the network does not have`);
}

function networkShape(json: JsonValue | undefined): NetworkShape {
  if (json === null || json === undefined || typeof json !== 'object' || Array.isArray(json)) throw corrupt('network');
  const int = (v: JsonValue | undefined, what: string): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw corrupt(`network.${what}`);
    return v;
  };
  const list = (v: JsonValue | undefined, what: string): number[] => {
    if (!Array.isArray(v) || v.length === 0) throw corrupt(`network.${what}`);
    return v.map((x) => int(x, what));
  };
  return {
    embeddingDim: int(json['embeddingDim'], 'embeddingDim'),
    condDim: int(json['condDim'], 'condDim'),
    dataDim: int(json['dataDim'], 'dataDim'),
    generatorDims: list(json['generatorDims'], 'generatorDims'),
    criticDims: list(json['criticDims'], 'criticDims'),
    pac: int(json['pac'], 'pac'),
  };
}

function corrupt(what: string): GanAugmentError {
  return new GanAugmentError('model', `ctgan model: the saved model is corrupt (${what}).`, {
    hint: 'Re-train the model; saved models must not be edited.',
  });
}
