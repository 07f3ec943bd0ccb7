/**
 * The CLI as a child process, for `sample --workers N`: the same `main` as bin/gan-augment.js, but
 * found by src/shard/run-workers.ts relative to itself, so it works from src/ (under tsx) and from dist/ alike.
 */
import { main } from './main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 70;
  },
);
