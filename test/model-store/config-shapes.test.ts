/**
 * A saved model's config cannot make the loader build something the weights file does not hold:
 * the network shape is checked against the arrays, name by name and size by size, before any
 * tensor exists (a 3,000,000-wide layer once took 52 s and 4.7 GB before a refusal).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ctganFactory } from '../../plugins/ctgan/index.js';
import { initBackend } from '../../src/backend/pick.js';
import type { JsonValue, ModelArtifacts } from '../../src/contracts.js';
import { GanAugmentError } from '../../src/errors.js';
import { Rng } from '../../src/random.js';
import { makeFixture } from '../support/ctgan-fixture.js';

let artifacts: ModelArtifacts;

beforeAll(async () => {
  await initBackend('cpu');
  const synth = ctganFactory.create({ embeddingDim: 8, generatorDims: [16], criticDims: [16], trainOn: 'all' });
  await synth.fit(makeFixture(3, 120, 40), { rng: new Rng(1), epochs: 1 });
  artifacts = await synth.serialize();
  synth.dispose();
});

function withNetwork(change: Record<string, JsonValue>): ModelArtifacts {
  const config = artifacts.config as Record<string, JsonValue>;
  return { ...artifacts, config: { ...config, network: { ...(config['network'] as Record<string, JsonValue>), ...change } } };
}

function refusal(a: ModelArtifacts): GanAugmentError {
  const tensors = tf.memory().numTensors;
  let caught: unknown;
  try {
    ctganFactory.deserialize(a).dispose();
  } catch (err) {
    caught = err;
  }
  expect(tf.memory().numTensors).toBe(tensors);
  expect(caught).toBeInstanceOf(GanAugmentError);
  return caught as GanAugmentError;
}

describe('ctgan config shapes against the weights', () => {
  it('refuses a 3,000,000-wide layer at once, building no tensor', () => {
    const err = refusal(withNetwork({ generatorDims: [3_000_000] }));
    expect(err.code).toBe('model');
    expect(err.message).toMatch(/weight 'generator\.block0\.w' holds \d+ numbers but the network shape needs \d+/);
  });

  it('refuses an extra layer, a missing array and an array the network does not have', () => {
    expect(refusal(withNetwork({ criticDims: [16, 16] })).message).toMatch(/weight 'critic\.layer1\.w' is missing from weights\.bin/);
    const arrays = { ...artifacts.arrays, 'critic.layer9.w': new Float32Array(4) };
    expect(refusal({ ...artifacts, arrays }).message).toMatch(/weights\.bin holds an array 'critic\.layer9\.w' the network does not have/);
  });

  it('still loads the unedited artifacts', () => {
    const loaded = ctganFactory.deserialize(artifacts);
    loaded.dispose();
  });
});
