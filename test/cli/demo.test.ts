import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/terminal.js';
import { main } from '../../src/cli/main.js';
import { readTable } from '../../src/io/index.js';

function countBy(values: Iterable<unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[String(v)] = (out[String(v)] ?? 0) + 1;
  return out;
}

const csvLines = readFileSync(path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'demo-churn.csv'), 'utf8').trimEnd().split('\n').slice(1);
const yes = csvLines.filter((l) => l.endsWith(',yes')).length;
const no = csvLines.length - yes;

describe('gan-augment demo', () => {
  it('augments the built-in churn data with ctgan end to end and balances the classes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-demo-'));
    const outDir = path.join(dir, 'out');
    const io = captureIO({ cwd: dir, isTTY: false });
    const code = await main(['demo', '--output-dir', outDir, '--epochs', '2'], io);
    const stderr = io.stderrText();
    expect(code, stderr).toBe(0);

    const file = path.join(outDir, 'demo-churn.augmented.parquet');
    const { table, format } = await readTable(file);
    expect(format).toBe('parquet');
    expect(countBy(table.getChild('churned')!.toArray() as Iterable<unknown>)).toEqual({ no, yes: no });
    expect(countBy(table.getChild('is_synthetic')!.toArray() as Iterable<unknown>)).toEqual({ false: 1500, true: no - yes });
    expect(table.schema.fields.map((f) => f.name)).toEqual([
      'tenure_months', 'monthly_charges', 'total_charges', 'support_calls', 'contract', 'internet_service', 'payment_method', 'churned', 'is_synthetic',
    ]);

    const summary = JSON.parse(readFileSync(path.join(outDir, 'demo-churn.summary.json'), 'utf8')) as {
      model: string;
      classes: { class: string; before: number; after: number }[];
    };
    expect(summary.model).toBe('ctgan');
    expect(summary.classes.find((c) => c.class === 'yes')).toMatchObject({ before: yes, after: no });

    // Human output: class counts before -> after and where the file went; plain lines (not a TTY).
    expect(stderr).toMatch(new RegExp(`yes\\s+${yes} ->\\s+${no}\\s+\\+${no - yes}`));
    expect(stderr).toContain(file);
    expect(stderr).toMatch(/^fit\s+epoch 2\/2 /m);
    expect(stderr).not.toContain('\r');
  });

  it('writes to ./gan-augment-demo by default and prints nothing with --quiet', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-demo-'));
    const io = captureIO({ cwd: dir });
    const code = await main(['demo', '--model', 'random', '--quiet'], io);
    expect(code, io.stderrText()).toBe(0);
    expect(io.stderrText()).toBe('');
    expect(existsSync(path.join(dir, 'gan-augment-demo', 'demo-churn.augmented.parquet'))).toBe(true);
    expect(existsSync(path.join(dir, 'gan-augment-demo', 'demo-churn.summary.json'))).toBe(true);
  });
});
