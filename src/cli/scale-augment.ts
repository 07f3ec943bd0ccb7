/**
 * Which augment the CLI runs: the streaming one (src/stream) whenever the input is a file or a
 * folder and the output a file or a dataset folder, so memory stays bounded whatever the input's
 * size; the in-memory `augment()` for stdin/stdout and for options the streaming path lacks
 * (--privacy-distance).
 */
import type { Table } from 'apache-arrow';
import { GanAugmentError } from '../errors.js';
import type { AugmentOptions } from '../options.js';
import { augment } from '../stage/augment.js';
import type { RunSummary } from '../stage/metadata.js';
import { augmentStream } from '../stream/augment-stream.js';
import type { RawValues } from './parse-args.js';

export interface CliAugmentResult {
  readonly summary: RunSummary;
  readonly outputPath?: string;
  /** Present for the in-memory path (used when writing to stdout). */
  readonly table?: Table;
}

/** Run the augment stage the CLI way (see the file comment). */
export async function runAugmentStage(options: AugmentOptions, values: RawValues): Promise<CliAugmentResult> {
  const layout = typeof values['output-layout'] === 'string' ? values['output-layout'] : undefined;
  const cap = typeof values['training-rows-per-class'] === 'string' ? values['training-rows-per-class'] : undefined;
  const fileToFile = typeof options.input === 'string' && options.input !== '-' && typeof options.output === 'string' && options.output !== '-';
  const needsMemory = options.privacyDistance !== undefined && options.privacyDistance !== '';
  if (layout === 'dataset' || (fileToFile && !needsMemory)) {
    return augmentStream({ ...options, ...(layout !== undefined ? { outputLayout: layout } : {}), ...(cap !== undefined ? { trainingRowsPerClass: cap } : {}) });
  }
  if (cap !== undefined) {
    throw new GanAugmentError('usage', '--training-rows-per-class applies to the streaming augment (a file or folder --input written to a file --output).', {
      hint: 'Read from a file instead of stdin, or leave out --training-rows-per-class.',
    });
  }
  return augment(options);
}
