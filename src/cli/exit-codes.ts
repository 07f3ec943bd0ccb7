/**
 * The exit codes, for help text and the README; derived from the error codes in src/errors.ts so
 * the two cannot drift apart.
 */
import { GanAugmentError, INTERNAL_ERROR_EXIT_CODE, type ErrorCode } from '../errors.js';
import { INTERRUPTED_EXIT_CODE, signalExitCode } from './interrupt.js';
import { CLOSED_PIPE_EXIT_CODE } from './terminal.js';

const MEANINGS: Record<ErrorCode, string> = {
  usage: 'usage: an option is missing, unknown, malformed or out of range',
  input: 'input: the input file is missing, empty, corrupt or of an unsupported format',
  schema: 'schema: a column is missing, of the wrong type, or cannot be used',
  data: 'data: the data cannot support the request (too few rows, a single class, ...)',
  model: 'model: a saved model is missing, corrupt or from an incompatible version',
  output: 'output: the output cannot be written (would overwrite the input, folder missing, ...)',
  backend: 'backend: no TensorFlow.js backend could start',
  'no-improvement': 'no-improvement: augment --require-improvement, or fit --model auto, found no significant gain (nothing written)',
};

export const EXIT_CODE_TABLE: ReadonlyArray<readonly [number, string]> = [
  [0, 'success'],
  ...(Object.keys(MEANINGS) as ErrorCode[]).map((code) => [new GanAugmentError(code, '').exitCode, MEANINGS[code]] as const),
  [INTERNAL_ERROR_EXIT_CODE, 'internal error: a bug in gan-augment (run with --verbose and report the stack trace)'],
  [INTERRUPTED_EXIT_CODE, 'interrupted (Ctrl-C): nothing written'],
  [signalExitCode('SIGHUP'), 'stopped by SIGHUP (the terminal closed): nothing written, temporary files removed'],
  [signalExitCode('SIGTERM'), 'stopped by SIGTERM: nothing written, temporary files removed'],
  [CLOSED_PIPE_EXIT_CODE, 'the reader of standard output closed it early (as for SIGPIPE): the output it got is incomplete'],
];
