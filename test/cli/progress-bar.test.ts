import { describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/terminal.js';
import { createProgressBar, formatDuration, formatProgressLine } from '../../src/cli/progress-bar.js';

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('progress bar', () => {
  it('formats phase, count, bar, metrics, rate and ETA', () => {
    const line = formatProgressLine({ phase: 'fit', done: 12, total: 50, unit: 'epoch', metrics: { loss_g: 0.5, loss_d: -1.25 } }, 6000);
    expect(line).toContain('fit');
    expect(line).toContain('epoch 12/50');
    expect(line).toMatch(/\[#{6}\.{18}\]/);
    expect(line).toContain('24%');
    expect(line).toContain('loss_g=0.500');
    expect(line).toContain('loss_d=-1.25');
    expect(line).toContain('2 epoch/s');
    expect(line).toContain('ETA 19s');
    expect(line.indexOf('ETA')).toBeLessThan(line.indexOf('loss_g'));
  });

  it('formats durations', () => {
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(185)).toBe('3m05s');
    expect(formatDuration(3720)).toBe('1h02m');
  });

  it('prints plain lines, throttled, when stderr is not a TTY', () => {
    const io = captureIO({ isTTY: false });
    const c = clock();
    const bar = createProgressBar(io, { quiet: false, now: c.now, plainIntervalMs: 5000 });
    bar.sink({ phase: 'read', done: 1500, unit: 'rows' });
    for (let epoch = 1; epoch <= 20; epoch++) {
      c.advance(1000);
      bar.sink({ phase: 'fit', done: epoch, total: 20, unit: 'epoch', metrics: { loss_g: 1 / epoch } });
    }
    bar.finish();
    const text = io.stderrText();
    expect(text).not.toContain('\r');
    expect(text).not.toContain('\x1b');
    const lines = text.trimEnd().split('\n');
    // read, fit 1/20 (phase change), then one line per >= 5 s (6, 11, 16) and the final 20/20.
    expect(lines.map((l) => /epoch (\d+)\/20/.exec(l)?.[1]).filter(Boolean)).toEqual(['1', '6', '11', '16', '20']);
    expect(lines[0]).toMatch(/^read\s+1500 rows/);
  });

  it("draws a phase's first counted event at once after a bare announcement of that phase", () => {
    const io = captureIO({ isTTY: false });
    const c = clock();
    const bar = createProgressBar(io, { quiet: false, now: c.now, plainIntervalMs: 5000 });
    bar.sink({ phase: 'read', done: 1500, total: 1500, unit: 'rows' });
    c.advance(500);
    bar.sink({ phase: 'fit', done: 0, message: 'starting TensorFlow.js' });
    c.advance(1000);
    bar.sink({ phase: 'fit', done: 1, total: 300, unit: 'epoch' });
    const lines = io.stderrText().trimEnd().split('\n');
    expect(lines[1]).toBe('fit: starting TensorFlow.js');
    expect(lines[2]).toMatch(/^fit\s+epoch 1\/300/);
  });

  it('redraws in place with \\r on a TTY and ends the line on finish', () => {
    const io = captureIO({ isTTY: true, columns: 120 });
    const c = clock();
    const bar = createProgressBar(io, { quiet: false, now: c.now, redrawIntervalMs: 100 });
    for (let epoch = 1; epoch <= 5; epoch++) {
      c.advance(200);
      bar.sink({ phase: 'fit', done: epoch, total: 5, unit: 'epoch' });
    }
    bar.note('backend: wasm');
    bar.finish();
    const text = io.stderrText();
    expect(text.split('\r').length - 1).toBe(5);
    expect(text).toContain('epoch 5/5');
    expect(text.endsWith('backend: wasm\n')).toBe(true);
    expect(bar.backendShown).toBe(true);
  });

  it('prints notes once and skips lines that say nothing (a bare start, a unitless 1/1, a repeat)', () => {
    const io = captureIO({ isTTY: false });
    const c = clock();
    const bar = createProgressBar(io, { quiet: false, now: c.now });
    bar.sink({ phase: 'read', done: 0, message: 'reading a.csv' });
    bar.sink({ phase: 'read', done: 1, total: 1, message: 'reading a.csv' });
    bar.sink({ phase: 'fit', done: 1, total: 1, unit: 'epoch' });
    bar.sink({ phase: 'sample', done: 10, total: 10, unit: 'rows' });
    bar.sink({ phase: 'sample', done: 10, total: 10, unit: 'rows' });
    bar.finish();
    const lines = io.stderrText().trimEnd().split('\n');
    expect(lines[0]).toBe('read: reading a.csv');
    expect(lines[1]).toMatch(/^fit\s+epoch 1\/1 /);
    expect(lines[2]).toMatch(/^sample\s+rows 10\/10 /);
    expect(lines).toHaveLength(3);
  });

  it('shows messages inside a counted loop on the throttled line, warnings on their own', () => {
    const io = captureIO({ isTTY: false });
    const c = clock();
    const bar = createProgressBar(io, { quiet: false, now: c.now, plainIntervalMs: 5000 });
    for (let fold = 1; fold <= 6; fold++) {
      c.advance(2000);
      bar.sink({ phase: 'evaluate', done: fold, total: 6, unit: 'fold', message: `fold ${fold}: smote` });
    }
    bar.sink({ phase: 'evaluate', done: 6, total: 6, message: 'warning: ctgan failed on fold 2' });
    bar.finish();
    const lines = io.stderrText().trimEnd().split('\n');
    expect(lines.filter((l) => l.endsWith(': smote')).map((l) => /fold (\d): smote$/.exec(l)?.[1])).toEqual(['1', '4', '6']);
    expect(lines).toContain('evaluate: warning: ctgan failed on fold 2');
    expect(lines).toHaveLength(4);
  });

  it('prints nothing with --quiet', () => {
    const io = captureIO({ isTTY: true });
    const bar = createProgressBar(io, { quiet: true });
    bar.sink({ phase: 'fit', done: 1, total: 2, unit: 'epoch', message: 'backend: wasm' });
    bar.note('hello');
    bar.finish();
    expect(io.stderrText()).toBe('');
  });
});
