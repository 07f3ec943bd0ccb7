import { describe, expect, it } from 'vitest';
import { getSynthesizer, listClassifiers, listSynthesizers, registerBuiltins, registerSynthesizer, type SynthesizerFactory } from '../src/index.js';

describe('the public entry point', () => {
  it('registers the built-in plugins on import, so augment() needs no set-up', () => {
    expect(listSynthesizers().map((f) => f.name)).toEqual(expect.arrayContaining(['ctgan', 'dcgan', 'smote', 'random']));
    expect(listClassifiers().map((f) => f.name)).toEqual(expect.arrayContaining(['logistic', 'mlp', 'forest', 'cnn']));
  });

  it("keeps a user's plugin registered under a built-in's name when registerBuiltins() runs again", () => {
    const builtin = getSynthesizer('random');
    const mine: SynthesizerFactory = { ...builtin, description: 'my own random oversampler' };
    registerSynthesizer(mine);
    try {
      registerBuiltins();
      expect(getSynthesizer('random')).toBe(mine);
    } finally {
      registerSynthesizer(builtin);
    }
  });
});
