/**
 * The CLI's view of the outside world. Every subcommand writes through a `CliIO` instead of
 * `process.*`, so tests run commands in-process with captured output and a fake TTY, and a
 * command never needs to know whether it runs in a terminal, a pipe or a test.
 */
import type { Readable } from 'node:stream';
import { GanAugmentError } from '../errors.js';
import { exitOnStopSignals } from './interrupt.js';

const OUTPUT_EXIT_CODE = new GanAugmentError('output', '').exitCode;

/** Where text (or, for `--output -`, binary Arrow data) goes. */
export interface CliWriter {
  /** Like a Node stream's write: `callback` gets the error, if any, once the chunk is handed over. */
  write(chunk: string | Uint8Array, callback?: (err?: Error | null) => void): unknown;
  /** The file descriptor behind it, when there is one (process.stdout: 1). */
  readonly fd?: number;
}

export interface CliIO {
  /** Data: only `--output -` writes here (an Arrow IPC stream), or text the user asked for (help, version). */
  readonly stdout: CliWriter;
  /** Everything for humans: progress, summaries, errors. */
  readonly stderr: CliWriter;
  /** Read when `--input -` asks for an Arrow IPC stream on stdin. */
  readonly stdin: Readable | AsyncIterable<Uint8Array>;
  /** stderr is a terminal: progress may redraw in place with `\r`. */
  readonly isTTY: boolean;
  /** stdout is a terminal: binary output there is refused. */
  readonly stdoutIsTTY: boolean;
  /** Terminal width for progress bars (columns); 80 when unknown. */
  readonly columns: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Folder the demo's default output folder is created in. */
  readonly cwd: string;
}

/** The real process streams. */
export function processIO(): CliIO {
  ignoreClosedStdout();
  exitOnStopSignals();
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    isTTY: process.stderr.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    columns: process.stderr.columns || 80,
    env: process.env,
    cwd: process.cwd(),
  };
}

let stdoutGuarded = false;

/** 128 + SIGPIPE: what a Unix tool killed by a closed pipe exits with, so `set -o pipefail` sees it. */
export const CLOSED_PIPE_EXIT_CODE = 141;

/**
 * `gan-augment sample ... --output - | head` closes the pipe early; writing more then fails with
 * EPIPE, which would crash with a stack trace. The output the reader got is incomplete, so say so
 * in one line and exit as a tool stopped by SIGPIPE would (temporary files go on exit).
 */
function ignoreClosedStdout(): void {
  if (stdoutGuarded) return;
  stdoutGuarded = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') {
      process.stderr.write('gan-augment: standard output was closed by its reader before everything was written; the output is incomplete.\n');
      process.exit(CLOSED_PIPE_EXIT_CODE);
    }
    // Anything else (a full disk): data writes report it themselves (io/stdio.ts); for text
    // (help, reports) the exit code must still say the output is incomplete.
    if (!process.exitCode) process.exitCode = OUTPUT_EXIT_CODE;
  });
}

/** A CliIO that records what was written: for tests and for embedding the CLI in another tool. */
export interface CapturedIO extends CliIO {
  /** Text written to stdout (binary chunks decoded as UTF-8). */
  stdoutText(): string;
  /** Raw bytes written to stdout, concatenated. */
  stdoutBytes(): Uint8Array;
  stderrText(): string;
}

/**
 * @example
 * const io = captureIO({ cwd: tmpDir });
 * const code = await main(['augment', '--help'], io);
 * expect(io.stdoutText()).toContain('--label');
 */
export function captureIO(overrides: Partial<CliIO> = {}): CapturedIO {
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const encoder = new TextEncoder();
  const toBytes = (chunk: string | Uint8Array): Uint8Array => (typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
  const join = (chunks: Uint8Array[]): Uint8Array => Buffer.concat(chunks);
  return {
    stdout: {
      write: (chunk, callback) => {
        out.push(toBytes(chunk));
        callback?.();
      },
    },
    stderr: { write: (chunk) => void err.push(toBytes(chunk)) },
    stdin: emptyStream(),
    isTTY: false,
    stdoutIsTTY: false,
    columns: 80,
    env: {},
    cwd: process.cwd(),
    ...overrides,
    stdoutText: () => Buffer.from(join(out)).toString('utf8'),
    stdoutBytes: () => join(out),
    stderrText: () => Buffer.from(join(err)).toString('utf8'),
  };
}

async function* emptyStream(): AsyncIterable<Uint8Array> {
  // No input: `--input -` in a test must pass its own stdin.
}
