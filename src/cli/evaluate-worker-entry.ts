/**
 * A worker process of `evaluate --workers N`: the built-in plugins registered as for any command,
 * then the unit loop (src/evaluate/pool-worker.ts). Found by src/child-entry.ts relative to itself,
 * so it works from src/ (under tsx) and from dist/ alike.
 */
import { registerBuiltins } from '../index.js';
import { serveEvaluateUnits } from '../evaluate/pool-worker.js';
import { silenceTfjsConsole } from './quiet-tfjs.js';

registerBuiltins();
silenceTfjsConsole().then(serveEvaluateUnits, (err: unknown) => {
  console.error(err);
  process.exitCode = 70;
});
