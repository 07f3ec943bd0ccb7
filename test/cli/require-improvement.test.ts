import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/terminal.js';
import { main } from '../../src/cli/main.js';

describe('augment --require-improvement', () => {
  it('exits 10 and writes nothing when the model does not significantly help', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-ri-'));
    const csv = path.join(dir, 'separable.csv');
    // The minority is perfectly separable already: oversampling cannot improve minority F1.
    const rows = ['x,z,y'];
    for (let i = 0; i < 80; i++) rows.push(`${i},${i % 3},${i < 10 ? 'yes' : 'no'}`);
    writeFileSync(csv, `${rows.join('\n')}\n`);
    const out = path.join(dir, 'out.csv');
    const io = captureIO();
    const code = await main(['augment', '--input', csv, '--label', 'y', '--output', out, '--model', 'random', '--require-improvement', 'minority_f1'], io);
    const stderr = io.stderrText();
    expect(code, stderr).toBe(10);
    expect(stderr).toMatch(/^gan-augment: --require-improvement minority_f1: .*did not help.*Nothing was written\./m);
    expect(stderr).toMatch(/^evaluate\s+fold \d+\/\d+ /m);
    expect(existsSync(out)).toBe(false);
  });
});
