/**
 * `gan-augment --help`: the command list, global flags, exit codes and where to read more. Each
 * command's own `--help` comes from its flag table (parse-args.ts `formatCommandHelp`).
 */
import type { CommandEntry } from '../command.js';
import { EXIT_CODE_TABLE } from '../exit-codes.js';

export function formatGeneralHelp(commands: Readonly<Record<string, CommandEntry>>): string {
  const names = Object.keys(commands);
  const width = Math.max(...names.map((n) => n.length)) + 4;
  const lines = [
    'gan-augment: balance an imbalanced labelled dataset with a class-conditional GAN (or SMOTE /',
    'random oversampling), mark synthetic rows, and measure whether it helped.',
    '',
    'Usage: gan-augment <command> [options]',
    '',
    'Commands:',
    ...names.map((n) => `  ${n.padEnd(width)}${commands[n]!.summary}`),
    '',
    'Global options:',
    `  ${'--help'.padEnd(width)}Show help (also after a command: gan-augment augment --help).`,
    `  ${'--version'.padEnd(width)}Print the version and exit.`,
    '',
    'Exit codes:',
    ...EXIT_CODE_TABLE.map(([code, meaning]) => `  ${String(code).padEnd(width)}${meaning}`),
    '',
    'Try it: gan-augment demo',
    '',
  ];
  return lines.join('\n');
}
