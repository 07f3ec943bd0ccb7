/**
 * Untrusted text (column names, labels) never reaches the terminal raw: an ESC byte in a Parquet
 * column name or a label is printed escaped in errors and in the run summary (src/untrusted-text.ts).
 */
import { Table, Utf8, vectorFromArray } from 'apache-arrow';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tableToBytes } from '../../src/io/index.js';
import { printable, quoted } from '../../src/untrusted-text.js';
import { cli, tempDir } from '../support/cli-errors.js';

const tmp = tempDir('untrusted');
afterAll(tmp.cleanup);
// Recolours the terminal, sets its title, and would move the cursor.
const EVIL_COLUMN = 'x\u001b[31mred';
const EVIL_LABEL = 'a\u001b]0;pwned\u0007\u202e';
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;

async function evilParquet(): Promise<string> {
  const n = 60;
  const table = new Table({
    [EVIL_COLUMN]: vectorFromArray(Float64Array.from({ length: n }, (_, i) => i)),
    label: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 6 === 0 ? EVIL_LABEL : 'b')), new Utf8()),
  });
  return tmp.put('evil.parquet', await tableToBytes(table, 'parquet'));
}

describe('control characters from files are escaped', () => {
  it('printable() and quoted() escape C0, C1, DEL and bidi overrides', () => {
    expect(printable('a\u001b[31mb\u0007c\u009bd\u202ee\tf\ng')).toBe('a\\x1b[31mb\\x07c\\x9bd\\u202ee\\tf\\ng');
    expect(quoted('caf\u00e9 \u65e5\u672c')).toBe("'caf\u00e9 \u65e5\u672c'");
  });

  it('in an error that echoes a column name, and in the summary that lists the labels', async () => {
    const input = await evilParquet();
    const missing = await cli(['augment', '--input', input, '--label', EVIL_COLUMN + 'zz', '--model', 'random', '--output', path.join(tmp.dir, 'o.parquet')]);
    expect(missing.code).toBe(4);
    expect(missing.stderr).not.toMatch(CONTROL);
    expect(missing.stderr).toContain('x\\x1b[31mred');
    const ok = await cli(['augment', '--input', input, '--label', 'label', '--model', 'random', '--output', path.join(tmp.dir, 'o.parquet')]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).not.toMatch(CONTROL);
    expect(ok.stderr).toContain('a\\x1b]0;pwned\\x07\\u202e');
  });
});
