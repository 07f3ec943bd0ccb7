/**
 * The project's own error type. Every failure a user can cause (bad file, bad column, bad option)
 * is a `GanAugmentError` whose message names the file, column or option and says how to fix it;
 * the CLI prints its message on one line and exits with its `exitCode` (stack only with --verbose).
 */
export type ErrorCode =
  | 'usage' // an option is missing, malformed or out of range
  | 'input' // the input file is missing, empty, corrupt or of an unsupported format
  | 'schema' // a column is missing, of the wrong type, or cannot be used
  | 'data' // the data cannot support the request (too few rows, one class only, ...)
  | 'model' // a saved model is missing, corrupt, edited or from an incompatible version
  | 'output' // the output cannot be written (would overwrite the input, folder missing, ...)
  | 'backend' // no TensorFlow.js backend could be initialised
  | 'no-improvement'; // --require-improvement: the GAN did not significantly help

const EXIT_CODES: Record<ErrorCode, number> = {
  usage: 2,
  input: 3,
  schema: 4,
  data: 5,
  model: 6,
  output: 7,
  backend: 8,
  'no-improvement': 10,
};

export class GanAugmentError extends Error {
  readonly code: ErrorCode;
  /** What the user can do about it; appended to the message. */
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(options.hint ? `${message} ${options.hint}` : message, { cause: options.cause });
    this.name = 'GanAugmentError';
    this.code = code;
    this.hint = options.hint;
  }

  get exitCode(): number {
    return EXIT_CODES[this.code];
  }
}

export function isGanAugmentError(err: unknown): err is GanAugmentError {
  return err instanceof GanAugmentError;
}

/** Exit code for anything that is not a GanAugmentError: a bug of ours, never the user's fault. */
export const INTERNAL_ERROR_EXIT_CODE = 70;

/**
 * What a failed file-system call means for the user, in a few words: the disk is full, permission
 * denied, ... (used by every write path, so each names the same causes the same way).
 * @example `cannot write 'out.parquet': ${ioFailureReason(err)}` // "... the disk is full"
 */
export function ioFailureReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full';
    case 'EFBIG':
      return 'the file is larger than this system or its limit (ulimit -f) allows';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOENT':
      return 'the folder does not exist';
    case 'EISDIR':
      return 'it is a folder';
    case 'EPIPE':
      return 'the reader closed the pipe';
    case 'EIO':
      return 'an input/output error (a failing disk or a lost network mount)';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}
