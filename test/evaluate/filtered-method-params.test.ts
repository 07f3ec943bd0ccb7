/**
 * A filtered method ('NAME+distance') runs NAME with NAME's parameters: evaluate looked them up
 * under the whole method name, so `ctgan+critic` silently ran ctgan's defaults.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/contracts.js';
import { runEvaluation } from '../../src/evaluate/run.js';
import { registerSynthesizer } from '../../src/registry.js';
import { Rng } from '../../src/random.js';
import { registerBuiltins } from '../../plugins/index.js';
import { echoSynthesizer } from '../support/echo-synthesizer.js';

registerBuiltins();
registerSynthesizer(echoSynthesizer('test-echo'));

function data(): Dataset {
  const rng = new Rng(3);
  const labels = Int32Array.from({ length: 40 }, (_, i) => (i < 30 ? 0 : 1));
  return { features: [{ kind: 'numeric', name: 'x', values: Float64Array.from(labels, (l) => 2 * l + rng.normal()), integer: false }], labels, classes: ['a', 'b'], rowCount: 40 };
}

describe('evaluate: parameters of a filtered method', () => {
  it("'test-echo+distance' is created with test-echo's parameters", async () => {
    const run = runEvaluation(data(), { folds: 2, repeats: 1, seed: 1, methods: ['none', 'test-echo+distance'], classifiers: ['logistic'], synthesizerParams: { 'test-echo': { k: 3 } } });
    await expect(run).rejects.toThrow('params {"k":3}');
  });
});
