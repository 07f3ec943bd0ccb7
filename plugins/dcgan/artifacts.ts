/**
 * Saving and loading a fitted DCGAN as `ModelArtifacts`: a JSON config (format, parameters,
 * image feature name and shape, class names, network widths) plus every weight as a named
 * Float32Array. Loading validates each field and copies numbers; nothing in the file is executed.
 */
import type { JsonValue, ModelArtifacts } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';
import { weightShapes, type DcganShape } from './networks.js';

const FORMAT = 'gan-augment/dcgan';
const FORMAT_VERSION = 1;

export interface DcganSavedState {
  readonly featureName: string;
  readonly classes: readonly string[];
  readonly shape: DcganShape;
  readonly params: Readonly<Record<string, JsonValue>>;
  readonly arrays: Readonly<Record<string, Float32Array>>;
}

export function stateToArtifacts(state: DcganSavedState): ModelArtifacts {
  const s = state.shape;
  const config: JsonValue = {
    format: FORMAT,
    version: FORMAT_VERSION,
    featureName: state.featureName,
    classes: [...state.classes],
    network: {
      height: s.height,
      width: s.width,
      channels: s.channels,
      classes: s.classes,
      noiseDim: s.noiseDim,
      generatorWidth: s.generatorWidth,
      discriminatorWidth: s.discriminatorWidth,
    },
    params: { ...state.params },
  };
  return { config, arrays: { ...state.arrays } };
}

/** Validate artifacts; throws GanAugmentError('model') naming what is wrong. */
export function stateFromArtifacts(artifacts: ModelArtifacts): DcganSavedState {
  const config = artifacts.config;
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw corrupt('config is not an object');
  if (config['format'] !== FORMAT) throw corrupt(`format is '${String(config['format'])}', expected '${FORMAT}'`);
  if (config['version'] !== FORMAT_VERSION) {
    throw new GanAugmentError('model', `dcgan model: format version ${String(config['version'])} is not supported (this version reads ${FORMAT_VERSION}).`, {
      hint: 'Re-train the model with this version of gan-augment.',
    });
  }
  const featureName = config['featureName'];
  if (typeof featureName !== 'string') throw corrupt('featureName');
  const classes = config['classes'];
  if (!Array.isArray(classes) || classes.length === 0 || classes.some((c) => typeof c !== 'string')) throw corrupt('classes');
  const net = config['network'];
  if (net === null || typeof net !== 'object' || Array.isArray(net)) throw corrupt('network');
  const int = (key: string): number => {
    const v = net[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 1_000_000) throw corrupt(`network.${key}`);
    return v;
  };
  const shape: DcganShape = {
    height: int('height'),
    width: int('width'),
    channels: int('channels'),
    classes: int('classes'),
    noiseDim: int('noiseDim'),
    generatorWidth: int('generatorWidth'),
    discriminatorWidth: int('discriminatorWidth'),
  };
  if (shape.height % 4 !== 0 || shape.width % 4 !== 0 || shape.generatorWidth % 2 !== 0 || shape.classes !== classes.length) {
    throw corrupt('network shape');
  }
  const arrays: Record<string, Float32Array> = {};
  const shapes = weightShapes(shape);
  const extra = Object.keys(artifacts.arrays).find((name) => !Object.hasOwn(shapes, name));
  if (extra !== undefined) throw corrupt(`weight '${extra}' (not part of the network)`);
  for (const [name, dims] of Object.entries(shapes)) {
    const data = artifacts.arrays[name];
    const size = dims.reduce((a, b) => a * b, 1);
    if (!(data instanceof Float32Array) || data.length !== size || data.some((x) => !Number.isFinite(x))) {
      throw corrupt(`weight '${name}' is missing, has the wrong size or holds non-finite numbers`);
    }
    arrays[name] = data;
  }
  const rawParams = config['params'];
  const params = rawParams !== null && typeof rawParams === 'object' && !Array.isArray(rawParams) ? rawParams : {};
  return { featureName, classes: classes as string[], shape, params, arrays };
}

function corrupt(what: string): GanAugmentError {
  return new GanAugmentError('model', `dcgan model: ${what} is missing or invalid; the file is corrupt or was edited.`, {
    hint: 'Re-train the model (gan-augment fit) to write a fresh one.',
  });
}
