import { describe, expect, it } from 'vitest';
import { formatClassTable, formatRunSummary } from '../../src/cli/summary-text.js';
import { formatProgressLine } from '../../src/cli/progress-bar.js';
import { runSummary } from '../../src/stage/metadata.js';

describe('summary text', () => {
  it("aligns the '(total)' row with the class rows, even when it is the widest", () => {
    const lines = formatClassTable({ label: 'y', classes: [{ class: 'a', before: 9, added: 0, after: 9 }, { class: 'b', before: 1, added: 8, after: 9 }] });
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/^ {2}\(total\) +10 -> +18 +\+8$/);
    // Every row puts '->' and the last cell's end in the same columns.
    expect(new Set(lines.map((l) => l.indexOf('->'))).size).toBe(1);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });

  it('says which classes a fitted model can generate, and how to get the others', () => {
    const classes = [{ class: 'no', before: 90, added: 0, after: 90 }, { class: 'yes', before: 10, added: 0, after: 10 }];
    const fit = runSummary('fit', { label: 'y', model: 'ctgan', seed: 1, backend: 'wasm', classes, generates: ['yes'], columns: [], modelDir: 'models/x' });
    const text = formatRunSummary(fit, { seconds: 1 });
    expect(text).toContain('the model can generate: yes (not no');
    expect(text).toContain('--train-on all');
    expect(text).toContain('saved model to models/x');
    const all = formatRunSummary({ ...fit, generates: ['no', 'yes'] }, { seconds: 1 });
    expect(all).toContain('the model can generate every class: no, yes');
  });

  it("names the grid a sample wrote, not 'saved model'", () => {
    const sample = runSummary('sample', { label: 'digit', model: 'dcgan', seed: 1, backend: 'wasm', classes: [{ class: '3', before: 0, added: 4, after: 4 }], columns: [], modelDir: 'models/digits' });
    const text = formatRunSummary(sample, { seconds: 1, gridPath: 'samples.png' });
    expect(text).toContain('wrote the image grid samples.png');
    expect(text).not.toContain('saved model');
  });

  it("spells rates 'N rows/s' whether the bar or the event computes them", () => {
    const streaming = formatProgressLine({ phase: 'read', done: 50_000, unit: 'rows', metrics: { 'rows/s': 25_000 } }, 2000);
    expect(streaming).toContain('25000 rows/s');
    expect(streaming).not.toContain('=');
    const training = formatProgressLine({ phase: 'fit', done: 3, total: 10, unit: 'epoch', metrics: { loss_g: 0.5, 'rows/s': 10283.4 } }, 3000);
    expect(training).toContain('10283 rows/s');
    expect(training).toContain('loss_g=0.500');
  });
});
