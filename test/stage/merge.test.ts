import * as A from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { checkProvenanceColumn, mergeWithProvenance, withProvenance } from '../../src/stage/merge.js';
import { embeddedSummary, outputMetadata, runSummary, METADATA_KEY } from '../../src/stage/metadata.js';
import { table } from '../support/schema-tables.js';

describe('mergeWithProvenance', () => {
  it('keeps every input batch as is, appends synthetic rows, and flags them', () => {
    const a = table([['x', new A.Int32(), [1, 2]], ['y', new A.Utf8(), ['p', 'q']]]);
    const b = table([['x', new A.Int32(), [3]], ['y', new A.Utf8(), ['q']]]);
    const input = a.concat(b); // two record batches
    const synthetic = table([['x', new A.Int32(), [null, 9]], ['y', new A.Utf8(), ['p', 'p']]]);
    const merged = mergeWithProvenance(input, synthetic, 'is_synthetic', new Map([['k', 'v']]));
    expect(merged.batches.length).toBe(3);
    expect(merged.batches[0]!.data.children[0]).toBe(input.batches[0]!.data.children[0]);
    expect([...merged.getChild('x')!]).toEqual([1, 2, 3, null, 9]);
    expect([...merged.getChild('is_synthetic')!]).toEqual([false, false, false, true, true]);
    expect(merged.schema.fields.map((f) => [f.name, String(f.type), f.nullable])).toEqual([
      ['x', 'Int32', true],
      ['y', 'Utf8', true],
      ['is_synthetic', 'Bool', false],
    ]);
    expect(merged.schema.metadata.get('k')).toBe('v');
  });

  it('refuses a provenance name that is a column, and mismatched synthetic columns', () => {
    expect(() => checkProvenanceColumn(['a', 'is_synthetic'], 'is_synthetic')).toThrow(/--provenance-column: the input already has a column named 'is_synthetic'/);
    const input = table([['x', new A.Int32(), [1]]]);
    const other = table([['x', new A.Float64(), [1]]]);
    expect(() => mergeWithProvenance(input, other, 'p', new Map())).toThrow(/do not have the input's columns and types/);
  });

  it('withProvenance flags every row of a sample table', () => {
    const t = withProvenance(table([['x', new A.Int32(), [1, 2]]]), 'made', new Map());
    expect([...t.getChild('made')!]).toEqual([true, true]);
  });
});

describe('outputMetadata', () => {
  it('keeps the input metadata except stale column descriptions, and adds the run summary', () => {
    const summary = runSummary('sample', { label: 'y', model: 'test-none', seed: 1, backend: null, classes: [], columns: [] });
    const out = outputMetadata(new Map([['owner', 'me'], ['pandas', '{}'], ['ARROW:schema', 'x'], [METADATA_KEY, 'old']]), summary);
    expect([...out.keys()]).toEqual(['owner', METADATA_KEY]);
    expect(JSON.parse(out.get(METADATA_KEY)!)).toEqual(embeddedSummary(summary));
  });
});

describe('embeddedSummary', () => {
  it('leaves out wall times, rates, thread counts and the output entry, and cuts paths to their last name', () => {
    const summary = runSummary('augment', {
      input: { source: '/data/a/in.parquet', format: 'parquet', rows: 10, columns: 2 },
      output: { path: '/out/x.parquet', format: 'parquet', bytes: 99, copy: 're-encoded', seconds: 1.5 },
      modelDir: '/mnt/models/fraud',
      label: 'y', model: 'test-none', seed: 1, backend: 'wasm', classes: [], columns: [],
      training: { seconds: 3.2, epochs: 5, finalMetrics: { loss_g: 0.5, 'rows/s': 1000, images_per_s: 3, seconds: 2, fit_seconds: 1 }, threads: 2 },
      options: { requestedThreads: 2, epochs: 5 },
    });
    const embedded = embeddedSummary(summary);
    expect(embedded).toEqual({
      ...summary,
      input: { ...summary.input, source: 'in.parquet' },
      output: null,
      modelDir: 'fraud',
      training: { epochs: 5, finalMetrics: { loss_g: 0.5 } },
      options: { epochs: 5 },
    });
    expect(embeddedSummary({ ...summary, input: { ...summary.input!, source: '(table)' }, training: null }).input!.source).toBe('(table)');
  });
});
