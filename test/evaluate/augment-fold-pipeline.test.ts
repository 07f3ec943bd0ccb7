/**
 * The evaluator measures the pipeline `augment` ships: one fold's augmentation (augmentFold, as
 * runEvaluation calls it on each training fold) gives the same synthetic rows as `augment` on
 * the same rows with the same seed and options: same plan, copy guard, redraw and output types.
 */
import { describe, expect, it } from 'vitest';
import { augment } from '../../src/index.js';
import { augmentFold } from '../../src/evaluate/augment-fold.js';
import { Rng } from '../../src/random.js';
import { decodeDataset } from '../../src/schema/decode.js';
import { encodeTable } from '../../src/schema/encode.js';
import { inferRoles } from '../../src/schema/infer.js';
import { parseStrategy } from '../../src/strategy.js';
import { registerJitter } from '../support/jitter-synthesizer.js';
import { imbalancedTable } from '../support/tables.js';
import { registerBuiltins } from '../../plugins/index.js';
import type { Table } from 'apache-arrow';

registerBuiltins();
registerJitter();

const rowsOf = (t: Table, from = 0): string[] => t.toArray().slice(from).map((r) => JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? `${v}n` : v)));

describe('evaluate fold augmentation = augment', () => {
  for (const [model, params] of [['smote', {}], ['test-jitter', { copyRate: 0.5 }]] as const) {
    it(`${model}: same synthetic rows, copies dropped and redrawn, same types`, async () => {
      const table = imbalancedTable(3);
      const { dataset, plan } = encodeTable(table, inferRoles(table, { label: 'class', ignore: ['note'] }));
      const seed = 11;
      const fold = await augmentFold(dataset, model, { strategy: parseStrategy('auto'), minority: [], params, plan }, new Rng(seed));
      const shipped = await augment({ input: table, label: 'class', ignore: ['note'], model, modelParams: params, seed, quiet: true });

      expect(fold.synthetic).toBeDefined();
      const synthetic = fold.synthetic!;
      expect(synthetic.rowCount).toBe(shipped.table.numRows - table.numRows);
      // The fold's rows decoded with the input's plan are the rows augment wrote (its provenance column aside).
      const decoded = decodeDataset(synthetic, plan);
      const written = shipped.table.select(table.schema.fields.map((f) => f.name).filter((n) => n !== 'note'));
      expect(rowsOf(decoded.select(written.schema.fields.map((f) => f.name)))).toEqual(rowsOf(written, table.numRows));
      if (model === 'test-jitter') {
        // The copy guard ran in the fold as in augment: copies were drawn and none is left.
        expect(shipped.summary.copies.dropped).toBeGreaterThan(0);
        const training = new Set(rowsOf(decodeDataset(dataset, plan)));
        for (const row of rowsOf(decoded)) expect(training.has(row)).toBe(false);
      }
    });
  }
});
