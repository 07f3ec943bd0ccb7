/**
 * The shape every subcommand shares: one file per command in `src/cli/commands/`, each exporting
 * `runX(args, io)` that receives the words after the subcommand and returns the exit code.
 * Commands throw `GanAugmentError` for user mistakes; `main` reports them. To add a command, add
 * its file and one line to the `COMMANDS` table in main.ts.
 */
import type { CliIO } from './terminal.js';

export type CommandRun = (args: string[], io: CliIO) => Promise<number>;

export interface CommandEntry {
  readonly run: CommandRun;
  /** One line for `gan-augment help`. */
  readonly summary: string;
}
