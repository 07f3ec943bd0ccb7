/**
 * Column problems: duplicate names, text in --numeric, NaN and infinities, unsupported types,
 * categorical columns with thousands of levels. Each error names the column and the fix.
 */
import path from 'node:path';
import { Field, Float64, List, Map_, RecordBatch, Schema, Struct, Table, Utf8, Int32, makeData, tableFromArrays, vectorFromArray } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { GanAugmentError } from '../../src/errors.js';
import { augment as augmentApi, registerBuiltins } from '../../src/index.js';
import { readTable, tableToBytes } from '../../src/io/index.js';
import { METADATA_KEY } from '../../src/stage/metadata.js';
import { cli, errorLine, tempDir } from '../support/cli-errors.js';

const tmp = tempDir('columns');
afterAll(tmp.cleanup);
registerBuiltins();

const out = path.join(tmp.dir, 'out.parquet');
const augment = (input: string, ...extra: string[]) =>
  cli(['augment', '--input', input, '--label', 'label', '--model', 'random', '--output', out, ...extra]);

const N = 40;
const labels = (): string[] => Array.from({ length: N }, (_, i) => (i % 5 === 0 ? 'rare' : 'common'));

describe('columns', () => {
  it('duplicate column names in a CSV header (exit 3)', async () => {
    const run = await augment(tmp.put('dup.csv', 'x,x,label\n1,2,a\n3,4,b\n'), '--quiet');
    expect(run.code).toBe(3);
    expect(errorLine(run)).toMatch(/Cannot read '.*dup\.csv': the CSV header names column 'x' twice\. Give every column a unique name/);
  });

  it('duplicate column names in an Arrow file (exit 3), or an in-memory table (exit 4)', async () => {
    const fields = [new Field('x', new Float64()), new Field('x', new Float64()), new Field('label', new Utf8())];
    const children = [vectorFromArray(Float64Array.from([1, 2, 3])).data[0]!, vectorFromArray(Float64Array.from([4, 5, 6])).data[0]!, vectorFromArray(['a', 'b', 'a']).data[0]!];
    const schema = new Schema(fields);
    const table = new Table([new RecordBatch(schema, makeData({ type: new Struct(fields), length: 3, children }))]);
    const file = tmp.put('dup.arrow', await tableToBytes(table, 'arrow'));
    const run = await augment(file, '--quiet');
    expect(run.code).toBe(3);
    expect(errorLine(run)).toBe(`gan-augment: Cannot read '${file}': it has two columns named 'x'; columns must have distinct names. Rename one of them (e.g. with pyarrow: table.rename_columns([...])).`);
    const err = await augmentApi({ input: table, label: 'label', model: 'random' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GanAugmentError);
    expect((err as GanAugmentError).exitCode).toBe(4);
    expect((err as GanAugmentError).message).toBe("The input has two columns named 'x'; columns must have distinct names. Rename one of them in the input file.");
  });

  it('a text column named in --numeric (exit 4)', async () => {
    const run = await augment(tmp.put('text.csv', 'x,t,label\n1,abc,a\n2,def,b\n3,ghi,a\n'), '--numeric', 't', '--quiet');
    expect(run.code).toBe(4);
    expect(errorLine(run)).toBe(
      "gan-augment: --numeric: column 't' holds text, which cannot be treated as numbers. Remove it from --numeric (it will be categorical), or convert it to numbers before augmenting.",
    );
  });

  it('NaN is a missing value: the run succeeds and keeps NaN in the input rows', async () => {
    const rows = Array.from({ length: N }, (_, i) => `${i % 7 === 0 ? 'NaN' : i},${i},${labels()[i]}`);
    const run = await augment(tmp.put('nan.csv', `x,y,label\n${rows.join('\n')}\n`), '--quiet');
    expect(run.code).toBe(0);
    const { table } = await readTable(out);
    const x = table.getChild('x')!;
    const missing = Array.from({ length: N }, (_, i) => x.get(i)).filter((v) => v === null || Number.isNaN(v)).length;
    expect(missing).toBe(6);
  });

  it('Infinity (and inf) names the column and the row count (exit 4)', async () => {
    for (const word of ['Infinity', '-inf']) {
      const rows = Array.from({ length: N }, (_, i) => `${i % 7 === 0 ? word : i},${i},${labels()[i]}`);
      const run = await augment(tmp.put(`inf-${word}.csv`, `x,y,label\n${rows.join('\n')}\n`), '--quiet');
      expect(run.code).toBe(4);
      expect(errorLine(run)).toBe(
        "gan-augment: Column 'x' holds Infinity in 6 rows; a model cannot learn from infinite values. Replace them (for example with empty/null values) or use --ignore x.",
      );
    }
  });

  it('nested lists and maps are ignored with a warning, and refused when named', async () => {
    const listType = new List(new Field('item', new Float64(), true));
    const mapType = new Map_(new Field('entries', new Struct([new Field('key', new Utf8(), false), new Field('value', new Int32(), true)] as Field[]), false) as Field<Struct<{ key: Utf8; value: Int32 }>>);
    const table = new Table({
      x: vectorFromArray(Float64Array.from({ length: N }, (_, i) => i)),
      nested: vectorFromArray(Array.from({ length: N }, (_, i) => [i, i + 1]), listType),
      tags: vectorFromArray(Array.from({ length: N }, (_, i) => new Map([[`k${i % 3}`, i]])), mapType),
      label: vectorFromArray(labels()),
    });
    const file = tmp.put('nested.arrow', await tableToBytes(table, 'arrow'));
    // Written as an Arrow IPC stream: Parquet output cannot hold a map column.
    const run = await cli(['augment', '--input', file, '--label', 'label', '--model', 'random', '--output', path.join(tmp.dir, 'nested-out.arrows')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("warning: Column 'nested' is ignored: type List<Float64> is not supported. It is copied unchanged and null in synthetic rows.");
    expect(run.stderr).toMatch(/warning: Column 'tags' is ignored: type Map<.*> is not supported\./);
    const named = await augment(file, '--categorical', 'nested', '--quiet');
    expect(named.code).toBe(4);
    expect(errorLine(named)).toBe("gan-augment: --categorical: column 'nested' has type List<Float64>, which cannot be used as categories. Use --ignore nested to copy it unchanged (null in synthetic rows).");
    const numeric = await augment(file, '--numeric', 'tags', '--quiet');
    expect(numeric.code).toBe(4);
    expect(errorLine(numeric)).toMatch(/--numeric: column 'tags' holds values of type Map<.*>, which cannot be treated as numbers\. Remove it from --numeric \(it will be ignored\)/);
  });

  it('a categorical column with thousands of levels is refused with advice, quickly', async () => {
    const n = 20_000;
    const table = tableFromArrays({
      x: Float64Array.from({ length: n }, (_, i) => i),
      customer: Array.from({ length: n }, (_, i) => `c${i % 5000}`),
      label: Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 'rare' : 'common')),
    });
    const file = tmp.put('levels.parquet', await tableToBytes(table, 'parquet'));
    const started = performance.now();
    const run = await augment(file, '--quiet');
    expect(run.code).toBe(4);
    expect(errorLine(run)).toBe(
      "gan-augment: Column 'customer' has more than 1000 distinct values: as a categorical column it looks like an identifier or free text, and would make the model's memory blow up. Use --ignore customer to copy it unchanged (null in synthetic rows).",
    );
    // The advice works.
    const ignored = await augment(file, '--ignore', 'customer', '--quiet');
    expect(ignored.code).toBe(0);
    const summary = JSON.parse((await readTable(out)).metadata.get(METADATA_KEY)!) as { columns: { name: string; role: string }[] };
    expect(summary.columns.find((c) => c.name === 'customer')?.role).toBe('ignored');
    expect(performance.now() - started).toBeLessThan(30_000);
  });
});
