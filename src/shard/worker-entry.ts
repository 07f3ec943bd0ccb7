/**
 * The CLI as a child process, for `sample --workers N`: the same `main` as bin/gan-augment.js, but
 * located next to run-workers.ts so it works from src/ (under tsx) and from dist/ alike.
 */
import { main } from '../cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 70;
  },
);
