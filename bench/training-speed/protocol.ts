/**
 * The line protocol between the benchmark and its worker processes (tfjs and PyTorch alike):
 * the parent writes `run N`, `stats` or `quit`; the worker answers one JSON line per command.
 * One process per (framework, backend, model) keeps peak-memory figures separate and lets the
 * parent interleave runs (A B A B) so background load hits every contestant alike.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface RunReply {
  readonly ms?: number[];
  /** CPU time of the worker process per step (mean over the run), which a busy machine disturbs less than wall-clock time. */
  readonly cpuMs?: number;
  readonly error?: string;
}

export interface StatsReply {
  readonly peakRssMb: number;
  readonly note?: string;
}

export class Worker {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: Array<(line: string) => void> = [];
  private readonly stderr: string[] = [];
  private exited = false;

  constructor(
    readonly label: string,
    command: string,
    args: string[],
    env?: NodeJS.ProcessEnv,
  ) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...(env ? { env } : {}) });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      if (!line.startsWith('{')) return; // library banners
      this.pending.shift()?.(line);
    });
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr.push(chunk.toString());
      if (this.stderr.length > 50) this.stderr.shift();
    });
    this.child.on('exit', () => {
      this.exited = true;
      const error = JSON.stringify({ error: `worker exited: ${this.stderr.join('').trim().split('\n').slice(-3).join(' | ')}` });
      while (this.pending.length > 0) this.pending.shift()!(error);
    });
  }

  private ask(command: string): Promise<string> {
    if (this.exited) return Promise.resolve(JSON.stringify({ error: `worker exited: ${this.stderr.join('').trim().split('\n').slice(-3).join(' | ')}` }));
    return new Promise((resolve) => {
      this.pending.push(resolve);
      this.child.stdin.write(`${command}\n`);
    });
  }

  async run(steps: number): Promise<RunReply> {
    return JSON.parse(await this.ask(`run ${steps}`)) as RunReply;
  }

  async stats(): Promise<StatsReply> {
    return JSON.parse(await this.ask('stats')) as StatsReply;
  }

  quit(): void {
    if (!this.exited) this.child.stdin.write('quit\n');
  }
}

/** Worker side: answer commands with `runSteps` (per-step milliseconds, plus the run's CPU time per step) and `stats`. */
export function serve(runSteps: (n: number) => number[], stats: () => StatsReply): void {
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const [cmd, arg] = line.trim().split(/\s+/);
    let reply: unknown;
    try {
      if (cmd === 'run') {
        const c0 = process.cpuUsage();
        const ms = runSteps(Number(arg));
        const c = process.cpuUsage(c0);
        reply = { ms, cpuMs: (c.user + c.system) / 1000 / Math.max(1, ms.length) };
      }
      else if (cmd === 'stats') reply = stats();
      else if (cmd === 'quit') {
        rl.close();
        process.exit(0);
      } else reply = { error: `unknown command ${line}` };
    } catch (err) {
      reply = { error: (err as Error).message.split('\n')[0] };
    }
    process.stdout.write(`${JSON.stringify(reply)}\n`);
  });
}
