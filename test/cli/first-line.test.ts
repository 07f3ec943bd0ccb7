import { describe, expect, it } from 'vitest';
import { captureIO } from '../../src/cli/terminal.js';
import { main } from '../../src/cli/main.js';

describe('the first line in a terminal', () => {
  it('is printed before the synthesizers and TensorFlow.js load', async () => {
    const io = captureIO({ isTTY: true });
    // A run that fails at once (no --label) still loads the modules first: the line comes before the error.
    expect(await main(['augment', '--input', 'x.csv', '--output', 'y.csv'], io)).toBe(2);
    const lines = io.stderrText().trimEnd().split('\n');
    expect(lines[0]).toBe('gan-augment augment: starting (loading TensorFlow.js and the synthesizers)');
    expect(lines[1]).toContain('--label');
  });

  it('is left out with --quiet, for --help, and when stderr is not a terminal (one-line errors in logs)', async () => {
    for (const [args, tty] of [[['fit', '--quiet', '--input', 'x.csv'], true], [['fit', '--help'], true], [['fit', '--input', 'x.csv'], false]] as const) {
      const io = captureIO({ isTTY: tty });
      await main([...args], io);
      expect(io.stderrText()).not.toContain('starting');
    }
  });
});
