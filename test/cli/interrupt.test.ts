import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIO, type CapturedIO } from '../../src/cli/terminal.js';
import { main } from '../../src/cli/main.js';

const demoCsv = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'demo-churn.csv');

/** A captured terminal that sends `signal` to this process once stderr first matches `when`. */
function signallingIO(when: RegExp, signal: 'SIGINT' | 'SIGTERM'): { io: CapturedIO; text(): string; sent(): boolean } {
  let text = '';
  let sent = false;
  const io = captureIO({
    stderr: {
      write(chunk) {
        text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        if (!sent && when.test(text)) {
          sent = true;
          process.emit(signal);
        }
      },
    },
  });
  return { io, text: () => text, sent: () => sent };
}

describe('Ctrl-C during training', () => {
  it('stops at the next step, writes nothing, keeps a checkpoint and exits 130', async () => {
    const listenersBefore = process.listenerCount('SIGINT');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-int-'));
    const out = path.join(dir, 'out.parquet');
    const checkpoints = path.join(dir, 'ckpt');
    // Interrupt as soon as training reports its first epoch.
    const term = signallingIO(/^fit\s+epoch 1\//m, 'SIGINT');
    const code = await main(
      ['augment', '--input', demoCsv, '--label', 'churned', '--output', out, '--model', 'ctgan', '--epochs', '300', '--checkpoint-dir', checkpoints],
      term.io,
    );
    const text = term.text();
    expect(term.sent()).toBe(true);
    expect(code, text).toBe(130);
    expect(text).toContain('gan-augment: interrupted; nothing was written.');
    expect(text).toContain(`Training state is saved in ${checkpoints}`);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(checkpoints).some((f) => f.endsWith('.ckpt'))).toBe(true);
    expect(process.listenerCount('SIGINT')).toBe(listenersBefore);
  });
});

describe('a stop signal after the last progress event', () => {
  it('still writes nothing: the output and the summary are not renamed into place (exit 143)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gan-augment-late-int-'));
    try {
      // The write phase's last event (every row written): only the footer, the flush and the
      // renames are left, and no progress event follows to notice the stop.
      const term = signallingIO(/^write\s+rows (\d+)\/\1\b/m, 'SIGTERM');
      const args = ['augment', '--input', demoCsv, '--label', 'churned', '--output', path.join(dir, 'out.parquet'), '--model', 'random', '--summary', path.join(dir, 'summary.json')];
      const code = await main(args, term.io);
      const text = term.text();
      expect(term.sent(), text).toBe(true);
      expect(code, text).toBe(143);
      expect(text).toContain('gan-augment: stopped by SIGTERM; nothing was written.');
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
