/**
 * `augment --model auto`: the choice is made by cross-validation on the input, recorded in the
 * summary with its evidence; when nothing beats the best baseline the input goes out unchanged
 * (every row marked real), and --require-improvement then exits 10 and writes nothing.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/terminal.js';
import { main } from '../../src/cli/main.js';

describe('augment --model auto', () => {
  it('records the choice, and writes the input unchanged when no candidate beats the baselines', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-auto-'));
    const csv = path.join(dir, 'separable.csv');
    // Perfectly separable already: no oversampler can beat the real rows alone.
    const rows = ['x,z,y'];
    for (let i = 0; i < 80; i++) rows.push(`${i},${i % 3},${i < 12 ? 'yes' : 'no'}`);
    writeFileSync(csv, `${rows.join('\n')}\n`);
    const out = path.join(dir, 'out.csv');
    const summary = path.join(dir, 'summary.json');
    const args = ['augment', '--input', csv, '--label', 'y', '--output', out, '--model', 'auto', '--auto-candidates', 'random', '--summary', summary];
    const io = captureIO();
    const code = await main(args, io);
    expect(code, io.stderrText()).toBe(0);
    expect(io.stderrText()).toMatch(/--model auto: Do not augment/);
    const written = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(written).toEqual([`${rows[0]},is_synthetic`, ...rows.slice(1).map((r) => `${r},false`)]);
    const record = JSON.parse(readFileSync(summary, 'utf8')) as { options: { auto: { chosen: string | null; candidates: string[]; ranking: { method: string }[] } }; classes: { added: number }[] };
    expect(record.options.auto.chosen).toBeNull();
    expect(record.options.auto.candidates).toEqual(['random']);
    expect(record.options.auto.ranking.map((r) => r.method).sort()).toEqual(['balanced', 'none', 'random', 'threshold']);
    expect(record.classes.every((c) => c.added === 0)).toBe(true);

    const strict = path.join(dir, 'strict.csv');
    const io2 = captureIO();
    expect(await main([...args.slice(0, 6), strict, ...args.slice(7, 11), '--require-improvement', 'minority_f1'], io2)).toBe(10);
    expect(existsSync(strict)).toBe(false);
  });
});
