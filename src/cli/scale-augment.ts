/**
 * Which augment the CLI runs: the streaming one (src/stream) whenever the input is a file or a
 * folder and the output a file or a dataset folder, so memory stays bounded whatever the input's
 * size; the in-memory `augment()` for stdin and stdout.
 */
import type { Table } from 'apache-arrow';
import { GanAugmentError } from '../errors.js';
import type { ResolvedStreamAugmentOptions } from '../options/index.js';
import { augmentWith } from '../stage/augment.js';
import type { RunSummary } from '../stage/metadata.js';
import { augmentStreamWith } from '../stream/augment-stream.js';

export interface CliAugmentResult {
  readonly summary: RunSummary;
  readonly outputPath?: string;
  /** Present for the in-memory path (used when writing to stdout). */
  readonly table?: Table;
}

/**
 * Run the augment stage the CLI way (see the file comment); `capGiven`: --training-rows-per-class
 * was on the command line (only the streaming augment has a cap).
 */
export async function runAugmentStage(options: ResolvedStreamAugmentOptions, capGiven: boolean): Promise<CliAugmentResult> {
  if (streamsAugment(options)) return augmentStreamWith(options);
  if (capGiven) {
    throw new GanAugmentError('usage', '--training-rows-per-class applies to the streaming augment (a file or folder --input written to a file --output).', {
      hint: 'Read from a file instead of stdin, or leave out --training-rows-per-class.',
    });
  }
  return augmentWith(options);
}

/** Whether the CLI's augment streams (a file or folder to a file or dataset folder), so --training-rows-per-class caps the training rows. */
export function streamsAugment(options: Pick<ResolvedStreamAugmentOptions, 'input' | 'output' | 'outputLayout'>): boolean {
  const fileToFile = typeof options.input === 'string' && options.input !== '-' && options.output !== undefined && options.output !== '-';
  return options.outputLayout === 'dataset' || fileToFile;
}
