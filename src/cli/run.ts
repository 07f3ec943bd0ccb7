/**
 * Runs the CLI from source: `npx tsx src/cli/run.ts augment ...`. The published entry point is
 * bin/gan-augment.js (compiled dist/); this one lets tests and development skip the build.
 */
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
