/**
 * Augment one CSV with default options through the library API and print
 * `{"seconds": ..., "added": ..., "backend": ...}` (a child process of `end-to-end.ts`, so each run
 * starts cold like a CLI invocation). Usage: tsx augment-once.ts INPUT.csv OUTPUT.parquet
 */
import { augment, registerBuiltins } from '../../src/index.js';

const [input, output] = process.argv.slice(2);
if (!input || !output) throw new Error('usage: augment-once.ts INPUT OUTPUT');
registerBuiltins();
const t0 = performance.now();
const { summary } = await augment({ input, output, label: 'label', quiet: true });
const seconds = (performance.now() - t0) / 1000;
const added = summary.classes.reduce((n, c) => n + c.added, 0);
process.stdout.write(`${JSON.stringify({ seconds, added })}\n`);
