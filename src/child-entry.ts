/**
 * node arguments that start one of the CLI's child-process entries (src/cli/*-entry): the compiled
 * file, or the TypeScript one through tsx. A child process boundary, not an import, so the layers
 * that start workers (src/shard, src/evaluate) stay below the CLI.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * @example const { args, cwd } = cliChildCommand('worker-entry'); spawn(process.execPath, [...args, 'sample', ...], { cwd });
 */
export function cliChildCommand(entry: string): { args: string[]; cwd: string } {
  const here = fileURLToPath(import.meta.url);
  const ext = path.extname(here);
  const file = path.join(path.dirname(here), 'cli', `${entry}${ext}`);
  // Under tsx (tests, `tsx bench/...`) the child needs the same loader; it resolves from the package root.
  const root = path.resolve(path.dirname(here), ext === '.ts' ? '..' : '../..');
  return { args: ext === '.ts' ? ['--import', 'tsx', file] : [file], cwd: root };
}
